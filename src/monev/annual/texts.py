"""The words of the Perjanjian Kinerja, shared by its PDF and DOCX (PermenPANRB 53/2014's
format). Indonesian documents: printed in Indonesian whatever the language of the page."""

from __future__ import annotations

from decimal import Decimal

from monev.annual.snapshot import PkSnapshot, Row
from monev.core.formats import EMPTY, document_day
from monev.domain.numbers import format_number
from monev.domain.periods import roman

OPENING = (
    "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan, dan akuntabel "
    "serta berorientasi pada hasil, kami yang bertanda tangan di bawah ini:"
)


def title(snap: PkSnapshot) -> str:
    return f"PERJANJIAN KINERJA TAHUN {snap.year}"


def subtitle(snap: PkSnapshot) -> str:
    """The party the agreement is of: the agency, or the Bidang of the agency."""
    if snap.is_head:
        return snap.agency_name.upper()
    return f"{snap.unit_name.upper()}\n{snap.agency_name.upper()}"


def first_party_line() -> str:
    return "selanjutnya disebut pihak pertama."


def second_party_line() -> str:
    return "selaku atasan pihak pertama, selanjutnya disebut pihak kedua."


def promises() -> list[str]:
    return [
        "Pihak pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai "
        "lampiran perjanjian ini, dalam rangka mencapai target kinerja jangka menengah seperti "
        "yang telah ditetapkan dalam dokumen perencanaan. Keberhasilan dan kegagalan "
        "pencapaian target kinerja tersebut menjadi tanggung jawab kami.",
        "Pihak kedua akan melakukan supervisi yang diperlukan serta akan melakukan evaluasi "
        "terhadap capaian kinerja dari perjanjian ini dan mengambil tindakan yang diperlukan "
        "dalam rangka pemberian penghargaan dan sanksi.",
    ]


def place_date(snap: PkSnapshot) -> str:
    return f"{snap.letterhead.city}, {document_day(snap.dated)}"


def value(raw: str | None, decimals: int) -> str:
    """A target as printed: Indonesian marks, the indicator's decimal places; "–" for none."""
    if raw is None:
        return EMPTY
    return format_number(Decimal(raw), decimals)


def money(raw: str | Decimal) -> str:
    return format_number(Decimal(raw), 0)


def dotted(name: str) -> str:
    """A name to print, or the dotted line to write it on by hand."""
    return name or "(..............................)"


TARGET_HEADERS = ["No", "Sasaran Strategis", "Indikator Kinerja", "Satuan", "Target"]
PROGRAM_HEADERS = ["No", "Program", "Anggaran (Rp)"]
PLAN_HEADERS = ["No", "Indikator Kinerja", "Satuan", "Target Tahunan"] + [
    f"TW {roman(q)}" for q in (1, 2, 3, 4)
]


def sasaran_groups(rows: list[Row]) -> list[tuple[str, list[Row]]]:
    """Consecutive rows of the same sasaran, in order (the table spans the sasaran's cell)."""
    groups: list[tuple[str, list[Row]]] = []
    for row in rows:
        if groups and groups[-1][0] == row.sasaran:
            groups[-1][1].append(row)
        else:
            groups.append((row.sasaran, [row]))
    return groups


def footer(snap: PkSnapshot) -> str:
    return (
        f"Perjanjian Kinerja {snap.year} · versi {snap.version} · tahap rencana: {snap.stage_label}"
    )
