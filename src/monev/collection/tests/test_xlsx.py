"""The format isian as an XLSX workbook: download, fill offline, upload with a preview, apply;
bad workbooks are refused whole with a message naming sheet, row and column."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from monev.accounts.models import User
from monev.collection import services, xlsx
from monev.collection.models import BudgetRealization, Realization, Submission
from monev.core.models import AuditEntry
from monev.organization.models import Unit
from monev.planning.models import Indicator
from monev.planning.xlsx import export_plan
from monev.sop import services as sop_services
from monev.sop.models import Cycle
from monev.sop.testing import run_of

pytestmark = pytest.mark.django_db

IKU = "IK.S1.1.01"
OUTPUT = "IK.2.17.03.2.01.0004.01"
SUB = "2.17.03.2.01.0004"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def cycle(sop_cycle: Any, small_plan: Any, personas: Any) -> Any:
    """Triwulan III 2026 with step 1 done: Bidang Koperasi has its format isian."""
    sop_services.step_complete(actor=personas["kasubag"], run=run_of(sop_cycle, 1))
    return sop_cycle


@pytest.fixture
def submission(cycle: Any) -> Submission:
    return Submission.objects.get(cycle=cycle, unit__code="BID-KOP")


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _book(data: bytes) -> Workbook:
    return load_workbook(io.BytesIO(data))


def _bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet(book: Workbook, title: str) -> Worksheet:
    sheet = book[title]
    assert isinstance(sheet, Worksheet)
    return sheet


def _row(sheet: Worksheet, key: str) -> int:
    """Return the Excel row whose column A holds `key`."""
    return next(c.row for c in sheet["A"] if c.value == key)


def _fill(book: Workbook, code: str, **cells: Any) -> int:
    """Write cells of an indicator's row by column letter (G=value, H=tidak ada data …)."""
    sheet = _sheet(book, "Isian")
    row = _row(sheet, code)
    for letter, value in cells.items():
        sheet[f"{letter}{row}"] = value
    return row


def _state(submission: Submission) -> tuple[Any, ...]:
    """Everything an upload could write: realisations, budget, narratives, version, audit."""
    submission.refresh_from_db()
    return (
        sorted(
            Realization.objects.values_list(
                "indicator__code", "value", "no_data", "no_data_reason", "note"
            )
        ),
        sorted(BudgetRealization.objects.values_list("node__code", "amount")),
        submission.version,
        [submission.problems, submission.follow_up, submission.drivers, submission.obstacles],
        AuditEntry.objects.count(),
    )


def _upload(client: Client, submission: Submission, data: bytes, name: str = "isian.xlsx") -> Any:
    upload = SimpleUploadedFile(name, data, XLSX)
    return client.post(reverse("collection:form_upload", args=[submission.pk]), {"file": upload})


# --- the workbook -------------------------------------------------------------------------------


