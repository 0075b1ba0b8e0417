"""A correction through its page, after the lock: the Kasubag Program gives the right value, a
reason and an evidence file; the results API, Formulir E.81 and the audit log show it at once,
and the Bidang's users are notified."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from monev.collection.models import Correction, Evidence, Realization, Submission
from monev.core.models import AuditEntry
from monev.planning.models import Indicator
from monev.sop import services as sop_services
from monev.sop.models import Notification
from monev.sop.testing import run_of

pytestmark = pytest.mark.django_db

OUTPUT = "IK.2.17.03.2.01.0004.01"


@pytest.fixture
def locked(sop_cycle: Any, small_plan: Any, personas: Any) -> Any:
    kasubag = personas["kasubag"]
    sop_services.step_complete(actor=kasubag, run=run_of(sop_cycle, 1))
    output = Indicator.objects.get(code=OUTPUT)
    for quarter, value in ((1, 8), (2, 12), (3, 9)):
        Realization.objects.create(indicator=output, year=2026, quarter=quarter, value=value)
    Submission.objects.filter(cycle=sop_cycle).update(status="diterima")
    sop_services.step_complete(actor=kasubag, run=run_of(sop_cycle, 2))
    return sop_cycle


def _output_result(personas: Any) -> dict[str, Any]:
    api = APIClient()
    api.force_authenticate(personas["kadis"])
    results = api.get("/api/v1/results/", {"year": 2026, "quarter": 3}).json()["results"]
    return next(r for r in results if r["indicator_code"] == OUTPUT)


def test_a_correction_through_the_page_reaches_every_result(locked: Any, personas: Any) -> None:
    output = Indicator.objects.get(code=OUTPUT)
    before = _output_result(personas)
    assert Decimal(str(before["achievement_pct"])) == Decimal("96.67")  # 29 of 30
    client = Client()
    client.force_login(personas["kasubag"])
    processing = client.get(f"/hasil/siklus/{locked.pk}/olah-data/").content.decode()
    url = f"/data/siklus/{locked.pk}/koreksi/{output.pk}/"
    assert url in processing  # the button on the indicator's row
    page = client.get(url).content.decode()
    assert "Koreksi nilai" in page and 'data-testid="current-value">9<' in page
    refused = client.post(url, {"value": "12", "reason": " "})
    assert refused.status_code == 400 and "Tuliskan alasan koreksi." in refused.content.decode()
    response = client.post(
        url,
        {
            "value": "12",
            "reason": "Daftar hadir pemeriksaan ketiga tertinggal",
            "evidence": SimpleUploadedFile("daftar.pdf", b"%PDF-1.4 hadir", "application/pdf"),
        },
    )
    assert response.status_code == 302
    realization = Realization.objects.get(indicator=output, year=2026, quarter=3)
    assert realization.value == 12
    correction = Correction.objects.get(realization=realization)
    assert correction.reason == "Daftar hadir pemeriksaan ketiga tertinggal"
    assert Evidence.objects.filter(realization=realization, original_name="daftar.pdf").exists()
    # the results API: 32 of 30
    after = _output_result(personas)
    assert Decimal(str(after["realization"])) == 32
    assert Decimal(str(after["achievement_pct"])) == Decimal("106.67")
    # Formulir E.81
    e81 = client.get("/hasil/e81/", {"tahun": 2026, "triwulan": 3}).content.decode()
    assert "106,67" in e81
    # the audit log: before and after
    entry = AuditEntry.objects.filter(object_id=str(realization.pk), action="update").latest("pk")
    old, new = entry.changes["value"]
    assert Decimal(str(old)) == 9 and Decimal(str(new)) == 12
    kadis = Client()
    kadis.force_login(personas["kadis"])
    log = kadis.get(f"/audit/{entry.pk}/").content.decode()
    assert "Daftar hadir pemeriksaan ketiga tertinggal" in log
    # numbers as people read them (issue #23): "9 → 12", never "9.0000" (nine thousand)
    assert "<td>9</td><td>12</td>" in log.replace("\n", "")
    assert "<td>Realisasi</td>" in log and "<td>value</td>" not in log
    history = client.get(url).content.decode()
    assert "9 → <strong>12</strong>" in history and ".0000" not in history
    listing = kadis.get("/audit/").content.decode()
    assert ".0000" not in listing
    # the Bidang is notified
    operator = personas["operator.koperasi"]
    note = Notification.objects.get(user=operator)
    assert OUTPUT in note.title and "9 → 12" in note.body


def test_only_the_kasubag_corrects_and_only_after_the_lock(
    sop_cycle: Any, small_plan: Any, personas: Any
) -> None:
    output = Indicator.objects.get(code=OUTPUT)
    url = f"/data/siklus/{sop_cycle.pk}/koreksi/{output.pk}/"
    kadis = Client()
    kadis.force_login(personas["kadis"])
    assert kadis.post(url, {"value": "1", "reason": "x"}).status_code == 403
    kasubag = Client()
    kasubag.force_login(personas["kasubag"])
    early = kasubag.post(url, {"value": "1", "reason": "x"})
    assert early.status_code == 400 and "belum dikunci" in early.content.decode()
    assert not Correction.objects.exists()


def test_a_correction_with_a_file_already_held_as_evidence_keeps_one_evidence_row(
    locked: Any, personas: Any
) -> None:
    from monev.collection.corrections import correction_make

    output = Indicator.objects.get(code=OUTPUT)
    content = b"%PDF-1.4 daftar hadir"

    def upload() -> SimpleUploadedFile:
        return SimpleUploadedFile("daftar.pdf", content, "application/pdf")

    for value in (Decimal(10), Decimal(11)):  # the same file with two corrections
        correction_make(
            actor=personas["kasubag"],
            cycle=locked,
            indicator=output,
            value=value,
            reason="Daftar hadir",
            evidence=upload(),
        )
    realization = Realization.objects.get(indicator=output, year=2026, quarter=3)
    assert realization.value == 11
    assert Correction.objects.filter(realization=realization).count() == 2
    assert Evidence.objects.filter(realization=realization).count() == 1
