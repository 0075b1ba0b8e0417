"""The archived data as a workbook: a snapshot (never the ORM) → XLSX bytes, embedded in the
archive PDF/A-3 as its "Data" file. The same snapshot gives the same bytes: the workbook's
created/modified properties and every zip member's date are pinned to the snapshot's date."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Font

from monev.core import formats
from monev.core.xlsx import cell_value, number_format, workbook_bytes
from monev.domain.periods import roman
from monev.planning.choices import Level
from monev.reports.document import CARRIED_HEADING, choice_label, file_size, quarters_text
from monev.reports.snapshot import Snapshot

BOLD = Font(bold=True)


def _sheet(book: Workbook, title: str, headers: list[str], rows: list[list[Any]]) -> None:
    sheet = book.create_sheet(title)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = BOLD
    for row in rows:
        sheet.append([cell_value(v) for v in row])
    for row_cells in sheet.iter_rows(min_row=2):
        for cell in row_cells:
            if isinstance(cell.value, Decimal | int | float) and not isinstance(cell.value, bool):
                cell.number_format = number_format(2)
    sheet.freeze_panes = "A2"


def _pinned(data: bytes, at: datetime) -> bytes:
    """Return the zip `data` rewritten with every member dated `at` (reproducible bytes)."""
    stamp = (max(at.year, 1980), at.month, at.day, at.hour, at.minute, at.second)
    out = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            body = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" at save
                body = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + at.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>",
                    body,
                )
            target.writestr(member, body)
    return out.getvalue()


def _level(code: str) -> str:
    """The E.81 row's level as a reader names it ("Sub Kegiatan", not "sub_kegiatan")."""
    labels = dict(Level.choices)
    return str(labels[code]) if code in labels else code.replace("_", " ").capitalize()


def _iso(day: date | None) -> str:
    """A due date as the workbook has always held it (ISO text, as schema 1–2 froze it), so
    an archive sealed again from an older snapshot keeps its bytes."""
    return day.isoformat() if day else ""


def _rating(code: str) -> str:
    return formats.document_rating(code) if code else ""


def snapshot_xlsx(snap: Snapshot) -> bytes:
    """Return the snapshot's data as XLSX — indicators, Bidang, programs, Formulir E.81,
    findings with their recommendations, and the evidence files — in labels as the report
    prints them ("Sangat Tinggi", "Sub Kegiatan"), never the stored codes; in Indonesian
    whatever the language of the request that seals it."""
    with translation.override("id"):
        return _workbook(snap)


def _workbook(snap: Snapshot) -> bytes:
    book = Workbook()
    book.remove(book.active)
    _sheet(
        book,
        "Indikator",
        ["Kode", "Indikator", "Bidang", "Satuan", "IKU", "Target", "Realisasi", "Capaian (%)",
         "Predikat", "Target tahunan", "Proyeksi", "Berisiko"],
        [
            [i.code, i.name, i.unit_name, i.unit_of_measure, "ya" if i.is_iku else "tidak",
             i.target, i.realization, i.achievement, _rating(i.rating), i.annual_target,
             i.projection,
             "ya" if i.at_risk else "tidak"]
            for i in snap.indicators
        ],
    )  # fmt: skip
    for title, groups in (("Bidang", snap.units), ("Program", snap.programs)):
        _sheet(
            book,
            title,
            ["Kode", "Nama", "Rata-rata capaian (%)", "Predikat", "Pagu (Rp)", "Realisasi (Rp)",
             "Serapan (%)", "Indikator berisiko"],
            [
                [g.code, g.name, g.summary.mean, _rating(g.summary.rating), g.pagu, g.spent,
                 g.absorption, g.at_risk]
                for g in groups
            ],
        )  # fmt: skip
    columns = snap.e81.columns
    _sheet(
        book,
        "E.81",
        ["Tingkat", "Kode", "Uraian", "Satuan", "Bidang"]
        + [f"{c} {part}" for c in columns for part in ("K", "Rp")],
        [
            [_level(r.level), r.code, r.name, r.unit_of_measure, r.unit]
            + [v for c in columns for v in (r.cells.get(c) or [None, None])]
            for r in snap.e81.rows
        ],
    )
    findings: list[list[Any]] = []
    for v in snap.monitoring.visits:
        for f in v.findings:
            for r in f.recommendations or [None]:  # type: ignore[list-item]
                findings.append(
                    [v.unit_name, f"TW {roman(snap.quarter)} {snap.year}", f.text,
                     choice_label(f.category), f.indicator_code, f.indicator_name,
                     "ya" if f.disputed else "tidak", f.dispute_reason,
                     r.text if r else "", choice_label(r.status) if r else "",
                     r.follow_up if r else "", _iso(r.due) if r else ""]
                )  # fmt: skip
    for c in snap.monitoring.carried:
        f, r = c.finding, c.recommendation
        findings.append(
            [c.unit_name, f"TW {roman(c.quarter)} {c.year} ({CARRIED_HEADING.lower()})", f.text,
             choice_label(f.category), f.indicator_code, f.indicator_name,
             "ya" if f.disputed else "tidak", f.dispute_reason, r.text, choice_label(r.status),
             r.follow_up, _iso(r.due)]
        )  # fmt: skip
    _sheet(
        book,
        "Temuan",
        ["Bidang", "Triwulan temuan", "Temuan", "Kategori", "Kode indikator", "Indikator",
         "Dibantah", "Alasan bantahan", "Rekomendasi", "Status (SIPTL)", "Tindak lanjut",
         "Batas waktu"],
        findings,
    )  # fmt: skip
    _sheet(
        book,
        "Bukti dukung",
        ["Indikator", "Bidang", "Nama berkas", "Jenis", "Triwulan", "Ukuran", "Ukuran (bita)",
         "SHA-256"],
        [
            [e.indicator_code, e.unit_name, e.name, e.kind.upper(),
             quarters_text(e.quarters or ([e.quarter] if e.quarter else [])),
             file_size(e.size), e.size, e.sha256]
            for e in snap.evidence
        ],
    )  # fmt: skip
    at = datetime.fromisoformat(snap.frozen_at).replace(tzinfo=None, microsecond=0)
    book.properties.created = at
    book.properties.modified = at
    book.properties.creator = "Monev Kinerja"
    book.properties.lastModifiedBy = "Monev Kinerja"
    return _pinned(workbook_bytes(book), at)
