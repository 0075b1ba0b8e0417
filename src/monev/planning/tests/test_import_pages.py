"""The plan workbook through the pages: download, upload with preview, apply; refusals."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from monev.planning.models import Indicator, PlanNode

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_download_edit_upload_preview_and_apply(small_plan: Any, personas: Any) -> None:
    client = _client(personas["kasubag"])
    response = client.get(reverse("planning:export"))
    assert response["Content-Type"] == XLSX
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Indikator"]
    header = [c.value for c in next(sheet.iter_rows(min_row=1, max_row=10))]
    row = next(r for r in sheet.iter_rows() if any(c.value == "IK.S1.1.01" for c in r))
    name_col = next(i for i, c in enumerate(row) if c.value == "Persentase koperasi aktif")
    row[name_col].value = "Persentase koperasi aktif dan sehat"
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("rencana.xlsx", buffer.getvalue(), XLSX)
    preview = client.post(reverse("planning:import"), {"file": upload})
    assert preview.status_code == 200, preview.content.decode()[:3000]
    page = preview.content.decode()
    assert 'data-testid="import-preview"' in page and "Persentase koperasi aktif dan sehat" in page
    assert Indicator.objects.get(code="IK.S1.1.01").name == "Persentase koperasi aktif"
    token = page.split('name="token" value="')[1].split('"')[0]
    applied = client.post(reverse("planning:import_apply"), {"token": token}, follow=True)
    assert "Rencana diperbarui dari berkas XLSX." in applied.content.decode()
    assert Indicator.objects.get(code="IK.S1.1.01").name == "Persentase koperasi aktif dan sehat"
    again = client.post(reverse("planning:import_apply"), {"token": token}, follow=True)
    assert "sudah dipakai" in again.content.decode()
    assert header  # the workbook has a header row


def test_a_file_that_is_not_xlsx_is_refused_with_a_message_and_nothing_changes(
    small_plan: Any, personas: Any
) -> None:
    before = PlanNode.objects.count()
    upload = SimpleUploadedFile("rencana.xlsx", b"bukan lembar kerja", XLSX)
    response = _client(personas["admin"]).post(reverse("planning:import"), {"file": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="import-errors"' in page and "XLSX" in page
    assert PlanNode.objects.count() == before


def test_a_bidang_user_downloads_the_plan_but_cannot_upload(small_plan: Any, personas: Any) -> None:
    client = _client(personas["operator.koperasi"])
    assert client.get(reverse("planning:export")).status_code == 200
    assert client.get(reverse("planning:template")).status_code == 200
    upload = SimpleUploadedFile("rencana.xlsx", b"x", XLSX)
    assert client.post(reverse("planning:import"), {"file": upload}).status_code == 403
