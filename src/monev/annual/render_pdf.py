"""Render a Perjanjian Kinerja snapshot as an A4 PDF with Typst (decision 0025): the
agreement with both parties' signature blocks, then its table of sasaran, indicators and
targets and of programs and their budget, then the rencana aksi (quarterly targets) as its
lampiran. No ORM here (the agency's logo bytes are passed in)."""

from __future__ import annotations

from datetime import UTC, datetime

from monev.annual import texts
from monev.annual.snapshot import Party, PkSnapshot
from monev.core.typeset import (
    LETTER,
    array,
    compile_pdf,
    contact_line,
    fractions,
    letterhead,
    lit,
    signature_mark,
)

#: The document carries no date of its own in the file: one snapshot, the same bytes.
FILE_DATE = datetime(2000, 1, 1, tzinfo=UTC)

#: The PK's own parts: a signature block with the pangkat line, a party's identity table.
PARTS = """
#let names(name, pangkat, nip) = {
  if name == "" { "(..............................)" } else { underline(strong(name)) }
  if pangkat != "" { linebreak(); pangkat }
  if nip != "" { linebreak(); "NIP. " + nip }
}
#let who(name, position) = grid(columns: (22mm, 4mm, 1fr), row-gutter: 1.2mm,
  "Nama", ":", name, "Jabatan", ":", position)
// both parties side by side, their rows aligned: place and date, the party and jabatan,
// room to sign, the name, pangkat and NIP
#let signatures(city-date, second, first) = block(breakable: false, grid(
  columns: (1fr, 1fr), column-gutter: 8mm, row-gutter: 1mm, align: center + top,
  [], city-date,
  second.at(0), first.at(0),
  grid.cell(colspan: 2, v(20mm)),
  second.at(1), first.at(1)))
"""


def _party(party: Party, role: str) -> str:
    """A party as `signatures` takes it: (heading lines, name lines)."""
    return (
        f"([#{lit(role)} \\ #{lit(party.position + ',')}], "
        f"names({lit(party.name)}, {lit(party.pangkat)}, {lit(party.nip)}))"
    )


def _signatures(snap: PkSnapshot) -> str:
    second = _party(snap.second, "PIHAK KEDUA,")
    first = _party(snap.first, "PIHAK PERTAMA,")
    return (
        f"#v(8mm)\n#block(breakable: false)[{signature_mark()}"
        f"#signatures({lit(texts.place_date(snap))}, {second}, {first})]\n"
    )


def _heading(snap: PkSnapshot) -> str:
    lines = [texts.title(snap), *texts.subtitle(snap).split("\n")]
    return (
        "#align(center, block(below: 4mm, {"
        + "".join(f'text(size: 11pt, weight: "bold", {lit(line)}); linebreak(); ' for line in lines)
        + "}))\n"
    )


def _targets(snap: PkSnapshot) -> str:
    return (
        "#{\n  set text(size: 8.5pt)\n"
        "  table(columns: (8mm, 1fr, 1.3fr, 22mm, 24mm), stroke: 0.5pt, "
        "inset: (x: 3pt, y: 3pt), align: left + top,\n"
        '    fill: (x, y) => if y == 0 { rgb("#e8eef5") },\n'
        f"    table.header(..{array(texts.TARGET_HEADERS)}.map(h => align(center, strong(h)))),\n"
        + _ordered_target_cells(snap)
        + "  )\n}\n"
    )


def _ordered_target_cells(snap: PkSnapshot) -> str:
    """The cells in reading order: number, (sasaran once per group), indicator, unit, target."""
    out: list[str] = []
    number = 0
    for sasaran, rows in texts.sasaran_groups(snap.rows):
        for i, row in enumerate(rows):
            number += 1
            out.append(f"align(center, {lit(str(number))})")
            if i == 0:
                out.append(f"table.cell(rowspan: {len(rows)}, {lit(sasaran)})")
            out.append(lit(row.indicator))
            out.append(f"align(center, {lit(row.unit_of_measure)})")
            out.append(f"align(right, {lit(texts.value(row.target, row.decimals))})")
    if not out:
        out.append(f"table.cell(colspan: 5, {lit('Belum ada indikator.')})")
    return "".join(f"    {cell},\n" for cell in out)


