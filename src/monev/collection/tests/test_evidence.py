"""Evidence (bukti dukung): recognised by content, size-limited, permission-checked."""

from __future__ import annotations

import hashlib
import io
import zipfile
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from monev.accounts.models import User
from monev.collection import services
from monev.collection.models import Evidence, Submission
from monev.domain.filetypes import sniff
from monev.planning.models import Indicator
from monev.sop import services as sop_services
from monev.sop.testing import run_of

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 64


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7 ...", "pdf"),
        (PNG, "png"),
        (b"\xff\xd8\xff\xe0JFIF", "jpeg"),
        (b"GIF89a....", "gif"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 8, "ole"),
    ],
)
def test_allowed_kinds_are_recognised_by_their_first_bytes(data: bytes, kind: str) -> None:
    found = sniff(data[:16], data)
    assert found is not None and found.key == kind


def test_office_zip_files_are_recognised_and_other_zips_are_not() -> None:
    docx = _docx()
    assert sniff(docx[:16], docx).key == "docx"  # type: ignore[union-attr]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("virus.exe", ELF)
    assert sniff(buffer.getvalue()[:16], buffer.getvalue()) is None
    assert sniff(ELF[:16], ELF) is None


@pytest.fixture
def submission(sop_cycle: Any, small_plan: Any, personas: Any) -> Submission:
    sop_services.step_complete(actor=personas["kasubag"], run=run_of(sop_cycle, 1))
    return Submission.objects.get(cycle=sop_cycle, unit__code="BID-KOP")


def _attach(submission: Submission, user: User, name: str, data: bytes) -> Evidence:
    return services.evidence_attach(
        actor=user,
        submission=submission,
        indicator=Indicator.objects.get(code="IK.2.17.03.2.01.0004.01"),
        upload=SimpleUploadedFile(name, data, "application/pdf"),
    )


def test_a_pdf_is_stored_under_a_random_name_with_its_hash(
    submission: Submission, personas: Any
) -> None:
    data = b"%PDF-1.4 daftar hadir pemeriksaan koperasi"
    evidence = _attach(submission, personas["operator.koperasi"], "daftar hadir.pdf", data)
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()
    assert evidence.kind == "pdf" and evidence.original_name == "daftar hadir.pdf"
    assert "daftar" not in evidence.file.name and len(evidence.file.name.split("/")[-1]) > 30
    client = Client()
    client.force_login(personas["kadis"])
    response = client.get(reverse("collection:evidence_download", args=[evidence.pk]) + "?lihat=1")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == data
    assert response["Content-Disposition"].startswith("inline")


def test_an_executable_renamed_to_pdf_is_refused_and_nothing_stored(
    submission: Submission, personas: Any, settings: Any
) -> None:
    def stored() -> set[Any]:
        root = settings.MEDIA_ROOT
        return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()

    before = stored()  # the demo agency's logo, say
    with pytest.raises(ValidationError, match="isinya tidak dikenali"):
        _attach(submission, personas["operator.koperasi"], "laporan.pdf", ELF)
    assert not Evidence.objects.exists()
    assert stored() == before


def test_an_oversized_file_is_refused_and_nothing_stored(
    submission: Submission, personas: Any
) -> None:
    big = b"%PDF-1.4 " + b"0" * (django_settings.MONEV_EVIDENCE_MAX_MB * 2**20 + 1)
    with pytest.raises(ValidationError, match="terlalu besar"):
        _attach(submission, personas["operator.koperasi"], "besar.pdf", big)
    assert not Evidence.objects.exists()


def test_another_bidang_cannot_download_the_evidence(submission: Submission, personas: Any) -> None:
    evidence = _attach(submission, personas["operator.koperasi"], "bukti.png", PNG)
    url = reverse("collection:evidence_download", args=[evidence.pk])
    client = Client()
    client.force_login(personas["operator.ukm"])
    assert client.get(url).status_code == 404
    assert Client().get(url).status_code == 302  # anonymous → login
    client.force_login(personas["kabid.koperasi"])
    assert client.get(url).status_code == 200


def test_the_upload_page_explains_a_refusal(submission: Submission, personas: Any) -> None:
    client = Client()
    client.force_login(personas["operator.koperasi"])
    indicator = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
    response = client.post(
        reverse("collection:evidence_upload", args=[submission.pk]),
        {"indicator": indicator.pk, "file": SimpleUploadedFile("setup.pdf", ELF)},
        follow=True,
    )
    assert "bukan PDF, gambar, atau dokumen Office" in response.content.decode()
    assert not Evidence.objects.exists()


def test_the_board_counts_indicators_with_evidence(submission: Submission, personas: Any) -> None:
    from monev.collection.selectors import board

    _attach(submission, personas["operator.koperasi"], "bukti.png", PNG)
    row = board(submission.cycle)[0]
    assert (row.indicators, row.filled, row.with_evidence) == (2, 0, 1)
