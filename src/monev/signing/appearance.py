"""The visible signature (the Kepala Dinas' pengesahan): a picture put into the blank space of
the document's signature block — the QR code to our verification page, "Ditandatangani secara
elektronik", name, jabatan, pangkat/golongan, NIP, the date and what signed it — and where that
space is on the page. The picture is a PNG because BSrE takes the visible signature's image as
`imageBase64`; the agency seal uses the same picture. Found by the text of the page (pypdf),
not by the renderer's internals, so any PDF engine's output works."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from typing import Any

import segno
from PIL import Image, ImageDraw, ImageFont

from monev.signing.pades import Placement

log = logging.getLogger(__name__)

MM = 72 / 25.4  # PDF points per millimetre
WIDTH_MM, HEIGHT_MM = 80, 21
DPI = 300
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


@dataclass(frozen=True)
class Block:
    """What the visible signature states."""

    name: str
    jabatan: str  # headed Plt./Plh. for an acting head
    pangkat: str
    nip: str  # as printed ("NIP. 1970…")
    date: str  # the signing day, written out
    provider_line: str  # "Sertifikat elektronik BSrE – BSSN" or "Segel elektronik instansi"
    verify_url: str


def _font(path: str, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(path, size)
    except OSError:  # pragma: no cover - a machine without DejaVu
        return ImageFont.load_default()


def image(block: Block) -> bytes:
    """The signature's picture (PNG, RGB, no transparency: PDF/A-safe), 80 × 21 mm at 300 dpi."""
    px = lambda mm: round(mm / 25.4 * DPI)  # noqa: E731
    width, height = px(WIDTH_MM), px(HEIGHT_MM)
    picture = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(picture)
    draw.rectangle([0, 0, width - 1, height - 1], outline=(30, 70, 140), width=3)
    qr = segno.make(block.verify_url, error="m")
    side = height - 2 * px(1.2)
    scale = max(1, side // qr.symbol_size(border=1)[0])
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=scale, border=1)
    code = Image.open(buffer).convert("RGB").resize((side, side), Image.Resampling.NEAREST)
    picture.paste(code, (px(1.2), px(1.2)))
    x = side + px(3)
    small, bold = _font(FONT, 22), _font(FONT_BOLD, 24)
    lines = [
        (_font(FONT_BOLD, 23), "Ditandatangani secara elektronik", (30, 70, 140)),
        (bold, block.name, (0, 0, 0)),
        (small, block.jabatan, (0, 0, 0)),
        (small, block.pangkat, (0, 0, 0)),
        (small, block.nip, (0, 0, 0)),
        (small, block.date, (0, 0, 0)),
        (_font(FONT, 20), block.provider_line, (90, 90, 90)),
    ]
    y = px(1.0)
    step = (height - 2 * px(1.0)) // len(lines)
    for font, text, colour in lines:
        if text:
            draw.text((x, y), _fit(draw, text, font, width - x - px(1.5)), font=font, fill=colour)
        y += step
    out = io.BytesIO()
    picture.save(out, format="PNG", dpi=(DPI, DPI))
    return out.getvalue()


def _fit(draw: ImageDraw.ImageDraw, text: str, font: object, room: int) -> str:
    while text and draw.textlength(text, font=font) > room:  # type: ignore[arg-type]
        text = text[:-2] + "…"
    return text


def _marked_pages(reader: Any) -> list[int]:
    """The pages of the bookmarks titled `SIGNATURE_MARK`, in the document's order."""
    from monev.core.typeset import SIGNATURE_MARK

    pages: list[int] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            elif str(item.get("/Title", "")) == SIGNATURE_MARK:
                page = reader.get_destination_page_number(item)
                if page is not None and page >= 0 and page not in pages:
                    pages.append(page)

    try:
        walk(reader.outline)
    except Exception:  # pragma: no cover - an unreadable outline: read every page
        log.info("outline not readable for the signature's place")
        return []
    return sorted(pages)


def _name_on(page: Any, index: int, wanted: str) -> Placement | None:
    """The signature's box above `wanted` printed in the right half of `page`, if it is."""
    width = float(page.mediabox.width)
    hits: list[tuple[float, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if wanted and wanted in " ".join(text.split()):
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if x > width * 0.4:
                hits.append((x, y, float(size) * abs(tm[3] or 1) * abs(cm[3] or 1)))

    try:
        page.extract_text(visitor_text=visit)
    except Exception:  # pragma: no cover - an unreadable page is skipped
        log.info("page %s: text not readable for the signature's place", index)
        return None
    if not hits:
        return None
    x, y, size = hits[0]
    x1 = max(10.0, min(x - 2 * MM, width - WIDTH_MM * MM - 8))
    y1 = y + max(size, 8.0) + 0.5 * MM
    return Placement(index, (x1, y1, x1 + WIDTH_MM * MM, y1 + HEIGHT_MM * MM))


def placement(pdf: bytes, name: str) -> Placement:
    """The box of the visible signature: the blank space above the signatory's name in the
    signature block (the name printed in the right half of a page), 80 × 21 mm; when the
    name is not found, the lower right of the last page."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    wanted = " ".join(name.split())
    # The pages bookmarked as a signature block (`core.typeset.signature_mark`) first; only a
    # file without the mark (rendered before it) is read page by page (~0.06 s a page).
    marked = _marked_pages(reader)
    rest = [i for i in range(len(reader.pages)) if i not in marked]
    for index in marked + rest:
        found = _name_on(reader.pages[index], index, wanted)
        if found is not None:
            return found
    last = len(reader.pages) - 1
    width = float(reader.pages[last].mediabox.width)
    x1 = width - (WIDTH_MM + 20) * MM
    return Placement(last, (x1, 40 * MM, x1 + WIDTH_MM * MM, 40 * MM + HEIGHT_MM * MM))
