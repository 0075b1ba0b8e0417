"""The annual API (SPEC §16): the year's annual cycle with its current step and LKjIP, the PK
versions with their links, the latest PK and the LKjIP's final (else latest) files."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

import pytest
from django.core.files.base import ContentFile
from rest_framework.test import APIClient

from monev.annual import handlers, services
from monev.reports.models import Report, ReportVersion

NOW = datetime(2026, 1, 6, 2, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def lkjip(cycle: Any, *numbers: int) -> Report:
    report = Report.objects.create(cycle=cycle, snapshot={}, snapshot_at=NOW)
    for number in numbers:
        version = ReportVersion(
            report=report, number=number, created_at=NOW, snapshot={}, sections=[],
            sha256="", docx_sha256="",
        )  # fmt: skip
        pdf, docx = b"%%PDF-1.7 lkjip v%d" % number, b"PK docx v%d" % number
        version.pdf.save(f"lkjip-v{number}.pdf", ContentFile(pdf), save=False)
        version.docx.save(f"lkjip-v{number}.docx", ContentFile(docx), save=False)
        version.sha256 = hashlib.sha256(pdf).hexdigest()
        version.docx_sha256 = hashlib.sha256(docx).hexdigest()
        version.save()
    return report


def test_the_year_lists_the_annual_cycle_without_lkjip_and_the_pk_versions(
    personas: dict[str, Any], small_plan: Any, annual_cycle: Any
) -> None:
    kasubag = personas["kasubag"]
    body = api(kasubag).get("/api/v1/annual/?year=2026").json()
    [cycle] = body["cycles"]
    assert (cycle["id"], cycle["status"], cycle["current_step"]) == (annual_cycle.pk, "berjalan", 1)
    assert cycle["lkjip"] is None and body["pk_versions"] == []
    assert api(kasubag).get(f"/api/v1/annual/{annual_cycle.pk}/pk/pdf/").status_code == 404
    services.pk_create(actor=kasubag, agency=kasubag.agency, year=2026, now=NOW)
    body = api(personas["operator.koperasi"]).get("/api/v1/annual/?year=2026").json()
    head, koperasi = body["pk_versions"]
    assert (head["number"], head["unit"], head["stage"], head["indicators"]) == (1, None, 0, 1)
    assert head["signed"] is False
    assert koperasi["unit"] == "Bidang Koperasi"
    assert not body["pk_update_available"]
    response = api(kasubag).get(head["pdf_url"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    latest = api(kasubag).get(f"/api/v1/annual/{annual_cycle.pk}/pk/docx/")
    assert latest.status_code == 200 and "kadis-v1.docx" in latest["Content-Disposition"]


def test_the_lkjip_is_its_final_version_else_the_latest(
    personas: dict[str, Any], annual_cycle: Any
) -> None:
    client = api(personas["sekretaris"])
    assert client.get(f"/api/v1/annual/{annual_cycle.pk}/lkjip/pdf/").status_code == 404
    report = lkjip(annual_cycle, 1, 2)
    response = client.get(f"/api/v1/annual/{annual_cycle.pk}/lkjip/pdf/")
    assert b"".join(response.streaming_content) == b"%PDF-1.7 lkjip v2"
    report.final_version = report.versions.get(number=1)
    report.save()
    response = client.get(f"/api/v1/annual/{annual_cycle.pk}/lkjip/docx/")
    assert b"".join(response.streaming_content) == b"PK docx v1"
    [cycle] = client.get("/api/v1/annual/?year=2026").json()["cycles"]
    assert cycle["lkjip"]["status"] == "draf"
    assert [(v["number"], v["final"]) for v in cycle["lkjip"]["versions"]] == [
        (1, True),
        (2, False),
    ]


def test_another_agency_sees_nothing(personas: dict[str, Any], annual_cycle: Any) -> None:
    client = api(personas["stranger"])
    assert client.get("/api/v1/annual/?year=2026").json()["cycles"] == []
    assert client.get(f"/api/v1/annual/{annual_cycle.pk}/pk/pdf/").status_code == 404
    assert client.get(f"/api/v1/annual/{annual_cycle.pk}/lkjip/pdf/").status_code == 404
    assert APIClient().get("/api/v1/annual/?year=2026").status_code in (401, 403)
    assert api(personas["kasubag"]).get("/api/v1/annual/?year=abc").status_code == 400


def test_step_one_waits_for_the_pk(
    personas: dict[str, Any], small_plan: Any, annual_cycle: Any
) -> None:
    run = annual_cycle.runs.get(number=1)
    assert handlers.blockers(run) == ["Perjanjian Kinerja 2026 belum dibuat."]
    assert handlers._url(run) == "/tahunan/2026/pk/"
    kasubag = personas["kasubag"]
    services.pk_create(actor=kasubag, agency=kasubag.agency, year=2026, now=NOW)
    assert handlers.blockers(run) == [  # signing: test_signing
        "Perjanjian Kinerja 2026 versi 1 belum ditandatangani Kepala Dinas."
    ]
