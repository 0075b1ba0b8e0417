"""One bounded reader for every zip-based upload (issue 21, items 2, 3 and 7): the XML parts a
parser holds whole (styles, docProps/core.xml, document.xml) have their own limits, a sheet
that declares no size is counted while it streams, a directory that lies about sizes is not
trusted, uploads are not read past their limit, and pictures are bounded by pixels."""

from __future__ import annotations

import io
import os
import tracemalloc
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from monev.core import bombs, files, images
from monev.organization.models import Agency

pytestmark = pytest.mark.django_db


def _upload(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, "application/octet-stream")


def test_a_docx_whose_core_properties_inflate_to_40_mb_is_refused_naming_the_part() -> None:
    data = bombs.docx_core_bomb()
    assert len(data) < 200_000
    with pytest.raises(ValidationError) as caught:
        files.read_docx_upload(_upload(data, "laporan.docx"))
    message = caught.value.messages[0]
    assert "«docProps/core.xml»" in message and "paling besar 2 MB" in message


def test_a_docx_whose_document_xml_is_45_mb_is_refused_before_it_is_parsed() -> None:
    with pytest.raises(ValidationError, match=r"«word/document\.xml».*paling besar 10 MB"):
        files.read_docx_upload(_upload(bombs.docx_document_bomb(), "laporan.docx"))


def test_a_real_small_docx_passes_the_report_upload_check() -> None:
    from docx import Document

    out = io.BytesIO()
    document = Document()
    document.add_paragraph("Capaian kinerja " * 200)
    document.save(out)
    assert files.read_docx_upload(_upload(out.getvalue(), "laporan.docx")) == out.getvalue()


def test_the_report_upload_is_refused_by_its_declared_size_before_it_is_read(
    settings: Any,
) -> None:
    class Unreadable(SimpleUploadedFile):
        def read(self, *args: Any) -> bytes:
            raise AssertionError("read before the size check")

        def chunks(self, chunk_size: int | None = None) -> Any:
            raise AssertionError("read before the size check")

    settings.MONEV_DOCUMENT_MAX_MB = 1
    upload = Unreadable("laporan.docx", b"PK")
    upload.size = 30 * 2**20
    with pytest.raises(ValidationError, match="terlalu besar"):
        files.read_docx_upload(upload)


def test_a_workbook_whose_styles_inflate_to_49_mb_is_refused_before_openpyxl(
    small_plan: Any,
) -> None:
    from monev.planning.xlsx import parse_plan

    data = bombs.xlsx_styles_bomb()
    tracemalloc.start()
    result = parse_plan(data, period=small_plan)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [e.message for e in result.errors] == [
        "Bagian «xl/styles.xml» dari berkas «buku kerja» berukuran 49,0 MB setelah diekstrak "
        "(paling besar 2 MB); berkas seperti ini tidak dibaca."
    ]
    assert peak < 20 * 2**20


def test_a_sheet_that_declares_no_size_is_counted_while_it_streams(small_plan: Any) -> None:
    from monev.planning.xlsx import parse_plan

    data = bombs.undeclared_sheet_xlsx()
    result = parse_plan(data, period=small_plan)
    assert [e.message for e in result.errors] == [
        "Lembar «xl/worksheets/sheet1.xml» dalam buku kerja «buku kerja» berisi lebih dari "
        "20000 baris atau 300000 sel; buku kerja tidak dibaca."
    ]


def test_cells_are_counted_not_rows_only(settings: Any) -> None:
    settings.MONEV_XLSX_MAX_CELLS = 1000
    wide = b"<row>" + b"<c><v>1</v></c>" * 600 + b"</row>"
    data = bombs._xlsx(bombs._SHEET_HEAD + b"<sheetData>" + wide * 2 + b"</sheetData></worksheet>")
    refusal = files.check_workbook(data)
    assert refusal is not None and "1000 sel" in refusal


def test_one_cell_in_the_last_column_does_not_widen_every_row(small_plan: Any) -> None:
    """Within the limits, the plan reader reads at most its columns: a cell in column XFD
    no longer makes each streamed row 16 384 cells long."""
    from monev.planning.xlsx import parse_plan

    result = parse_plan(bombs.undeclared_sheet_xlsx(rows=2000), period=small_plan)
    assert result.errors  # not a plan workbook; read quickly and refused with reasons


def test_an_entry_larger_than_its_directory_says_is_refused_while_it_streams() -> None:
    data = bombs.lying_size_bomb()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert max(i.file_size for i in archive.infolist()) == 1024  # the directory lies
    with pytest.raises(ValidationError, match="rusak atau bukan arsip"):
        files.store_upload(_upload(data, "laporan.docx"), folder="bukti", max_bytes=20 * 2**20)


