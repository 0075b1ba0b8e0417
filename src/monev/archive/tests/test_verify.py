"""The public verification page (`/verifikasi/`) and its JSON (`/api/v1/archive/verify/`): no
sign-in; the downloaded archive PDF or its printed code → genuine with title, nomor and who
ratified it when (nothing else); the same PDF with one byte changed or an unknown code → not
genuine; rate-limited per client address."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from monev.archive.models import ArchiveEntry
from monev.archive.tests.conftest import NUMBER

pytestmark = pytest.mark.django_db


def _downloaded(entry: ArchiveEntry, personas: Any) -> bytes:
    client = Client()
    client.force_login(personas["kadis"])
    return b"".join(client.get(f"/arsip/{entry.code}/unduh/").streaming_content)


def _upload(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("laporan.pdf", data, "application/pdf")


def test_the_downloaded_pdf_is_genuine_and_one_changed_byte_is_not(
    entry: ArchiveEntry, personas: Any
) -> None:
    data = _downloaded(entry, personas)
    page = Client().post("/verifikasi/", {"berkas": _upload(data)})
    body = page.content.decode()
    assert page.status_code == 200 and 'data-testid="verify-genuine"' in body
    assert entry.title in body and NUMBER in body and entry.ratified_by_name in body
    assert entry.sha256 not in body and entry.code not in body  # nothing else revealed
    changed = bytearray(data)
    changed[len(changed) // 2] ^= 0x01
    body = Client().post("/verifikasi/", {"berkas": _upload(bytes(changed))}).content.decode()
    assert 'data-testid="verify-not-genuine"' in body and entry.title not in body


def test_the_printed_code_is_genuine_and_an_unknown_code_is_not(entry: ArchiveEntry) -> None:
    typed = entry.code.lower().replace("-", " ")
    body = Client().get("/verifikasi/", {"kode": typed}).content.decode()
    assert 'data-testid="verify-genuine"' in body and entry.title in body
    body = Client().get("/verifikasi/", {"kode": "ZZZZ-9999"}).content.decode()
    assert 'data-testid="verify-not-genuine"' in body and entry.title not in body
    body = Client().get("/verifikasi/", {"kode": "<script>"}).content.decode()
    assert "verify-not-genuine" in body and "<script>" not in body
    assert "verify-" not in Client().get("/verifikasi/").content.decode().split("<form")[0]


def test_the_answer_as_json(entry: ArchiveEntry, personas: Any) -> None:
    client = APIClient()
    answer = client.get("/api/v1/archive/verify/", {"code": entry.code}).json()
    assert (
        answer
        == {
            "genuine": True,
            "title": entry.title,
            "number": NUMBER,
            "ratified_by": entry.ratified_by_name,
            "ratified_at": answer["ratified_at"],
            # By code: no file, so no signatures to list (decision 0022).
            "signatures": [],
            "changed_after_signing": False,
        }
        and answer["ratified_at"]
    )
    assert client.get("/api/v1/archive/verify/", {"code": "ZZZZ-9999"}).json()["genuine"] is False
    data = _downloaded(entry, personas)
    by_file = client.post("/api/v1/archive/verify/", {"file": _upload(data)}, format="multipart")
    assert by_file.json()["genuine"] is True
    tampered = data[:-1] + bytes([data[-1] ^ 1])
    by_file = client.post(
        "/api/v1/archive/verify/", {"file": _upload(tampered)}, format="multipart"
    )
    assert by_file.json()["genuine"] is False
    assert client.get("/api/v1/archive/verify/").status_code == 400


def test_the_verification_is_rate_limited(entry: ArchiveEntry, settings: Any) -> None:
    from monev.archive import views

    client = Client()
    statuses = [
        client.get("/verifikasi/", {"kode": "ZZZZ-9999"}).status_code
        for _ in range(views.VERIFY_RULE.limit + 1)
    ]
    assert statuses[:-1] == [200] * views.VERIFY_RULE.limit and statuses[-1] == 429
    assert APIClient().get("/api/v1/archive/verify/", {"code": entry.code}).status_code == 429


def test_the_archive_api_lists_the_agencys_entries(entry: ArchiveEntry, personas: Any) -> None:
    client = APIClient()
    client.force_authenticate(personas["operator.koperasi"])
    body = client.get("/api/v1/archive/?year=2026&quarter=3").json()
    assert set(body) == {"count", "next", "previous", "results"} and body["count"] == 1
    (item,) = body["results"]
    assert item["code"] == entry.code and item["sha256"] == entry.sha256
    assert item["classification_code"] == "000.8.3.3" and item["number"] == NUMBER
    assert item["verification_url"].endswith(f"/verifikasi/?kode={entry.code}")
    download = client.get(item["download_url"])
    assert b"".join(download.streaming_content) == entry.file.read()
    assert client.get("/api/v1/archive/?year=2025").json()["count"] == 0
    stranger = APIClient()
    stranger.force_authenticate(personas["stranger"])
    assert stranger.get("/api/v1/archive/").json()["count"] == 0
    assert stranger.get(f"/api/v1/archive/{entry.code}/download/").status_code == 404


def test_a_code_printed_on_a_ratified_final_says_not_yet_archived(ratified_report: Any) -> None:
    """The QR of the final is printed when it is sealed, before step 13 stores it: scanning it
    in between says "ratified, not yet archived", not "not genuine"."""
    final = ratified_report.final_version
    code = final.final["code"]
    body = Client().get("/verifikasi/", {"kode": code}).content.decode()
    assert 'data-testid="verify-pending"' in body and "verify-not-genuine" not in body
    assert str(ratified_report.cycle) in body
    body = Client().get("/verifikasi/", {"kode": "ZZZZ-9999"}).content.decode()
    assert "verify-pending" not in body and "verify-not-genuine" in body
