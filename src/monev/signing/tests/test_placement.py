"""Where the visible signature goes (`appearance.placement`): above the signatory's name in the
block the renderer bookmarked as a signature block (`core.typeset.signature_mark`), even when
the name is printed on another page first; in a file without the mark, the first page showing
the name in its right half."""

from __future__ import annotations

from datetime import UTC, datetime

from monev.core.typeset import SIGNATURE_MARK, compile_pdf, signature_mark
from monev.signing import appearance

NAME = "Dr. BUDI SANTOSO, M.Si."


def _pdf(*, marked: bool) -> bytes:
    block = (
        f"#pad(left: 50%)[{signature_mark() if marked else ''}Kepala Dinas Uji, \\\n"
        f"#v(22mm) *{NAME}*]\n"
    )
    markup = (
        f"#pad(left: 50%)[Disampaikan kepada *{NAME}*]\n#pagebreak()\nIsi laporan.\n"
        f"#pagebreak()\n{block}#pagebreak()\nLampiran.\n"
    )
    return compile_pdf(markup, created=datetime(2026, 12, 7, tzinfo=UTC))


def test_the_marked_block_is_where_the_signature_goes() -> None:
    from io import BytesIO

    from pypdf import PdfReader

    pdf = _pdf(marked=True)
    reader = PdfReader(BytesIO(pdf))
    assert [str(o.title) for o in reader.outline] == [SIGNATURE_MARK]
    assert SIGNATURE_MARK not in reader.pages[2].extract_text()  # a bookmark, nothing printed
    place = appearance.placement(pdf, NAME)
    assert place.page == 2
    x1, y1, _x2, y2 = place.box
    assert x1 > float(reader.pages[2].mediabox.width) * 0.4 and y2 > y1


def test_without_the_mark_the_first_page_showing_the_name_is_taken() -> None:
    assert appearance.placement(_pdf(marked=False), NAME).page == 0


def test_a_name_printed_nowhere_goes_to_the_lower_right_of_the_last_page() -> None:
    place = appearance.placement(_pdf(marked=True), "NAMA LAIN")
    assert place.page == 3
