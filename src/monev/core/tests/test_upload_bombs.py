"""Uploads with bounded cost: every bomb is refused from the zip directory (or the declared
sheet dimension) with its own Indonesian message, and nothing is stored."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from monev.core import bombs
from monev.core.files import store_upload
from monev.sop import services as sop_services
from monev.sop.testing import run_of

pytestmark = pytest.mark.django_db

ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 64


def _store(data: bytes, name: str = "laporan.docx") -> Any:
    upload = SimpleUploadedFile(name, data, "application/octet-stream")
    return store_upload(upload, folder="bukti", max_bytes=20 * 2**20)


def _stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_2_mb_docx_that_expands_to_2_gb_is_refused_by_its_directory() -> None:
    data = bombs.zip_entry_bomb()
    assert len(data) < 3 * 2**20
    with pytest.raises(ValidationError, match="mengembang menjadi 2048,0 MB"):
        _store(data)
    assert not _stored_files()


def test_an_archive_of_sixty_thousand_entries_is_refused_by_its_count() -> None:
    with pytest.raises(ValidationError, match="berisi 60002 bagian"):
        _store(bombs.many_entries_bomb())


def test_an_archive_inside_an_archive_inside_a_docx_is_refused() -> None:
    with pytest.raises(ValidationError, match="arsip bersarang lebih dari 1 tingkat"):
        _store(bombs.nested_zip_bomb())


def test_an_archive_compressed_beyond_the_ratio_limit_is_refused(settings: Any) -> None:
    settings.MONEV_ARCHIVE_MAX_ENTRY_MB = 4096
    settings.MONEV_ARCHIVE_MAX_TOTAL_MB = 4096
    with pytest.raises(ValidationError, match="dimampatkan 1028 kali"):
        _store(bombs.zip_entry_bomb(64 * 2**20))


def test_a_small_real_docx_is_stored() -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>" + "teks " * 5000 + "</w:document>")
    stored = _store(buffer.getvalue())
    assert stored.kind == "docx" and default_storage.exists(stored.name)


def test_a_million_cell_workbook_is_refused_before_loading(small_plan: Any) -> None:
    from monev.planning.xlsx import parse_plan

    data = bombs.million_cells_xlsx()
    assert len(data) < 100_000
    result = parse_plan(data, period=small_plan)
    assert [e.message for e in result.errors] == [
        "Lembar «xl/worksheets/sheet1.xml» dalam buku kerja «buku kerja» menyatakan 100000 "
        "baris dan 1000000 sel (paling banyak 20000 baris dan 300000 sel); buku kerja tidak "
        "dibaca."
    ]


def test_a_workbook_with_huge_shared_strings_is_refused_before_loading(small_plan: Any) -> None:
    from monev.planning.xlsx import parse_plan

    result = parse_plan(bombs.huge_shared_strings_xlsx(), period=small_plan)
    assert len(result.errors) == 1
    assert "Teks dalam buku kerja" in result.errors[0].message
    assert "mengembang menjadi 37,2 MB" in result.errors[0].message


def test_the_format_isian_upload_refuses_a_million_cells(
    sop_cycle: Any, small_plan: Any, personas: Any
) -> None:
    from monev.collection.models import Submission

    sop_services.step_complete(actor=personas["kasubag"], run=run_of(sop_cycle, 1))
    submission = Submission.objects.get(cycle=sop_cycle, unit__code="BID-KOP")
    client = Client()
    client.force_login(personas["operator.koperasi"])
    upload = SimpleUploadedFile("isian.xlsx", bombs.million_cells_xlsx())
    page = client.post(reverse("collection:form_upload", args=[submission.pk]), {"file": upload})
    assert page.status_code == 400
    assert "menyatakan 100000 baris dan 1000000 sel" in page.content.decode()


def test_a_sheet_that_hides_its_rows_behind_a_small_dimension_stops_at_the_row_limit(
    small_plan: Any, settings: Any
) -> None:
    import re
    import zipfile
    from io import BytesIO

    from openpyxl import Workbook

    from monev.planning.xlsx import parse_plan
    from monev.planning.xlsx_schema import SHEETS

    settings.MONEV_XLSX_MAX_ROWS = 50
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Tujuan"
    columns = [c.name for c in SHEETS["Tujuan"]]
    sheet.append(columns)
    for number in range(199):
        sheet.append([f"T{number}", "nama"] + [None] * (len(columns) - 2))
    buffer = BytesIO()
    book.save(buffer)
    # Rewrite the sheet to declare one row only: the streamed count still stops it.
    lying = BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(lying, "w") as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                part, count = re.subn(rb'<dimension ref="[^"]+"/>', b'<dimension ref="A1"/>', part)
                assert count == 1
            target.writestr(info, part)
    result = parse_plan(lying.getvalue(), period=small_plan)
    assert any("lebih dari 50 baris" in e.message for e in result.errors), result.errors


# --- step documents go through the same door ---------------------------------------------------


def test_a_step_document_is_checked_by_content_and_served_with_the_stored_type(
    sop_cycle: Any, personas: Any
) -> None:
    first = run_of(sop_cycle, 1)
    with pytest.raises(ValidationError, match="isinya tidak dikenali"):
        sop_services.document_attach(
            actor=personas["kasubag"],
            run=first,
            upload=SimpleUploadedFile("rencana.pdf", ELF, "application/pdf"),
        )
    with pytest.raises(ValidationError, match="mengembang"):
        sop_services.document_attach(
            actor=personas["kasubag"],
            run=first,
            upload=SimpleUploadedFile("rencana.docx", bombs.zip_entry_bomb()),
        )
    document = sop_services.document_attach(
        actor=personas["kasubag"],
        run=first,
        upload=SimpleUploadedFile("rencana.pdf", b"%PDF-1.4 isi", "text/html"),
    )
    assert document.content_type == "application/pdf"  # from the content, not the client
    assert len(document.sha256) == 64
    client = Client()
    client.force_login(personas["kasubag"])
    response = client.get(reverse("sop:document_download", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 isi"  # type: ignore[attr-defined]


def test_a_tampered_step_document_is_refused_with_a_message(sop_cycle: Any, personas: Any) -> None:
    document = sop_services.document_attach(
        actor=personas["kasubag"],
        run=run_of(sop_cycle, 1),
        upload=SimpleUploadedFile("rencana.pdf", b"%PDF-1.4 isi", "application/pdf"),
    )
    Path(document.file.path).write_bytes(b"%PDF-1.4 isi yang diganti")
    client = Client()
    client.force_login(personas["kasubag"])
    response = client.get(reverse("sop:document_download", args=[document.pk]))
    assert response.status_code == 409
    assert "tidak cocok lagi dengan sidik SHA-256" in response.content.decode()