def test_evidence_is_stored_without_the_part_limits_of_parsed_files() -> None:
    """A stored (never parsed) DOCX may have a large document.xml; only the archive limits
    apply to it."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>" + os.urandom(6 * 2**20).hex() + "</")
    stored = files.store_upload(
        _upload(out.getvalue(), "bukti.docx"), folder="bukti", max_bytes=2**24
    )
    assert stored.kind == "docx"


# --- pictures -------------------------------------------------------------------------------


def test_the_pixel_size_is_read_from_the_header_only() -> None:
    assert images.pixel_size(bombs.picture_claiming(12_000, 12_000)) == (12_000, 12_000)
    assert images.pixel_size(bombs.picture_claiming(30_000, 30_000, "PNG"))[0] > 10_000
    assert images.pixel_size(b"<svg/>") is None


def test_a_12000_pixel_gif_logo_is_refused_with_a_message_and_not_stored(personas: Any) -> None:
    client = Client()
    client.force_login(personas["admin"])
    agency = Agency.objects.get(pk=personas["admin"].agency_id)
    kept = agency.logo.name
    page = client.get(reverse("organization:agency")).content.decode()
    assert "logo" in page
    data = {
        "name": agency.name,
        "short_name": agency.short_name,
        "government": agency.government,
        "address": agency.address,
        "city": agency.city,
        "phone": agency.phone,
        "email": agency.email,
        "website": agency.website,
        "letterhead_lines": "",
        "evaluator_title": agency.evaluator_title,
        "evaluator_name": agency.evaluator_name,
        "evaluator_nip": "",
        "logo": SimpleUploadedFile("logo.gif", bombs.gif_logo_bomb(), "image/gif"),
    }
    response = client.post(reverse("organization:agency"), data)
    text = response.content.decode()
    assert response.status_code in (200, 400)
    assert "Gambar «logo.gif» berukuran 12000 × 12000 piksel" in text
    agency.refresh_from_db()
    assert agency.logo.name == kept


def test_a_logo_kept_before_the_limit_is_never_decoded_for_a_letterhead() -> None:
    from monev.core.typeset import agency_letterhead
    from monev.reports.builder import logo_for_documents

    raw = bombs.picture_claiming(12_000, 12_000)
    assert logo_for_documents(raw) == ("", b"")

    class Stored:
        def open(self, mode: str) -> Any:
            return io.BytesIO(raw)

    class Kept:
        logo = Stored()
        government, name, letterhead = "Pemerintah", "Dinas", ["Jl. Poros"]
        address, phone, email = "", "", ""

    files: dict[str, bytes] = {}
    markup = agency_letterhead(Kept(), files)
    assert files == {} and markup.startswith("#kop(none,")  # the emblem's outline instead


def test_a_photo_beyond_the_pixel_limit_is_refused(settings: Any) -> None:
    from monev.monitoring.services import store_image

    with pytest.raises(ValidationError, match="berukuran 10000 × 9000 piksel"):
        store_image(_upload(bombs.picture_claiming(10_000, 9_000, "PNG"), "foto.png"))
    assert (
        store_image(_upload(bombs.picture_claiming(4_000, 3_000, "PNG"), "foto.png")).kind == "png"
    )


def test_a_request_declaring_more_than_the_limit_is_refused_before_its_body_is_read(
    personas: Any, settings: Any
) -> None:
    from django.test import RequestFactory

    from monev.core.middleware import RequestSizeMiddleware

    settings.MONEV_REQUEST_MAX_MB = 1

    def view(request: Any) -> Any:
        raise AssertionError("the view (and the body) was reached")

    class Body(io.BytesIO):
        def read(self, *args: Any) -> bytes:
            raise AssertionError("the body was read")

    request = RequestFactory().post("/data/laporan/1/unggah/", data=b"", content_type="x/y")
    request.META["CONTENT_LENGTH"] = str(5 * 2**30)
    request.META["wsgi.input"] = Body()
    request.user = personas["operator.koperasi"]
    response = RequestSizeMiddleware(view)(request)
    assert response.status_code == 413
    assert "Kiriman ini berukuran 5120,0 MB; paling besar 1 MB." in response.content.decode()
    api = RequestFactory().post("/api/v1/realizations/", data=b"", content_type="x/y")
    api.META["CONTENT_LENGTH"] = str(2 * 2**20)
    assert RequestSizeMiddleware(view)(api).status_code == 413