def test_the_workbook_carries_the_form_its_meta_and_an_a4_landscape_print_setup(
    submission: Submission, personas: Any
) -> None:
    response = _client(personas["operator.koperasi"]).get(
        reverse("collection:form_xlsx", args=[submission.pk])
    )
    assert response.status_code == 200
    assert "format-isian-BID-KOP-2026-TW-III.xlsx" in response["Content-Disposition"]
    book = _book(response.content)
    assert book.sheetnames == ["Isian", "Anggaran", "Narasi", "Meta"]
    assert [book[s].sheet_state for s in book.sheetnames] == ["visible"] * 3 + ["hidden"]
    sheet = _sheet(book, "Isian")
    heading = " ".join(str(sheet[f"A{n}"].value) for n in range(1, 5))
    assert "Dinas Koperasi" in heading and "Bidang Koperasi" in heading
    assert "Tahun 2026, Triwulan III" in heading
    assert [c.value for c in sheet[7]] == [
        "Kode",
        "Indikator",
        "Satuan",
        "Target tahunan",
        "Target TW ini",
        "Realisasi s/d TW lalu",
        "Realisasi TW ini",
        "Tidak ada data",
        "Alasan tidak ada data",
        "Catatan",
    ]
    output = _row(sheet, OUTPUT)
    assert [c.value for c in sheet[output]][:5] == [
        OUTPUT,
        "Jumlah koperasi yang diperiksa dan diawasi",
        "koperasi",
        40,
        10,
    ]
    value, target = sheet[f"G{output}"], sheet[f"E{output}"]
    assert not value.protection.locked and value.fill.start_color.rgb.endswith("FFF2CC")
    assert target.protection.locked and sheet.protection.sheet
    assert (
        sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9
    )  # A4
    budget = _sheet(book, "Anggaran")
    row = _row(budget, SUB)
    assert [c.value for c in budget[row]] == [
        SUB,
        "Pelaksanaan Pemeriksaan dan Pengawasan Koperasi",
        62000000,
        0,
        None,
    ]
    narratives = _sheet(book, "Narasi")
    assert [narratives[f"A{n}"].value for n in range(8, 12)] == [
        "Kendala/permasalahan",
        "Tindak lanjut",
        "Faktor pendorong",
        "Faktor penghambat",
    ]
    meta = dict(_sheet(book, "Meta").iter_rows(min_row=2, max_col=2, values_only=True))
    assert (meta["laporan"], meta["kode_unit"], meta["tahun"], meta["triwulan"]) == (
        submission.pk,
        "BID-KOP",
        2026,
        3,
    )
    assert meta["versi"] == 1 and len(meta["sidik_rencana"]) == 16


def test_download_fill_upload_preview_apply_and_the_form_shows_the_values(
    submission: Submission, personas: Any
) -> None:
    client = _client(personas["operator.koperasi"])
    book = _book(client.get(reverse("collection:form_xlsx", args=[submission.pk])).content)
    _fill(book, IKU, G="1.234,5", J="Data dari laporan RAT")
    _fill(book, OUTPUT, H="ya", I="Pemeriksaan ditunda", J="Menunggu jadwal")
    budget = _sheet(book, "Anggaran")
    budget[f"E{_row(budget, SUB)}"] = "Rp 15.250.000"
    narratives = _sheet(book, "Narasi")
    narratives[f"B{_row(narratives, 'Kendala/permasalahan')}"] = "Hujan deras"

    preview = _upload(client, submission, _bytes(book))
    page = preview.content.decode()
    assert preview.status_code == 200, page
    assert 'data-testid="upload-preview"' in page and "1.234,5" in page
    assert "15.250.000" in page and "Hujan deras" in page and "Pemeriksaan ditunda" in page
    assert not Realization.objects.exists()  # the preview writes nothing
    token = preview.context["token"]

    applied = client.post(
        reverse("collection:form_upload_apply", args=[submission.pk]), {"token": token}
    )
    assert applied.status_code == 302
    page = client.get(reverse("collection:form", args=[submission.pk])).content.decode()
    assert "tersimpan: 1.234,50" in page and 'value="1.234,5"' in page
    assert "Data dari laporan RAT" in page and "Menunggu jadwal" in page
    assert 'value="Pemeriksaan ditunda"' in page
    output = Indicator.objects.get(code=OUTPUT)
    assert f'name="nd_{output.pk}" id="nd_{output.pk}" checked' in page
    assert "Rp 15.250.000" in page and "Hujan deras" in page
    submission.refresh_from_db()
    assert submission.version == 2 and submission.updated_by == personas["operator.koperasi"]
    assert AuditEntry.objects.filter(note=xlsx.AUDIT_NOTE).count() == 4  # 2 + budget + form

    again = client.post(
        reverse("collection:form_upload_apply", args=[submission.pk]), {"token": token}, follow=True
    )
    assert "sudah dipakai" in again.content.decode()
    fresh = client.get(reverse("collection:form_xlsx", args=[submission.pk])).content
    assert xlsx.parse_form(submission, fresh).is_unchanged  # the stored values come back