def _programs(snap: PkSnapshot) -> str:
    out: list[str] = []
    for n, program in enumerate(snap.programs, 1):
        out += [
            f"align(center, {lit(str(n))})",
            lit(f"{program.code} {program.name}"),
            f"align(right, {lit(texts.money(program.pagu))})",
        ]
    out += [
        f"table.cell(colspan: 2, align(right, strong({lit('Jumlah')})))",
        f"align(right, strong({lit(texts.money(snap.total_pagu))}))",
    ]
    return (
        "#{\n  set text(size: 8.5pt)\n"
        "  table(columns: (8mm, 1fr, 38mm), stroke: 0.5pt, inset: (x: 3pt, y: 3pt), "
        "align: left + top,\n"
        '    fill: (x, y) => if y == 0 { rgb("#e8eef5") },\n'
        f"    table.header(..{array(texts.PROGRAM_HEADERS)}.map(h => align(center, strong(h)))),\n"
        + "".join(f"    {cell},\n" for cell in out)
        + "  )\n}\n"
    )


def _action_plan(snap: PkSnapshot) -> str:
    cells: list[str] = []
    for n, row in enumerate(snap.rows, 1):
        cells += [
            f"align(center, {lit(str(n))})",
            lit(row.indicator),
            f"align(center, {lit(row.unit_of_measure)})",
            f"align(right, {lit(texts.value(row.target, row.decimals))})",
        ] + [f"align(right, {lit(texts.value(q, row.decimals))})" for q in row.quarters]
    return (
        f"#ruled({fractions((0.05, 0.39, 0.12, 0.12, 0.08, 0.08, 0.08, 0.08))}, "
        f"{array(texts.PLAN_HEADERS)},\n" + ",\n".join(cells) + ")\n"
    )


def render_pdf(snap: PkSnapshot, *, logo: bytes = b"") -> bytes:
    """Return the PK as an A4 portrait PDF."""
    files: dict[str, bytes] = {}
    kop = snap.letterhead
    contact = contact_line(kop.address, kop.phone, kop.email)
    head = letterhead(
        government=kop.government, agency=kop.agency, lines=list(kop.lines), contact=contact,
        logo=logo, files=files,
    )  # fmt: skip
    promises = "".join(f"#par(justify: true, {lit(text)})\n" for text in texts.promises())
    name = f"{texts.title(snap)} {snap.unit_name or snap.agency_name}"
    first, second = snap.first, snap.second
    markup = (
        f"#set document(title: {lit(name)}, "
        f"author: {lit(snap.agency_name)})\n"
        f"{LETTER}{PARTS}"
        '#set page(paper: "a4", margin: (x: 20mm, top: 12mm, bottom: 18mm), '
        f"footer: align(right, text(size: 7pt, fill: gray, {lit(texts.footer(snap))})))\n"
        "#set text(size: 10pt)\n"
        + head
        + _heading(snap)
        + f"#par(justify: true, {lit(texts.OPENING)})\n"
        + f"#pad(left: 6mm, who({lit(texts.dotted(first.name))}, {lit(first.position)}))\n"
        + f"#par({lit(texts.first_party_line())})\n"
        + f"#pad(left: 6mm, who({lit(texts.dotted(second.name))}, {lit(second.position)}))\n"
        + f"#par(justify: true, {lit(texts.second_party_line())})\n"
        + promises
        + _signatures(snap)
        + "#pagebreak()\n"
        + _heading(snap)
        + _targets(snap)
        + "#v(4mm)\n"
        + _programs(snap)
        + _signatures(snap)
        + "#pagebreak()\n"
        + f"#title({lit('LAMPIRAN: RENCANA AKSI ' + texts.title(snap))})\n"
        + f"#align(center, text(size: 9.5pt, {lit(texts.subtitle(snap))}))\n#v(2mm)\n"
        + _action_plan(snap)
    )
    return compile_pdf(markup, files=files, created=FILE_DATE)
