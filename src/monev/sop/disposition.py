"""The Lembar Disposisi of a cycle, generated from the Sekretaris' disposition when the cycle
was opened (who, when, what): the classic Indonesian disposition sheet under the agency's
letterhead — from, date, subject, to whom it goes, what is asked, the note, the signature."""

from __future__ import annotations

from datetime import UTC, datetime

from django.utils import timezone

from monev.core.formats import document_day
from monev.core.typeset import LETTER, agency_letterhead, array, compile_pdf, lit
from monev.domain.nip import display_nip
from monev.domain.periods import roman
from monev.sop import selectors
from monev.sop.models import Cycle

#: The sheet carries no date of its own in the file: one cycle, the same bytes.
FILE_DATE = datetime(2000, 1, 1, tzinfo=UTC)

#: What the sheet asks of the addressee; the first is ticked (the cycle's step 1 follows).
REQUESTS = (
    "Tindak lanjuti / proses lebih lanjut",
    "Siapkan bahan",
    "Koordinasikan / konfirmasikan",
    "Tanggapan dan saran",
    "Untuk diketahui",
)


TITLE = "LEMBAR DISPOSISI"
#: The sheet's own parts: a label over its value, a row at least so high (room to write),
#: the requests each with a drawn box, the first ticked.
SHEET = """
#let pair(label, value) = [#label \\ #strong(value)]
#let at-least(height, body) = grid(columns: (0pt, 1fr), box(height: height), body)
#let checklist(items) = grid(columns: (4mm, 1fr), column-gutter: 2mm, row-gutter: 1.5mm,
  ..items.enumerate().map(((n, text)) => (
    box(width: 4mm, height: 4mm, stroke: 0.6pt, align(center + horizon, if n == 0 { "X" })),
    text)).flatten())
"""


def render_disposition_pdf(cycle: Cycle) -> bytes:
    """Return the cycle's Lembar Disposisi as an A4 portrait PDF."""
    agency = cycle.agency
    opened = timezone.localtime(cycle.opened_at)
    sender = cycle.opened_by
    official = getattr(sender, "official", None) if sender else None
    first = cycle.runs.filter(number=1).order_by("round").first()
    holders = selectors.holders_of(first) if first else []
    role = first.step.get_actor_display() if first else "Kasubag Program"
    # "Pelaksanaan Monitoring/Evaluasi … Triwulan III 2026", "Pelaksanaan Penyusunan Laporan
    # Kinerja Tahunan Tahun 2026": the SOP's own name and the cycle's period.
    subject = f"Pelaksanaan {cycle.definition.name} {cycle.period_label}"
    agenda = "/".join(
        filter(
            None, ["SOP", str(cycle.year), f"TW-{roman(cycle.quarter)}" if cycle.quarter else ""]
        )
    )
    addressees = [f"{role}"] + [f"Sdr. {h.full_name}" for h in holders]
    position = official.position if official else "Sekretaris"
    received = f"{document_day(opened.date())} {opened:%H.%M} {opened.tzname() or ''}"
    to_whom = "".join(f" \\ #{lit(f'{n}. {text}')}" for n, text in enumerate(addressees, 1))
    nip = f" \\ #{lit('NIP. ' + display_nip(official.nip))}" if official and official.nip else ""
    files: dict[str, bytes] = {}
    markup = (
        f"#set document(title: {lit(f'Lembar Disposisi {cycle.title}')}, "
        f"author: {lit(agency.name)})\n"
        '#set page(paper: "a4", margin: (x: 20mm, top: 12mm, bottom: 15mm))\n'
        f"{LETTER}{SHEET}#set text(size: 10pt)\n"
        + agency_letterhead(agency, files)
        + f'#v(4mm)\n#align(center, text(size: 13pt, weight: "bold", {lit(TITLE)}))\n'
        "#v(3mm)\n"
        "#table(columns: (1fr, 1fr), stroke: 0.6pt, inset: 5pt,\n"
        f"  [#pair({lit('Surat dari')}, {lit(position)}) \\ "
        f"#pair({lit('Tanggal')}, {lit(document_day(opened.date()))})],\n"
        f"  [#pair({lit('Diterima tanggal')}, {lit(received)}) \\ "
        f"#pair({lit('No. Agenda')}, {lit(agenda)}) \\ "
        f"#pair({lit('Sifat')}, {lit('Biasa')})],\n"
        f"  table.cell(colspan: 2)[#strong({lit('Hal:')}) \\ #{lit(subject)}],\n"
        f"  at-least(45mm, [#strong({lit('Diteruskan kepada Sdr.:')}){to_whom}]),\n"
        f"  [#strong({lit('Dengan hormat harap:')}) #v(1mm) #checklist({array(list(REQUESTS))})],\n"
        f"  table.cell(colspan: 2)[#strong({lit('Isi disposisi / catatan:')}) \\ "
        f"#at-least(45mm, {lit(cycle.disposition)})],\n"
        ")\n"
        "#v(8mm)\n"
        "#grid(columns: (1fr, 1fr), [], align(center)["
        f"#{lit(f'{agency.city}, {document_day(opened.date())}')} \\ #{lit(position + ',')}"
        f" #v(18mm) #underline(strong({lit(sender.full_name if sender else '–')})){nip}])\n"
    )
    return compile_pdf(markup, files=files, created=FILE_DATE)