def test_numeric_cells_are_taken_as_they_are(submission: Submission) -> None:
    book = _book(xlsx.export_form(submission))
    _fill(book, IKU, G=61.55)
    _fill(book, OUTPUT, G=9)
    budget = _sheet(book, "Anggaran")
    budget[f"E{_row(budget, SUB)}"] = 15250000.5
    result = xlsx.parse_form(submission, _bytes(book))
    assert result.ok, result.errors
    values = {i: v.value for i, v in result.indicators.items()}
    iku, output = Indicator.objects.get(code=IKU), Indicator.objects.get(code=OUTPUT)
    assert values == {iku.pk: Decimal("61.55"), output.pk: Decimal(9)}
    assert list(result.budgets.values()) == [Decimal("15250000.50")]


def test_an_unchanged_workbook_offers_nothing_to_apply(
    submission: Submission, personas: Any
) -> None:
    client = _client(personas["kabid.koperasi"])
    response = _upload(client, submission, xlsx.export_form(submission))
    assert (
        response.status_code == 200
        and 'data-testid="upload-unchanged"' in response.content.decode()
    )
    assert response.context["token"] == ""


# --- bad workbooks ------------------------------------------------------------------------------


def _other_bidang(submission: Submission) -> bytes:
    other = Submission.objects.create(cycle=submission.cycle, unit=Unit.objects.get(code="BID-UKM"))
    return xlsx.export_form(other)


def _other_quarter(submission: Submission) -> bytes:
    cycle = submission.cycle
    second = Cycle.objects.create(
        agency=cycle.agency,
        year=2026,
        quarter=2,
        definition=cycle.definition,
        disposition="Triwulan II",
        opened_at=cycle.opened_at,
    )
    return xlsx.export_form(Submission.objects.create(cycle=second, unit=submission.unit))


def _edited(edit: Callable[[Workbook], Any]) -> Callable[[Submission], bytes]:
    """A workbook of the submission with a good value (that must not be saved) and `edit`."""

    def build(submission: Submission) -> bytes:
        book = _book(xlsx.export_form(submission))
        _fill(book, IKU, G=70)
        edit(book)
        return _bytes(book)

    return build


def _delete_row(book: Workbook) -> None:
    sheet = _sheet(book, "Isian")
    sheet.delete_rows(_row(sheet, IKU))


def _saved_after_download(submission: Submission) -> bytes:
    """The workbook, then the Kepala Bidang saves the form on the web."""
    data = _edited(lambda book: None)(submission)
    output = Indicator.objects.get(code=OUTPUT)
    services.submission_save(
        actor=User.objects.get(username="kabid.koperasi"),
        submission=submission,
        version=submission.version,
        indicators={output.pk: services.IndicatorInput(Decimal(12))},
        budgets={},
        narratives={},
    )
    return data


def _plan_workbook(submission: Submission) -> bytes:
    return export_plan(Indicator.objects.get(code=IKU).period)


def _plan_changed(submission: Submission) -> bytes:
    """The workbook, then the plan gains an indicator for the Bidang."""
    data = _edited(lambda book: None)(submission)
    output = Indicator.objects.get(code=OUTPUT)
    Indicator.objects.create(
        period=output.period,
        node=output.node,
        code="IK.BARU",
        name="Indikator baru",
        unit_of_measure="orang",
        responsible_unit=submission.unit,
    )
    return data


