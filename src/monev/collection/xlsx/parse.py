"""Reading an uploaded format isian workbook against its submission: every error at once, or
the changes it proposes (docs/form-workbook.md). Writes nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook

from monev.collection import selectors, services
from monev.collection.models import Submission
from monev.collection.xlsx.export import plan_fingerprint
from monev.collection.xlsx.schema import (
    BUDGET_COLUMNS,
    BUDGET_SHEET,
    CODE,
    FORM_COLUMNS,
    FORM_SHEET,
    FORMAT_VERSION,
    MAX_SIZE,
    NARRATIVE_COLUMNS,
    NARRATIVE_LENGTH,
    NARRATIVE_SHEET,
    NARRATIVES,
    NO_DATA,
    NOTE,
    NOTE_LENGTH,
    REASON,
    REASON_LENGTH,
    SPENT,
    TEXT,
    TOPIC,
    VALUE,
    YES,
    RowReader,
    keyed_rows,
    missing_rows,
    read_table,
)
from monev.core import formats
from monev.core.files import read_upload
from monev.core.formats import EMPTY
from monev.domain.numbers import format_number
from monev.domain.periods import quarter_label
from monev.planning import xlsx_schema as plan_schema
from monev.planning.xlsx_schema import ImportError_


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
