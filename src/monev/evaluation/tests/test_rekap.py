"""Step 3's output "Rekap data kinerja Dinas", generated from the results: the workbook opened
with openpyxl, the PDF read with pypdf, the numbers checked."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from monev.collection.models import Realization, Submission
from monev.planning.models import Indicator
from monev.sop import services as sop_services
from monev.sop.testing import run_of
from monev.testing import kept_output

pytestmark = pytest.mark.django_db

SCREENSHOTS = kept_output("screenshots")


@pytest.fixture
def at_step3(sop_cycle: Any, small_plan: Any, personas: Any) -> Any:
    kasubag = personas["kasubag"]
    sop_services.step_complete(actor=kasubag, run=run_of(sop_cycle, 1))
    output = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
    iku = Indicator.objects.get(code="IK.S1.1.01")
    for quarter, value in ((1, 8), (2, 12), (3, 9)):  # RULES worked example 1
        Realization.objects.create(indicator=output, year=2026, quarter=quarter, value=value)
    Realization.objects.create(indicator=iku, year=2026, quarter=3, value=Decimal("58.3"))
    # submitted and accepted: the values count (RULES §2)
    Submission.objects.filter(cycle=sop_cycle).update(status="diterima")
    sop_services.step_complete(actor=kasubag, run=run_of(sop_cycle, 2), override_reason="uji")
    return sop_cycle


def test_the_rekap_workbook_carries_the_results(at_step3: Any, personas: Any) -> None:
    client = Client()
    client.force_login(personas["kasubag"])
    response = client.get(reverse("evaluation:rekap_xlsx", args=[at_step3.pk]))
    assert response.status_code == 200
    assert "rekap-data-kinerja-2026-tw3.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A2"].value == "REKAP DATA KINERJA DINAS TRIWULAN III TAHUN 2026"
    rows = {row[1]: row for row in sheet.iter_rows(min_row=6, values_only=True) if row[1]}
    output = rows["IK.2.17.03.2.01.0004.01"]
    assert output[4:8] == (
        30,
        29,
        Decimal("96.67") if isinstance(output[6], Decimal) else output[6],
        "Sangat Tinggi",
    )
    assert float(output[6]) == pytest.approx(96.67)
    assert float(output[9]) == pytest.approx(72.5)  # annual progress 29 of 40
    iku = rows["IK.S1.1.01"]
    assert float(iku[6]) == pytest.approx(89.69) and iku[7] == "Tinggi"  # worked example 4
    total = [
        row for row in sheet.iter_rows(values_only=True) if row[2] == "RATA-RATA CAPAIAN DINAS"
    ]
    assert float(total[0][6]) == pytest.approx((96.67 + 89.69) / 2, abs=0.01)


def test_the_rekap_pdf_has_the_letterhead_and_the_numbers(at_step3: Any, personas: Any) -> None:
    client = Client()
    client.force_login(personas["kadis"])
    response = client.get(reverse("evaluation:rekap_pdf", args=[at_step3.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    agency = at_step3.agency
    assert agency.government.upper() in text and agency.name.upper() in text
    assert "REKAP DATA KINERJA DINAS TRIWULAN III TAHUN 2026" in text
    assert "96,67 %" in text and "89,69 %" in text and "72,50 %" in text
    assert "Sangat Tinggi" in text
    if shutil.which("pdftoppm"):  # looked at by the developers
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        pdf = SCREENSHOTS / "rekap-data-kinerja.pdf"
        pdf.write_bytes(response.content)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "70",
                "-f",
                "1",
                "-l",
                "1",
                str(pdf),
                str(pdf.with_suffix("")),
            ],
            check=True,
        )