BAD: dict[str, tuple[Callable[[Submission], bytes], str]] = {
    "another Bidang's workbook": (
        _other_bidang,
        "Berkas ini format isian Bidang Usaha Kecil dan Menengah, bukan Bidang Koperasi.",
    ),
    "another quarter's workbook": (
        _other_quarter,
        "Berkas ini untuk Triwulan II 2026, bukan Triwulan III 2026.",
    ),
    "text in a number cell": (
        _edited(lambda book: _fill(book, OUTPUT, G="abc")),
        "Sheet «Isian», baris 8, kolom G (Realisasi TW ini): «abc» bukan angka.",
    ),
    "a negative number": (
        _edited(lambda book: _fill(book, OUTPUT, G="-3")),
        "Sheet «Isian», baris 8, kolom G (Realisasi TW ini): nilai tidak boleh negatif (-3).",
    ),
    "both a value and tidak ada data": (
        _edited(lambda book: _fill(book, OUTPUT, G=3, H="ya", I="Belum diperiksa")),
        "Sheet «Isian», baris 8, kolom G (Realisasi TW ini): isi realisasi atau «ya»",
    ),
    "an edited header": (
        _edited(lambda book: _sheet(book, "Isian").cell(row=7, column=7, value="Realisasi")),
        "Sheet «Isian», baris 7, kolom G (Realisasi TW ini): judul kolom diubah menjadi "
        "«Realisasi»",
    ),
    "a removed row": (
        _edited(_delete_row),
        "Sheet «Isian»: baris indikator «IK.S1.1.01» (Persentase koperasi aktif) tidak ada.",
    ),
    "an added row with an unknown code": (
        _edited(lambda book: _sheet(book, "Isian").append(["IK.LAIN", "Indikator lain"])),
        "Sheet «Isian», baris 10, kolom A (Kode): «IK.LAIN» bukan indikator format isian ini.",
    ),
    "a budget in words": (
        _edited(lambda book: _sheet(book, "Anggaran").cell(row=8, column=5, value="lima juta")),
        "Sheet «Anggaran», baris 8, kolom E (Realisasi TW ini (Rp)): «lima juta» bukan angka.",
    ),
    "a PDF": (lambda s: b"%PDF-1.4\n1 0 obj <<>> endobj\n", "Berkas bukan XLSX yang dapat dibaca"),
    "random bytes": (lambda s: bytes(range(256)) * 4, "Berkas bukan XLSX yang dapat dibaca"),
    "an empty file": (lambda s: b"", "Berkas kosong (0 bait)"),
    "the plan workbook": (
        _plan_workbook,
        "Berkas ini bukan format isian dari aplikasi",
    ),
    "a plan changed since the download": (
        _plan_changed,
        "Rencana Bidang (indikator atau sub kegiatan) berubah setelah berkas diunduh.",
    ),
    "a form saved after the download": (
        _saved_after_download,
        "Laporan ini sudah diubah setelah berkas diunduh (berkas dari versi 1, sekarang versi 2; "
        "terakhir disimpan oleh kabid.koperasi",
    ),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_workbook_is_refused_with_its_message_and_nothing_is_written(
    submission: Submission, personas: Any, case: str
) -> None:
    build, message = BAD[case]
    data = build(submission)
    before = _state(submission)
    response = _upload(_client(personas["operator.koperasi"]), submission, data)
    assert response.status_code == 400
    result = response.context["result"]
    assert [message in e.message for e in result.errors] == [True], result.errors
    assert escape(message) in response.content.decode()
    assert response.context["token"] == ""
    with pytest.raises(xlsx.FormImportRefused):
        xlsx.apply_form(result, actor=personas["operator.koperasi"])
    assert _state(submission) == before


def test_every_error_of_a_workbook_is_reported_at_once(submission: Submission) -> None:
    book = _book(xlsx.export_form(submission))
    _fill(book, OUTPUT, G="dua belas")
    _fill(book, IKU, H="mungkin")
    _sheet(book, "Narasi").cell(row=7, column=1, value="Topik")
    result = xlsx.parse_form(submission, _bytes(book))
    assert sorted((e.sheet, e.row, e.column) for e in result.errors) == [
        ("Isian", 8, "Realisasi TW ini"),
        ("Isian", 9, "Tidak ada data"),
        ("Narasi", 7, "Uraian"),
    ]


def test_a_save_between_preview_and_apply_refuses_the_workbook(
    submission: Submission, personas: Any
) -> None:
    client = _client(personas["operator.koperasi"])
    book = _book(xlsx.export_form(submission))
    _fill(book, IKU, G=70)
    preview = _upload(client, submission, _bytes(book))
    token = preview.context["token"]
    output = Indicator.objects.get(code=OUTPUT)
    services.submission_save(
        actor=personas["kabid.koperasi"],
        submission=submission,
        version=1,
        indicators={output.pk: services.IndicatorInput(Decimal(12))},
        budgets={},
        narratives={},
    )
    before = _state(submission)
    response = client.post(
        reverse("collection:form_upload_apply", args=[submission.pk]), {"token": token}, follow=True
    )
    assert "sudah diubah setelah berkas diunduh" in response.content.decode()
    assert _state(submission) == before


def test_apply_refuses_a_workbook_when_the_form_was_saved_after_parsing(
    submission: Submission, personas: Any
) -> None:
    book = _book(xlsx.export_form(submission))
    _fill(book, IKU, G=70)
    result = xlsx.parse_form(submission, _bytes(book))
    assert result.ok
    services.submission_save(
        actor=personas["kabid.koperasi"],
        submission=submission,
        version=1,
        indicators={},
        budgets={},
        narratives={"problems": "Dari layar"},
    )
    before = _state(submission)
    with pytest.raises(xlsx.StaleWorkbook, match="berkas dari versi 1, sekarang versi 2"):
        xlsx.apply_form(result, actor=personas["operator.koperasi"])
    assert _state(submission) == before


# --- who may ------------------------------------------------------------------------------------


def test_another_bidang_gets_404_on_download_upload_and_apply(
    submission: Submission, personas: Any
) -> None:
    outsider = _client(personas["outsider"])
    data = xlsx.export_form(submission)
    before = _state(submission)
    assert outsider.get(reverse("collection:form_xlsx", args=[submission.pk])).status_code == 404
    assert _upload(outsider, submission, data).status_code == 404
    apply_url = reverse("collection:form_upload_apply", args=[submission.pk])
    assert outsider.post(apply_url, {"token": "x"}).status_code == 404
    assert _state(submission) == before


def test_readers_download_but_only_the_bidang_uploads(
    submission: Submission, personas: Any
) -> None:
    kasubag = _client(personas["kasubag"])
    assert kasubag.get(reverse("collection:form_xlsx", args=[submission.pk])).status_code == 200
    assert _upload(kasubag, submission, xlsx.export_form(submission)).status_code == 403
    apply_url = reverse("collection:form_upload_apply", args=[submission.pk])
    assert kasubag.post(apply_url, {"token": "x"}).status_code == 403
    page = kasubag.get(reverse("collection:form", args=[submission.pk])).content.decode()
    assert 'data-testid="workbook-download"' in page
    assert 'data-testid="workbook-upload-form"' not in page


def test_a_submitted_form_takes_no_workbook(submission: Submission, personas: Any) -> None:
    operator = personas["operator.koperasi"]
    iku, output = Indicator.objects.get(code=IKU), Indicator.objects.get(code=OUTPUT)
    services.submission_save(
        actor=operator,
        submission=submission,
        version=1,
        indicators={
            iku.pk: services.IndicatorInput(Decimal(60)),
            output.pk: services.IndicatorInput(Decimal(9)),
        },
        budgets={},
        narratives={},
    )
    services.submission_submit(actor=operator, submission=Submission.objects.get(pk=submission.pk))
    book = _book(xlsx.export_form(Submission.objects.get(pk=submission.pk)))
    _fill(book, IKU, G=70)
    before = _state(submission)
    client = _client(operator)
    response = _upload(client, submission, _bytes(book))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "tidak dapat diubah" in page
    assert _state(submission) == before
