"""The plan workbook: export, template, round trips, the preview diff, applying, bad files.

Every workbook here is real XLSX bytes opened with openpyxl; a bad workbook is an exported
one edited cell by cell, as a user would in Excel.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from monev.collection.models import Realization
from monev.core.models import AuditEntry
from monev.organization.models import Unit
from monev.planning.models import Budget, Indicator, PlanNode, RenstraPeriod, Target
from monev.planning.xlsx import (
    PlanImport,
    PlanImportRefused,
    apply_plan,
    export_plan,
    export_template,
    parse_plan,
)

pytestmark = pytest.mark.django_db

DATA_SHEETS = [
    "Tujuan",
    "Sasaran",
    "Program",
    "Kegiatan",
    "SubKegiatan",
    "Indikator",
    "Target",
    "Anggaran",
]
SUB = "2.17.03.2.01.0004"
IKU, NEG, OUT = "IK.S1.1.01", "IK.S1.1.02", "IK.2.17.03.2.01.0004.01"


@pytest.fixture
def plan(demo_org: Any) -> RenstraPeriod:
    """Renstra 2025–2029: tujuan → sasaran → 2.17.03 → 2.17.03.2.01 → …0004, three
    indicators (one negative/last/B), annual and quarterly targets, budgets with cash plan."""
    kop = Unit.objects.get(code="BID-KOP")
    period = RenstraPeriod.objects.create(
        agency=demo_org, name="Renstra 2025–2029", start_year=2025, end_year=2029
    )
    node = None
    for order, (level, code, name) in enumerate(
        [
            ("tujuan", "T1", "Meningkatnya daya saing koperasi"),
            ("sasaran", "S1.1", "Meningkatnya koperasi aktif dan sehat"),
            ("program", "2.17.03", "Program Pengawasan dan Pemeriksaan Koperasi"),
            ("kegiatan", "2.17.03.2.01", "Pemeriksaan dan Pengawasan Koperasi"),
            ("sub_kegiatan", SUB, "Pelaksanaan Pemeriksaan dan Pengawasan Koperasi"),
        ],
        start=1,
    ):
        unit = None if level == "tujuan" else kop
        node = PlanNode.objects.create(
            period=period, level=level, code=code, name=name, parent=node,
            responsible_unit=unit, order=order,
        )  # fmt: skip
    sasaran = PlanNode.objects.get(code="S1.1")
    common = {"period": period, "responsible_unit": kop}
    iku = Indicator.objects.create(
        **common, node=sasaran, code=IKU, name="Persentase koperasi aktif", unit_of_measure="%",
        aggregation="last", decimals=2, is_iku=True, baseline=Decimal("60.5"),
        end_target=Decimal("75"), definition="Koperasi aktif / koperasi terdaftar × 100",
        data_source="ODS Kementerian Koperasi", order=1,
    )  # fmt: skip
    neg = Indicator.objects.create(
        **common, node=sasaran, code=NEG, name="Persentase koperasi tidak sehat",
        unit_of_measure="%", polarity="negative", aggregation="last", negative_variant="B",
        decimals=2, baseline=Decimal("12.5"), end_target=Decimal("5"), order=2,
    )  # fmt: skip
    out = Indicator.objects.create(
        **common, node=node, code=OUT, name="Jumlah koperasi yang diperiksa dan diawasi",
        unit_of_measure="koperasi", order=3,
    )  # fmt: skip
    for year, value in zip(range(2025, 2030), ["65", "67.5", "70", "72.5", "75"], strict=True):
        Target.objects.create(indicator=iku, year=year, value=Decimal(value))
    Target.objects.create(indicator=neg, year=2026, value=Decimal("10"))
    for quarter, value in enumerate(["12", "11.5", "10.75", "10"], start=1):
        Target.objects.create(indicator=neg, year=2026, quarter=quarter, value=Decimal(value))
    Target.objects.create(indicator=out, year=2026, value=Decimal("40"))
    for quarter in (1, 2, 3, 4):
        Target.objects.create(indicator=out, year=2026, quarter=quarter, value=Decimal("10"))
    Target.objects.create(indicator=out, year=2027, value=Decimal("45"))
    cash = [Decimal(v) for v in ("10000000", "15000000", "20000000", "17000000")]
    Budget.objects.create(
        node=node, year=2026, pagu=Decimal("62000000"),
        cash_q1=cash[0], cash_q2=cash[1], cash_q3=cash[2], cash_q4=cash[3],
    )  # fmt: skip
    Budget.objects.create(node=node, year=2027, pagu=Decimal("65000000.50"))
    return period


# --- helpers ------------------------------------------------------------------------------------


def _book(data: bytes) -> Workbook:
    return load_workbook(BytesIO(data))


def _bytes(book: Workbook) -> bytes:
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet(book: Workbook, title: str) -> Worksheet:
    sheet = book[title]
    assert isinstance(sheet, Worksheet)
    return sheet


def _col(sheet: Worksheet, name: str) -> int:
    return [c.value for c in sheet[1]].index(name) + 1


def _row(sheet: Worksheet, **match: Any) -> int:
    """Return the Excel row number whose cells equal `match` (by column header)."""
    for number in range(2, sheet.max_row + 1):
        if all(sheet.cell(number, _col(sheet, k)).value == v for k, v in match.items()):
            return number
    raise AssertionError(f"no row {match} in {sheet.title}")


def _set(book: Workbook, title: str, match: dict[str, Any], column: str, value: Any) -> int:
    sheet = _sheet(book, title)
    number = _row(sheet, **match)
    sheet.cell(number, _col(sheet, column)).value = value
    return number


def _values(data: bytes) -> dict[str, list[tuple[Any, ...]]]:
    book = load_workbook(BytesIO(data))
    return {s.title: list(s.iter_rows(values_only=True)) for s in book.worksheets}


def _counts() -> dict[str, int]:
    models = [RenstraPeriod, PlanNode, Indicator, Target, Budget, AuditEntry]
    return {m.__name__: m.objects.count() for m in models}


def _parse_ok(data: bytes, period: RenstraPeriod) -> PlanImport:
    result = parse_plan(data, period=period)
    assert result.ok, [str(e) for e in result.errors]
    return result


# --- export and template ------------------------------------------------------------------------


def test_the_export_is_a_documented_workbook_with_numeric_cells(plan: RenstraPeriod) -> None:
    book = _book(export_plan(plan))
    assert book.sheetnames == ["Petunjuk", *DATA_SHEETS, "Meta"]
    guide = _sheet(book, "Petunjuk")
    assert "Renstra 2025–2029" in str(guide["A1"].value) and "2025–2029" in str(guide["A1"].value)
    guide_text = " ".join(str(c) for row in guide.iter_rows(values_only=True) for c in row if c)
    assert "DIHAPUS" in guide_text and "cumulative, last, average" in guide_text
    for title in DATA_SHEETS:
        sheet = _sheet(book, title)
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1])
        assert sheet.column_dimensions["A"].width > 8
    target = _sheet(book, "Target")
    assert [c.value for c in target[1]] == ["kode_indikator", "tahun", "triwulan", "nilai"]
    row = _row(target, kode_indikator=NEG, tahun=2026, triwulan=3)
    assert target.cell(row, 4).value == 10.75 and target.cell(row, 4).data_type == "n"
    budget = _sheet(book, "Anggaran")
    assert list(budget.iter_rows(min_row=2, values_only=True)) == [
        (SUB, 2026, 62000000, 10000000, 15000000, 20000000, 17000000),
        (SUB, 2027, 65000000.5, None, None, None, None),
    ]
    indicator = _sheet(book, "Indikator")
    neg = _row(indicator, kode=NEG)
    cells = {c.value: indicator.cell(neg, c.column).value for c in indicator[1]}
    assert cells["polaritas"] == "negative" and cells["agregasi"] == "last"
    assert cells["varian_negatif"] == "B" and cells["iku"] == "tidak"
    assert cells["kondisi_awal"] == 12.5 and cells["desimal"] == 2
    meta = _sheet(book, "Meta")
    assert meta.sheet_state == "hidden"
    assert dict(meta.iter_rows(min_row=2, values_only=True))["periode_awal"] == 2025


def test_the_template_has_the_same_layout_without_rows_and_fits_any_period(
    plan: RenstraPeriod,
) -> None:
    template, export = _book(export_template()), _book(export_plan(plan))
    assert template.sheetnames == export.sheetnames
    for title in DATA_SHEETS:
        assert [c.value for c in _sheet(template, title)[1]] == [
            c.value for c in _sheet(export, title)[1]
        ]
        assert _sheet(template, title).max_row == 1
    result = _parse_ok(export_template(), plan)
    assert result.counts["node"] == {"added": 0, "changed": 0, "removed": 5}
    assert result.counts["target"]["removed"] == Target.objects.count()


# --- round trips --------------------------------------------------------------------------------


def test_a_round_trip_on_the_same_database_changes_nothing(
    plan: RenstraPeriod, personas: Any
) -> None:
    result = _parse_ok(export_plan(plan), plan)
    assert result.is_unchanged
    assert all(d.counts == {"added": 0, "changed": 0, "removed": 0} for d in result.diff.values())
    before, pks = _counts(), sorted(Indicator.objects.values_list("pk", flat=True))
    apply_plan(result, actor=personas["kasubag"])
    assert _counts() == before  # not even an audit entry
    assert sorted(Indicator.objects.values_list("pk", flat=True)) == pks


def test_a_round_trip_into_a_fresh_period_gives_identical_cells(
    plan: RenstraPeriod, personas: Any
) -> None:
    exported = export_plan(plan)
    agency, name, objects = plan.agency, plan.name, PlanNode.objects.count()
    objects += Indicator.objects.count() + Target.objects.count() + Budget.objects.count()
    plan.delete()
    fresh = RenstraPeriod.objects.create(agency=agency, name=name, start_year=2025, end_year=2029)
    result = _parse_ok(exported, fresh)
    assert sum(d.counts["added"] for d in result.diff.values()) == objects
    apply_plan(result, actor=personas["kasubag"])
    again = _values(export_plan(fresh))
    first = _values(exported)
    assert list(again) == list(first)
    for title, rows in first.items():
        assert len(again[title]) == len(rows), title
        for number, (row, other) in enumerate(zip(rows, again[title], strict=True), start=1):
            assert other == row, f"{title} baris {number}"
    created = AuditEntry.objects.filter(action="create", actor=personas["kasubag"])
    assert created.count() == objects


# --- the preview and applying -------------------------------------------------------------------


def test_the_preview_lists_exactly_the_changed_name_the_added_target_and_the_removed_budget(
    plan: RenstraPeriod, personas: Any
) -> None:
    book = _book(export_plan(plan))
    _set(book, "Program", {"kode": "2.17.03"}, "nama", "Program Pengawasan Koperasi")
    _sheet(book, "Target").append([OUT, 2028, None, 50])
    budgets = _sheet(book, "Anggaran")
    budgets.delete_rows(_row(budgets, tahun=2027))
    before, before_ids = _counts(), list(AuditEntry.objects.values_list("pk", flat=True))
    result = _parse_ok(_bytes(book), plan)
    assert _counts() == before
    node, target, budget = result.diff["node"], result.diff["target"], result.diff["budget"]
    assert (node.added, node.removed, len(node.changed)) == ([], [], 1)
    assert node.changed[0].key == "2.17.03"
    [change] = node.changed[0].fields
    assert (change.field, change.before, change.after) == (
        "nama",
        "Program Pengawasan dan Pemeriksaan Koperasi",
        "Program Pengawasan Koperasi",
    )
    assert (target.added, target.changed, target.removed) == ([f"{OUT} · 2028 · tahunan"], [], [])
    assert (budget.added, budget.changed, budget.removed) == ([], [], [f"{SUB} · 2027"])
    assert result.diff["indicator"].is_empty
    assert result.counts["target"] == {"added": 1, "changed": 0, "removed": 0}

    program_pk = PlanNode.objects.get(code="2.17.03").pk
    apply_plan(result, actor=personas["kasubag"])
    assert PlanNode.objects.get(code="2.17.03").pk == program_pk
    assert PlanNode.objects.get(code="2.17.03").name == "Program Pengawasan Koperasi"
    assert Target.objects.get(indicator__code=OUT, year=2028).value == Decimal("50")
    assert not Budget.objects.filter(year=2027).exists()
    entries = AuditEntry.objects.exclude(pk__in=before_ids)
    assert sorted(entries.values_list("action", "content_type__model", "actor_name")) == [
        ("create", "target", "kasubag"),
        ("delete", "budget", "kasubag"),
        ("update", "plannode", "kasubag"),
    ]
    assert entries.get(action="update").changes == {
        "name": ["Program Pengawasan dan Pemeriksaan Koperasi", "Program Pengawasan Koperasi"]
    }


def test_applying_updates_in_place_so_realizations_survive(
    plan: RenstraPeriod, personas: Any
) -> None:
    indicator = Indicator.objects.get(code=OUT)
    Realization.objects.create(indicator=indicator, year=2026, quarter=1, value=Decimal("9"))
    book = _book(export_plan(plan))
    _set(book, "Indikator", {"kode": OUT}, "nama", "Jumlah koperasi yang diawasi")
    _set(book, "Target", {"kode_indikator": OUT, "tahun": 2026, "triwulan": 1}, "nilai", 12)
    result = _parse_ok(_bytes(book), plan)
    [target_change] = result.diff["target"].changed
    assert target_change.key == f"{OUT} · 2026 · TW I"
    assert (target_change.fields[0].before, target_change.fields[0].after) == ("10", "12")
    apply_plan(result, actor=personas["kasubag"])
    indicator.refresh_from_db()
    assert indicator.name == "Jumlah koperasi yang diawasi"
    assert Realization.objects.get(indicator=indicator).value == Decimal("9")


def _without_branch(plan: RenstraPeriod) -> bytes:
    """The exported workbook with the sub kegiatan SUB and its indicator OUT removed."""
    book = _book(export_plan(plan))
    for title, column in [
        ("SubKegiatan", "kode"),
        ("Indikator", "kode"),
        ("Anggaran", "kode_sub_kegiatan"),
        ("Target", "kode_indikator"),
    ]:
        sheet = _sheet(book, title)
        for number in range(sheet.max_row, 1, -1):
            if sheet.cell(number, _col(sheet, column)).value in (SUB, OUT):
                sheet.delete_rows(number)
    return _bytes(book)


def test_removing_a_branch_deletes_it_bottom_up_with_audit(
    plan: RenstraPeriod, personas: Any
) -> None:
    result = _parse_ok(_without_branch(plan), plan)
    assert result.diff["node"].removed == [SUB]
    assert result.diff["indicator"].removed == [OUT]
    assert result.counts["target"]["removed"] == 6 and result.counts["budget"]["removed"] == 2
    apply_plan(result, actor=personas["admin"])
    assert not PlanNode.objects.filter(code=SUB).exists()
    assert not Indicator.objects.filter(code=OUT).exists()
    assert AuditEntry.objects.filter(action="delete").count() == 1 + 1 + 6 + 2


def test_an_import_that_would_delete_an_indicator_with_reported_data_is_refused_naming_it(
    plan: RenstraPeriod, personas: Any
) -> None:
    from monev.collection.models import BudgetRealization

    indicator = Indicator.objects.get(code=OUT)
    Realization.objects.create(indicator=indicator, year=2026, quarter=1, value=Decimal("9"))
    BudgetRealization.objects.create(
        node=PlanNode.objects.get(code=SUB), year=2026, quarter=2, amount=Decimal("1500000")
    )
    before = _counts()
    result = parse_plan(_without_branch(plan), period=plan)
    assert not result.ok
    messages = [str(e) for e in result.errors]
    assert len(messages) == 2, messages
    [held_indicator] = [m for m in messages if m.startswith("Indikator")]
    assert f"«{OUT} — {indicator.name}» tidak dapat dihapus" in held_indicator
    assert f"realisasi {OUT} Triwulan I 2026" in held_indicator
    [held_node] = [m for m in messages if m.startswith("Sub Kegiatan")]
    assert f"realisasi anggaran {SUB} Triwulan II 2026" in held_node
    with pytest.raises(PlanImportRefused):
        apply_plan(result, actor=personas["admin"])
    assert _counts() == before
    assert Realization.objects.get().indicator_id == indicator.pk


def test_data_reported_between_preview_and_apply_still_stops_the_import(
    plan: RenstraPeriod, personas: Any
) -> None:
    result = _parse_ok(_without_branch(plan), plan)
    Realization.objects.create(
        indicator=Indicator.objects.get(code=OUT), year=2026, quarter=1, value=Decimal("9")
    )
    before = _counts()
    with pytest.raises(PlanImportRefused, match=f"«{OUT} — .*» tidak dapat dihapus"):
        apply_plan(result, actor=personas["admin"])
    assert _counts() == before


def test_the_database_refuses_deleting_an_indicator_with_reported_data(
    plan: RenstraPeriod,
) -> None:
    from django.db.models import ProtectedError

    indicator = Indicator.objects.get(code=OUT)
    Realization.objects.create(indicator=indicator, year=2026, quarter=1, value=Decimal("9"))
    with pytest.raises(ProtectedError):
        indicator.delete()
    assert Indicator.objects.filter(code=OUT).exists()


def test_apply_refuses_an_import_with_errors_and_users_who_may_not_edit(
    plan: RenstraPeriod, personas: Any
) -> None:
    before = _counts()
    with pytest.raises(PlanImportRefused):
        apply_plan(parse_plan(b"", period=plan), actor=personas["kasubag"])
    with pytest.raises(PermissionDenied):
        apply_plan(_parse_ok(export_plan(plan), plan), actor=personas["operator.koperasi"])
    with pytest.raises(PermissionDenied):
        apply_plan(_parse_ok(export_plan(plan), plan), actor=personas["stranger"])
    assert _counts() == before


def test_apply_is_all_or_nothing(
    plan: RenstraPeriod, personas: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = _book(export_plan(plan))
    _set(book, "Program", {"kode": "2.17.03"}, "nama", "Nama baru")
    budgets = _sheet(book, "Anggaran")
    budgets.delete_rows(_row(budgets, tahun=2027))  # deleted last, after the update
    result = _parse_ok(_bytes(book), plan)
    before = _counts()

    def fail(**kwargs: Any) -> None:
        raise RuntimeError("disk penuh")

    monkeypatch.setattr("monev.planning.xlsx.apply.delete_audited", fail)
    with pytest.raises(RuntimeError):
        apply_plan(result, actor=personas["kasubag"])
    assert _counts() == before
    assert PlanNode.objects.get(code="2.17.03").name.startswith("Program Pengawasan dan")


def test_unit_codes_are_read_whatever_their_case(plan: RenstraPeriod) -> None:
    book = _book(export_plan(plan))
    _set(book, "Program", {"kode": "2.17.03"}, "kode_unit", "bid-kop")
    assert _parse_ok(_bytes(book), plan).is_unchanged


def test_the_upload_page_previews_then_applies_the_workbook(
    plan: RenstraPeriod, personas: Any
) -> None:
    book = _book(export_plan(plan))
    _set(book, "Program", {"kode": "2.17.03"}, "nama", "Program Pengawasan Koperasi")
    client = Client()
    client.force_login(personas["kasubag"])
    upload = SimpleUploadedFile("rencana.xlsx", _bytes(book))
    page = client.post(reverse("planning:import"), {"file": upload})
    text = page.content.decode()
    assert page.status_code == 200 and 'data-testid="import-diff"' in text
    assert "Program Pengawasan Koperasi" in text
    token = page.context["token"]
    response = client.post(reverse("planning:import_apply"), {"token": token})
    assert response.status_code == 302
    assert PlanNode.objects.get(code="2.17.03").name == "Program Pengawasan Koperasi"
    bad = SimpleUploadedFile("rencana.xlsx", b"bukan excel")
    page = client.post(reverse("planning:import"), {"file": bad})
    assert page.status_code == 400 and "Berkas bukan XLSX" in page.content.decode()


def test_a_text_number_in_indonesian_notation_is_accepted(plan: RenstraPeriod) -> None:
    book = _book(export_plan(plan))
    _set(book, "Target", {"kode_indikator": OUT, "tahun": 2027}, "nilai", "1.234,5")
    [change] = _parse_ok(_bytes(book), plan).diff["target"].changed
    assert (change.key, change.fields[0].after) == (f"{OUT} · 2027 · tahunan", "1.234,5")


def test_quarterly_targets_that_do_not_add_up_are_a_warning_not_an_error(
    plan: RenstraPeriod,
) -> None:
    book = _book(export_plan(plan))
    _set(book, "Target", {"kode_indikator": OUT, "tahun": 2026, "triwulan": 4}, "nilai", 5)
    result = _parse_ok(_bytes(book), plan)
    assert any(w.startswith(f"«{OUT}»: Tahun 2026") for w in result.warnings)


# --- bad workbooks ------------------------------------------------------------------------------

Edit = Callable[[Workbook], Any]


def _target_row(book: Workbook, column: str, value: Any) -> int:
    match = {"kode_indikator": OUT, "tahun": 2026, "triwulan": 2}
    return _set(book, "Target", match, column, value)


def _duplicate_program(book: Workbook) -> int:
    _sheet(book, "Program").append(["2.17.03", "Program kembar", "S1.1", "BID-KOP", 9])
    return _sheet(book, "Program").max_row


def _drop_column(book: Workbook, title: str, name: str) -> None:
    sheet = _sheet(book, title)
    sheet.delete_cols(_col(sheet, name))


def _other_period(book: Workbook) -> None:
    meta = _sheet(book, "Meta")
    for row in meta.iter_rows(min_row=2):
        if row[0].value in ("periode_awal", "periode_akhir"):
            row[1].value = 2020 if row[0].value == "periode_awal" else 2024


BAD_EDITS: dict[str, tuple[Edit, tuple[str, Any, str | None], str]] = {
    # case: (edit, (sheet, row or "edited", column), expected message text)
    "text in a number cell": (
        lambda b: _target_row(b, "nilai", "dua"),
        ("Target", "edited", "nilai"),
        "«dua» bukan angka.",
    ),
    "missing sheet": (
        lambda b: b.remove(_sheet(b, "Anggaran")),
        ("Anggaran", None, None),
        "Sheet «Anggaran»: sheet tidak ada dalam berkas.",
    ),
    "missing column": (
        lambda b: _drop_column(b, "Indikator", "satuan"),
        ("Indikator", 1, "satuan"),
        "Sheet «Indikator», baris 1, kolom «satuan»: kolom tidak ada di baris judul",
    ),
    "unknown unit": (
        lambda b: _set(b, "Program", {"kode": "2.17.03"}, "kode_unit", "BID-XXX"),
        ("Program", "edited", "kode_unit"),
        "kode unit «BID-XXX» tidak dikenal; yang ada: ",
    ),
    "duplicate code": (
        _duplicate_program,
        ("Program", "edited", "kode"),
        "kode «2.17.03» sudah dipakai di sheet «Program» baris 2.",
    ),
    "unknown parent": (
        lambda b: _set(b, "Kegiatan", {"kode": "2.17.03.2.01"}, "kode_induk", "2.17.99"),
        ("Kegiatan", "edited", "kode_induk"),
        "kode «2.17.99» tidak ada di sheet «Program».",
    ),
    "parent at the wrong level": (
        lambda b: _set(b, "Kegiatan", {"kode": "2.17.03.2.01"}, "kode_induk", "S1.1"),
        ("Kegiatan", "edited", "kode_induk"),
        "kode «S1.1» ada di sheet «Sasaran», bukan di sheet «Program».",
    ),
    "negative target": (
        lambda b: _target_row(b, "nilai", -5),
        ("Target", "edited", "nilai"),
        "nilai tidak boleh negatif (-5).",
    ),
    "negative pagu": (
        lambda b: _set(b, "Anggaran", {"tahun": 2026}, "pagu", -1000),
        ("Anggaran", "edited", "pagu"),
        "nilai tidak boleh negatif (-1000).",
    ),
    "invalid choice": (
        lambda b: _set(b, "Indikator", {"kode": NEG}, "polaritas", "naik"),
        ("Indikator", "edited", "polaritas"),
        "«naik» bukan pilihan yang sah; isi salah satu: positive, negative.",
    ),
    "quarter outside 1–4": (
        lambda b: _target_row(b, "triwulan", 5),
        ("Target", "edited", "triwulan"),
        "triwulan «5» tidak sah; kosongkan (target tahunan) atau 1–4.",
    ),
    "year outside the period": (
        lambda b: _target_row(b, "tahun", 2031),
        ("Target", "edited", "tahun"),
        "tahun 2031 di luar periode 2025–2029.",
    ),
    "unknown indicator in Target": (
        lambda b: _target_row(b, "kode_indikator", "IK.X"),
        ("Target", "edited", "kode_indikator"),
        "kode indikator «IK.X» tidak ada di sheet «Indikator».",
    ),
    "workbook of another period": (
        _other_period,
        ("Meta", None, None),
        "Berkas ini dibuat untuk periode 2020–2024, bukan untuk periode 2025–2029",
    ),
}


@pytest.mark.parametrize("case", list(BAD_EDITS))
def test_a_bad_workbook_names_sheet_row_and_column_and_writes_nothing(
    plan: RenstraPeriod, personas: Any, case: str
) -> None:
    edit, (sheet, row, column), text = BAD_EDITS[case]
    book = _book(export_plan(plan))
    edited = edit(book)
    before = _counts()
    result = parse_plan(_bytes(book), period=plan)
    expected_row = edited if row == "edited" else row
    assert not result.ok
    assert [(e.sheet, e.row, e.column) for e in result.errors] == [(sheet, expected_row, column)]
    [error] = result.errors
    if expected_row is not None and column is not None:
        prefix = f"Sheet «{sheet}», baris {expected_row}, kolom «{column}»: "
        assert error.message.startswith(prefix), error.message
    assert text in error.message and str(error) == error.message
    with pytest.raises(PlanImportRefused):
        apply_plan(result, actor=personas["kasubag"])
    assert _counts() == before


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"", "Berkas kosong (0 bait)"),
        (b"kode;nama\nT1;Tujuan\n", "Berkas bukan XLSX yang dapat dibaca (isinya bukan"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "(format Excel lama .xls)"),
        (b"PK\x05\x06" + b"\0" * 18, "(arsip ZIP yang bukan buku kerja Excel)"),
    ],
    ids=["empty", "renamed text file", "old xls", "other zip"],
)
def test_a_file_that_is_not_xlsx_gives_one_clear_error(
    plan: RenstraPeriod, data: bytes, text: str
) -> None:
    before = _counts()
    result = parse_plan(data, period=plan)
    [error] = result.errors
    assert (error.sheet, error.row, error.column) == (None, None, None)
    assert text in error.message
    assert _counts() == before


def test_every_error_of_a_workbook_is_reported_at_once(plan: RenstraPeriod) -> None:
    book = _book(export_plan(plan))
    first = _target_row(book, "nilai", "dua")
    second = _set(book, "Target", {"kode_indikator": IKU, "tahun": 2027}, "tahun", 2040)
    third = _set(book, "Indikator", {"kode": IKU}, "iku", "mungkin")
    result = parse_plan(_bytes(book), period=plan)
    assert sorted((e.sheet, e.row, e.column) for e in result.errors) == sorted(
        [("Indikator", third, "iku"), ("Target", first, "nilai"), ("Target", second, "tahun")]
    )
