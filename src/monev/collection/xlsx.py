"""A Bidang's format isian as an XLSX workbook: download, fill offline, upload (issue #5).

The layout and the checks are described in docs/form-workbook.md. The flow is

    export_form(submission) → bytes → parse_form(submission, file) → FormImport (errors, changes)
                                    → apply_form(form_import, actor=…)

`parse_form` never writes and checks everything at once; a workbook with any error is
refused whole. `apply_form` saves through `services.submission_save`, so the save is audited,
allowed only to the form's editors, and refused when the submission changed after the
download: the hidden "Meta" sheet carries the version the workbook was made from.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from monev.collection import selectors, services
from monev.collection.models import Submission
from monev.collection.xlsx_schema import (
    ANNUAL_TARGET,
    BEFORE,
    BUDGET_COLUMNS,
    BUDGET_SHEET,
    CODE,
    FORM_COLUMNS,
    FORM_SHEET,
    FORMAT_VERSION,
    HEADER_ROW,
    MAX_SIZE,
    META_SHEET,
    NARRATIVE_COLUMNS,
    NARRATIVE_LENGTH,
    NARRATIVE_SHEET,
    NARRATIVES,
    NO_DATA,
    NOTE,
    NOTE_LENGTH,
    PAGU,
    QUARTER_TARGET,
    REASON,
    REASON_LENGTH,
    SPENT,
    SPENT_BEFORE,
    TEXT,
    TOPIC,
    VALUE,
    YES,
    Column,
    RowReader,
    keyed_rows,
    missing_rows,
    read_table,
)
from monev.core import formats
from monev.core.files import read_upload
from monev.core.formats import EMPTY
from monev.core.xlsx import cell_value, number_format, workbook_bytes
from monev.domain.achievement import ytd_realization
from monev.domain.numbers import format_number
from monev.domain.periods import quarter_label, roman
from monev.planning import xlsx_schema as plan_schema
from monev.planning.xlsx_schema import ImportError_

AUDIT_NOTE = "Dari berkas XLSX format isian"
TITLE_FONT = Font(bold=True, size=13)
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", start_color="DDEBF7")
EDITABLE_FILL = PatternFill("solid", start_color="FFF2CC")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")


def plan_fingerprint(
    lines: list[selectors.IndicatorLine], budget_lines: list[selectors.BudgetLine]
) -> str:
    """Return a short hash of the Bidang's indicator and sub kegiatan codes: it changes when
    the plan gains, loses or renames a row of the form, and only then."""
    indicators = sorted(line.indicator.code for line in lines)
    nodes = sorted(line.node.code for line in budget_lines)
    text = "\n".join([*indicators, "--", *nodes])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def filename(submission: Submission) -> str:
    """Return e.g. "format-isian-BID-KOP-2026-TW-III.xlsx"."""
    cycle = submission.cycle
    return f"format-isian-{submission.unit.code}-{cycle.year}-TW-{roman(cycle.quarter)}.xlsx"


# --- Export -------------------------------------------------------------------------------------


def export_form(submission: Submission) -> bytes:
    """Return the submission's format isian as an XLSX workbook: sheets "Isian" (indicators),
    "Anggaran" (sub kegiatan budget), "Narasi" (the Bidang's narratives) and the hidden
    "Meta", pre-filled with what is stored. Editable cells are yellow and unlocked."""
    lines, budget_lines = selectors.form_rows(submission)
    book = Workbook()
    first = book.active
    assert isinstance(first, Worksheet)
    first.title = FORM_SHEET
    _write_indicators(first, submission, lines)
    _write_budget(book.create_sheet(BUDGET_SHEET), submission, budget_lines)
    _write_narratives(book.create_sheet(NARRATIVE_SHEET), submission)
    cycle = submission.cycle
    meta = book.create_sheet(META_SHEET)
    meta.append(["kunci", "nilai"])
    for pair in (
        ("format", FORMAT_VERSION),
        ("laporan", submission.pk),
        ("kode_unit", submission.unit.code),
        ("nama_unit", submission.unit.name),
        ("tahun", cycle.year),
        ("triwulan", cycle.quarter),
        ("versi", submission.version),
        ("sidik_rencana", plan_fingerprint(lines, budget_lines)),
        ("diunduh", formats.moment(timezone.now())),
    ):
        meta.append(list(pair))
    meta.sheet_state = "hidden"
    book.security = WorkbookProtection(lockStructure=True)  # no renamed or unhidden sheets
    return workbook_bytes(book)


def _start_sheet(
    sheet: Worksheet, submission: Submission, columns: tuple[Column, ...], title: str, hint: str
) -> None:
    """Write the lines naming the form (rows 1–5), the column titles (row 7), widths and the
    print setup (A4 landscape, one page wide, titles repeated on every page)."""
    cycle = submission.cycle
    agency = cycle.agency
    lines = [
        title,
        _("Instansi: %(agency)s") % {"agency": agency.name},
        _("Bidang/unit: %(unit)s") % {"unit": submission.unit.name},
        _("Tahun %(year)s, %(quarter)s")
        % {"year": cycle.year, "quarter": quarter_label(cycle.quarter)},
        hint,
    ]
    last = get_column_letter(len(columns))
    for number, text in enumerate(lines, start=1):
        sheet.cell(row=number, column=1, value=text)
        sheet.merge_cells(f"A{number}:{last}{number}")
    sheet["A1"].font = TITLE_FONT
    sheet["A5"].font = Font(italic=True)
    sheet["A5"].alignment = WRAP
    sheet.row_dimensions[5].height = 45
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=column.title)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = f"C{HEADER_ROW + 1}" if len(columns) > 2 else f"A{HEADER_ROW + 1}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    # Protected without a password: it guards against accidental edits, not against intent.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _write_row(
    sheet: Worksheet, columns: tuple[Column, ...], values: list[Any], formats: dict[Column, str]
) -> None:
    sheet.append([cell_value(v) for v in values])
    row = sheet.max_row
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=row, column=index)
        cell.alignment = WRAP if column.wrap else TOP
        if column in formats:
            cell.number_format = formats[column]
        if column.editable:
            cell.fill = EDITABLE_FILL
            cell.protection = Protection(locked=False)


def _write_indicators(
    sheet: Worksheet, submission: Submission, lines: list[selectors.IndicatorLine]
) -> None:
    quarter = submission.cycle.quarter
    hint = _(
        "Isi hanya sel berwarna kuning. Angka boleh diketik 1.234,5 atau 1234.5. Bila data "
        "belum tersedia, kosongkan realisasi, isi «ya» di kolom «Tidak ada data» dan tulis "
        "alasannya. Jangan mengubah judul kolom atau kode, dan jangan menghapus baris."
    )
    title = _("Format isian monitoring dan evaluasi kinerja — realisasi indikator")
    _start_sheet(sheet, submission, FORM_COLUMNS, title, hint)
    for line in lines:
        indicator, stored = line.indicator, line.realization
        previous = dict(enumerate(line.previous, start=1))
        before = ytd_realization(indicator.aggregation, previous, quarter - 1).value
        shown = number_format(indicator.decimals)
        _write_row(
            sheet,
            FORM_COLUMNS,
            [
                indicator.code,
                indicator.name,
                indicator.unit_of_measure,
                line.annual_target,
                line.quarter_target,
                before if quarter > 1 else None,
                stored.value if stored else None,
                YES if stored and stored.no_data else None,
                stored.no_data_reason if stored else None,
                stored.note if stored else None,
            ],
            {ANNUAL_TARGET: shown, QUARTER_TARGET: shown, BEFORE: shown, CODE: "@"},
        )
    if lines:
        letter = get_column_letter(FORM_COLUMNS.index(NO_DATA) + 1)
        # A warning, not a stop: the upload checks the value anyway, with a clear message.
        check = DataValidation(
            type="list", formula1=f'"{YES}"', allow_blank=True, errorStyle="warning"
        )
        check.error = _("Isi «ya» bila tidak ada data, atau kosongkan.")
        check.showErrorMessage = True
        check.add(f"{letter}{HEADER_ROW + 1}:{letter}{HEADER_ROW + len(lines)}")
        sheet.add_data_validation(check)


def _write_budget(
    sheet: Worksheet, submission: Submission, budget_lines: list[selectors.BudgetLine]
) -> None:
    hint = _(
        "Isi realisasi anggaran triwulan ini (Rp) di sel berwarna kuning; kosongkan bila belum "
        "ada. Jangan mengubah judul kolom atau kode, dan jangan menghapus baris."
    )
    title = _("Format isian monitoring dan evaluasi kinerja — realisasi anggaran sub kegiatan")
    _start_sheet(sheet, submission, BUDGET_COLUMNS, title, hint)
    rupiah = "#,##0"
    for line in budget_lines:
        _write_row(
            sheet,
            BUDGET_COLUMNS,
            [line.node.code, line.node.name, line.pagu, line.spent_before, line.amount],
            {PAGU: rupiah, SPENT_BEFORE: rupiah, SPENT: rupiah, CODE: "@"},
        )


def _write_narratives(sheet: Worksheet, submission: Submission) -> None:
    hint = _(
        "Tuliskan kendala, tindak lanjut, faktor pendorong, dan faktor penghambat Bidang pada "
        "triwulan ini di kolom «Isi». Jangan mengubah kolom «Uraian»."
    )
    title = _("Format isian monitoring dan evaluasi kinerja — narasi Bidang")
    _start_sheet(sheet, submission, NARRATIVE_COLUMNS, title, hint)
    for name, label in NARRATIVES.items():
        _write_row(sheet, NARRATIVE_COLUMNS, [label, getattr(submission, name)], {})
        sheet.row_dimensions[sheet.max_row].height = 75


# --- Parsing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One changed value: where (sheet, code or label, name), which column, before → after,
    both as the preview shows them."""

    sheet: str
    key: str
    name: str
    field: str
    before: str
    after: str


@dataclass
class FormImport:
    """The result of reading an uploaded workbook for a submission: its errors or, when there
    are none, the version it was made from and what would change (only changed rows are
    kept in `indicators`, `budgets` and `narratives`)."""

    submission: Submission
    errors: list[ImportError_] = field(default_factory=list)
    version: int | None = None
    indicators: dict[int, services.IndicatorInput] = field(default_factory=dict)
    budgets: dict[int, Decimal | None] = field(default_factory=dict)
    narratives: dict[str, str] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and self.version is not None

    @property
    def is_unchanged(self) -> bool:
        return not self.changes


def parse_form(submission: Submission, file: bytes | IO[bytes]) -> FormImport:
    """Return the workbook in `file` checked against `submission`, with every error found
    (sheet, Excel row and column of each), or the changes it proposes. Writes nothing.

    The file must be this submission's workbook (same Bidang, year and quarter), made from
    the plan and the version of the submission as they are now; the titles and the rows of
    every sheet must be as exported; numbers must be numbers.
    """
    result = FormImport(submission=submission)
    data = _read(file, result.errors)
    if data is None:
        return result
    book = plan_schema.open_workbook(data, result.errors)
    if book is None:
        return result
    lines, budget_lines = selectors.form_rows(submission)
    version = _check_meta(book, submission, plan_fingerprint(lines, budget_lines), result.errors)
    if version is None:
        return result
    proposal = _Proposal(submission, lines, budget_lines)
    proposal.read(book, result.errors)
    if not result.errors:
        result.version = version
        proposal.fill(result)
    return result


def _read(file: bytes | IO[bytes], errors: list[ImportError_]) -> bytes | None:
    size = len(file) if isinstance(file, bytes) else getattr(file, "size", None)
    if size is not None and size > MAX_SIZE:
        detail = _("Berkas terlalu besar (%(mb).1f MB); format isian paling besar %(max)d MB.")
        errors.append(ImportError_(None, None, None, detail % {"mb": size / 2**20, "max": 5}))
        return None
    if isinstance(file, bytes) or size == 0:
        return file if isinstance(file, bytes) else b""  # open_workbook names an empty file
    try:  # never more than the limit read, whatever the declared size said
        return read_upload(file, MAX_SIZE)
    except ValidationError as error:
        errors.append(ImportError_(None, None, None, error.messages[0]))
        return None


def _check_meta(
    book: Workbook, submission: Submission, fingerprint: str, errors: list[ImportError_]
) -> int | None:
    """Return the submission version the workbook was made from, or None after recording why
    the workbook does not belong to this submission as it is now."""
    meta = dict(plan_schema.iter_meta(book))
    cycle, unit = submission.cycle, submission.unit

    def number(key: str) -> int | None:
        value = plan_schema.to_decimal(meta.get(key))
        return int(value) if value is not None and value == int(value) else None

    def refuse(detail: str) -> None:
        errors.append(ImportError_(None, None, None, detail))

    if meta.get("format") != FORMAT_VERSION or number("versi") is None:
        refuse(
            _(
                "Berkas ini bukan format isian dari aplikasi (sheet «Meta» tidak ada atau "
                "diubah). Unduh format isian dari halaman laporan, isi berkas itu, lalu "
                "unggah lagi."
            )
        )
    elif str(meta.get("kode_unit") or "") != unit.code:
        refuse(
            _(
                "Berkas ini format isian %(other)s, bukan %(unit)s. Unggah berkas yang diunduh "
                "dari laporan %(unit)s."
            )
            % {"other": meta.get("nama_unit") or meta.get("kode_unit") or "-", "unit": unit.name}
        )
    elif (number("tahun"), number("triwulan")) != (cycle.year, cycle.quarter):
        quarter = number("triwulan")
        other = quarter_label(quarter) if quarter in (1, 2, 3, 4) else "?"
        refuse(
            _(
                "Berkas ini untuk %(other)s %(other_year)s, bukan %(quarter)s %(year)s. Unduh "
                "format isian triwulan ini dari halaman laporan."
            )
            % {
                "other": other,
                "other_year": number("tahun") or "?",
                "quarter": quarter_label(cycle.quarter),
                "year": cycle.year,
            }
        )
    elif number("laporan") != submission.pk:
        refuse(
            _("Berkas ini dibuat untuk laporan lain; unduh ulang format isian dari halaman ini.")
        )
    elif meta.get("sidik_rencana") != fingerprint:
        refuse(
            _(
                "Rencana Bidang (indikator atau sub kegiatan) berubah setelah berkas diunduh. "
                "Tidak ada yang disimpan. Unduh ulang format isian dan salin isian Anda ke berkas "
                "yang baru."
            )
        )
    elif number("versi") != submission.version:
        refuse(stale_message(submission, number("versi") or 0))
    else:
        return number("versi")
    return None


def stale_message(submission: Submission, file_version: int) -> str:
    """Return why a workbook made from an older version of the submission is refused."""
    return _(
        "Laporan ini sudah diubah setelah berkas diunduh (berkas dari versi %(file)s, sekarang "
        "versi %(now)s; terakhir disimpan oleh %(user)s pada %(time)s). Tidak ada yang "
        "disimpan. Unduh ulang format isian, salin isian Anda ke berkas yang baru, lalu unggah "
        "lagi."
    ) % {
        "file": file_version,
        "now": submission.version,
        "user": submission.updated_by.username if submission.updated_by else "-",
        "time": formats.moment(submission.updated_at),
    }


def _show_number(value: Decimal | None) -> str:
    if value is None:
        return EMPTY
    exponent = value.normalize().as_tuple().exponent
    return format_number(value, max(0, -exponent) if isinstance(exponent, int) else 0)


def _show_text(value: str) -> str:
    return value or EMPTY


class _Proposal:
    """Reads the three sheets into typed values, then compares them with what is stored."""

    def __init__(
        self,
        submission: Submission,
        lines: list[selectors.IndicatorLine],
        budget_lines: list[selectors.BudgetLine],
    ) -> None:
        self.submission = submission
        self.lines = {line.indicator.code: line for line in lines}
        self.budget_lines = {line.node.code: line for line in budget_lines}
        self.values: dict[str, services.IndicatorInput] = {}
        self.amounts: dict[str, Decimal | None] = {}
        self.texts: dict[str, str] = {}

    def read(self, book: Workbook, errors: list[ImportError_]) -> None:
        known = {code: line.indicator.name for code, line in self.lines.items()}
        rows = read_table(book, FORM_SHEET, FORM_COLUMNS, errors)
        if rows is not None:
            found = keyed_rows(rows, CODE, known, _("indikator"))
            errors += missing_rows(FORM_SHEET, found, known, _("indikator"))
            for code, row in found.items():
                self.values[code] = self._indicator(row)
        known = {code: line.node.name for code, line in self.budget_lines.items()}
        rows = read_table(book, BUDGET_SHEET, BUDGET_COLUMNS, errors)
        if rows is not None:
            found = keyed_rows(rows, CODE, known, _("sub kegiatan"))
            errors += missing_rows(BUDGET_SHEET, found, known, _("sub kegiatan"))
            for code, row in found.items():
                self.amounts[code] = row.number(SPENT, digits=plan_schema.MONEY)
        labels = {label: label for label in NARRATIVES.values()}
        rows = read_table(book, NARRATIVE_SHEET, NARRATIVE_COLUMNS, errors)
        if rows is not None:
            found = keyed_rows(rows, TOPIC, labels, _("uraian"))
            errors += missing_rows(NARRATIVE_SHEET, found, labels, _("uraian"))
            for label, row in found.items():
                self.texts[label] = row.text(TEXT, NARRATIVE_LENGTH).strip()

    def _indicator(self, row: RowReader) -> services.IndicatorInput:
        value = row.number(VALUE, digits=plan_schema.MEASURE)
        no_data = row.flag(NO_DATA)
        reason = row.text(REASON, REASON_LENGTH).strip()
        if no_data and value is not None:
            detail = _("isi realisasi atau «ya» di kolom «Tidak ada data», tidak keduanya.")
            row.fail(VALUE, detail)
        if reason and not no_data:
            detail = _("alasan hanya diisi bila kolom «Tidak ada data» berisi «ya».")
            row.fail(REASON, detail)
        note = row.text(NOTE, NOTE_LENGTH).strip()
        return services.IndicatorInput(value, no_data, reason if no_data else "", note)

    def fill(self, result: FormImport) -> None:
        """Put the changed rows and their changes (in sheet order) into `result`."""
        for code, line in self.lines.items():
            stored, given = line.realization, self.values[code]
            before = (
                services.IndicatorInput(
                    stored.value, stored.no_data, stored.no_data_reason, stored.note
                )
                if stored
                else services.IndicatorInput(None)
            )
            shown = [
                (VALUE, _show_number(before.value), _show_number(given.value)),
                (NO_DATA, YES if before.no_data else EMPTY, YES if given.no_data else EMPTY),
                (REASON, _show_text(before.no_data_reason), _show_text(given.no_data_reason)),
                (NOTE, _show_text(before.note), _show_text(given.note)),
            ]
            changed = [
                Change(FORM_SHEET, code, line.indicator.name, column.title, old, new)
                for column, old, new in shown
                if old != new
            ]
            if changed:
                result.indicators[line.indicator.pk] = given
                result.changes += changed
        for code, budget in self.budget_lines.items():
            amount = self.amounts[code]
            if amount != budget.amount:
                result.budgets[budget.node.pk] = amount
                result.changes.append(
                    Change(
                        BUDGET_SHEET,
                        code,
                        budget.node.name,
                        SPENT.title,
                        _show_number(budget.amount),
                        _show_number(amount),
                    )
                )
        for name, label in NARRATIVES.items():
            old, new = getattr(self.submission, name), self.texts[label]
            if old != new:
                result.narratives[name] = new
                result.changes.append(
                    Change(NARRATIVE_SHEET, label, "", TEXT.title, _show_text(old), _show_text(new))
                )


# --- Applying -----------------------------------------------------------------------------------


class FormImportRefused(ValueError):
    """apply_form was given an import with errors."""


class StaleWorkbook(services.StaleVersion):
    """The submission was saved after the workbook was downloaded."""


def apply_form(form_import: FormImport, *, actor: Any) -> Submission:
    """Save the workbook's changes as a draft of the form, all or nothing, audited.

    Raises FormImportRefused if the import has errors; StaleWorkbook if the submission was
    saved after the workbook was made; PermissionDenied or ValidationError (from the service)
    if `actor` may not change the form now. An unchanged workbook writes nothing.
    """
    if not form_import.ok or form_import.version is None:
        raise FormImportRefused(_("Berkas masih memiliki kesalahan; tidak ada yang disimpan."))
    submission = form_import.submission
    if form_import.is_unchanged:
        return submission
    try:
        return services.submission_save(
            actor=actor,
            submission=submission,
            version=form_import.version,
            indicators=form_import.indicators,
            budgets=form_import.budgets,
            narratives=form_import.narratives,
            note=AUDIT_NOTE,
        )
    except services.StaleVersion as stale:
        submission.refresh_from_db()
        message = stale_message(submission, form_import.version)
        raise StaleWorkbook(message, code="stale") from stale
