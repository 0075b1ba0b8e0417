"""Simple bar charts drawn by hand: SVG for the PDF, PNG (Pillow) for the DOCX. The numbers
are always also printed in a table next to the chart."""

from __future__ import annotations

from decimal import Decimal
from html import escape
from io import BytesIO

from PIL import Image, ImageDraw, ImageFont

from monev.domain.numbers import format_number

BAR = "#2f6f9f"
REFERENCE = "#b03a2e"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _short(label: str, limit: int) -> str:
    """A bar label that fits: "Subbagian" shortened to "Subbag.", then cut with "…"."""
    label = label.replace("Subbagian ", "Subbag. ")
    return label if len(label) <= limit else label[: limit - 1].rstrip(" ,") + "…"


def _scale(bars: list[tuple[str, Decimal | None]], reference: Decimal | None) -> Decimal:
    values = [v for _l, v in bars if v is not None] + ([reference] if reference else [])
    top = max(values, default=Decimal(100))
    return max(top, Decimal(100))


def bar_svg(
    bars: list[tuple[str, Decimal | None]], reference: Decimal | None = None, width: int = 600
) -> str:
    """Return a horizontal bar chart as an SVG element (values in %)."""
    label_w, row_h, pad = 260, 26, 8
    plot_w = width - label_w - 60
    height = pad * 2 + row_h * max(len(bars), 1) + 16
    top = _scale(bars, reference)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans" font-size="10">'
    ]
    for i, (label, value) in enumerate(bars):
        y = pad + i * row_h
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 16}" text-anchor="end">'
            f"{escape(_short(label, 44))}</text>"
        )
        if value is not None:
            w = float(max(value, Decimal(0)) / top) * plot_w
            parts.append(
                f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" '
                f'fill="{BAR}"/>'
            )
            parts.append(
                f'<text x="{label_w + w + 4:.1f}" y="{y + 16}">{format_number(value)}</text>'
            )
    base_y = pad + row_h * len(bars)
    parts.append(f'<line x1="{label_w}" y1="{pad}" x2="{label_w}" y2="{base_y}" stroke="#333"/>')
    if reference is not None:
        x = label_w + float(reference / top) * plot_w
        parts.append(
            f'<line x1="{x:.1f}" y1="{pad}" x2="{x:.1f}" y2="{base_y}" stroke="{REFERENCE}" '
            f'stroke-dasharray="4 3"/>'
            f'<text x="{x:.1f}" y="{base_y + 12}" text-anchor="middle" fill="{REFERENCE}">'
            f"{format_number(reference, 0)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def bar_png(
    bars: list[tuple[str, Decimal | None]], reference: Decimal | None = None, width: int = 1200
) -> bytes:
    """Return the same chart as a PNG (for the DOCX), drawn with Pillow at 2× scale."""
    label_w, row_h, pad = 560, 64, 20
    plot_w = width - label_w - 150
    height = pad * 2 + row_h * max(len(bars), 1) + 40
    top = _scale(bars, reference)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 24)
    for i, (label, value) in enumerate(bars):
        y = pad + i * row_h
        text = _short(label, 40)
        tw = draw.textlength(text, font=font)
        draw.text((label_w - 12 - tw, y + 18), text, fill="black", font=font)
        if value is not None:
            w = float(max(value, Decimal(0)) / top) * plot_w
            draw.rectangle((label_w, y + 10, label_w + w, y + row_h - 10), fill=BAR)
            draw.text((label_w + w + 8, y + 18), format_number(value), fill="black", font=font)
    base_y = pad + row_h * len(bars)
    draw.line((label_w, pad, label_w, base_y), fill="#333333", width=2)
    if reference is not None:
        x = label_w + float(reference / top) * plot_w
        for y0 in range(pad, base_y, 14):
            draw.line((x, y0, x, min(y0 + 8, base_y)), fill=REFERENCE, width=2)
        draw.text((x - 14, base_y + 6), format_number(reference, 0), fill=REFERENCE, font=font)
    out = BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
