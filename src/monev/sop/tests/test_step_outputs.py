"""Generated outputs of step 1: the Lembar Disposisi from the Sekretaris' disposition, and the
preview of each Bidang's format isian before the step completes."""

from __future__ import annotations

import shutil
import subprocess
from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from monev.testing import kept_output

pytestmark = pytest.mark.django_db

SCREENSHOTS = kept_output("screenshots")


def test_the_lembar_disposisi_is_generated_from_the_disposition(
    sop_cycle: Any, personas: Any
) -> None:
    client = Client()
    client.force_login(personas["kasubag"])
    detail = client.get(reverse("sop:cycle_detail", args=[sop_cycle.pk])).content.decode()
    assert reverse("sop:cycle_disposition", args=[sop_cycle.pk]) in detail
    response = client.get(reverse("sop:cycle_disposition", args=[sop_cycle.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    assert "LEMBAR DISPOSISI" in text
    assert sop_cycle.agency.name.upper() in text
    assert "Segera siapkan format isian monev Triwulan III." in text  # the disposition
    assert "7 Oktober 2026" in text  # opened on
    assert personas["sekretaris"].full_name in text  # who signs
    assert personas["kasubag"].full_name in text  # to whom it goes (step 1's holder)
    assert "Triwulan III Tahun 2026" in text
    if shutil.which("pdftoppm"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        pdf = SCREENSHOTS / "lembar-disposisi.pdf"
        pdf.write_bytes(response.content)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "70", "-singlefile", str(pdf), str(pdf.with_suffix(""))],
            check=True,
        )


def test_each_bidang_form_can_be_previewed_before_step_one_completes(
    sop_cycle: Any, small_plan: Any, personas: Any
) -> None:
    from monev.collection.models import Submission
    from monev.organization.models import Unit

    kop = Unit.objects.get(code="BID-KOP")
    client = Client()
    client.force_login(personas["kasubag"])
    board = client.get(reverse("collection:board", args=[sop_cycle.pk])).content.decode()
    url = reverse("collection:preview", args=[sop_cycle.pk, kop.pk])
    assert url in board
    page = client.get(url).content.decode()
    assert "Pratinjau format isian" in page and "IK.S1.1.01" in page
    assert "Jumlah koperasi yang diperiksa dan diawasi" in page
    assert "Rp 62.000.000" in page  # the pagu of its sub kegiatan
    assert not Submission.objects.exists()  # nothing is created by looking
    other = Unit.objects.exclude(pk=kop.pk).filter(agency=kop.agency).first()
    assert (
        client.get(reverse("collection:preview", args=[sop_cycle.pk, other.pk])).status_code == 404
    )
