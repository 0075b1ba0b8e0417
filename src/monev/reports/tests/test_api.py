"""`/api/v1/reports/` (SPEC §7): the reports of the agency with their versions and download
links, under the page's access: a Bidang reads its own agency's report, another agency sees
nothing, downloads are checked the same way and give the stored bytes."""

from __future__ import annotations

import hashlib
from datetime import datetime
from io import BytesIO
from typing import Any

import pytest
from docx import Document as open_docx
from pypdf import PdfReader
from rest_framework.test import APIClient

from monev.reports import services

pytestmark = pytest.mark.django_db


def _client(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def version(small_plan: Any, sop_cycle: Any, personas: Any) -> Any:
    report = services.report_freeze(actor=personas["kasubag"], cycle=sop_cycle)
    return services.version_render(actor=personas["kasubag"], report=report)


def test_a_bidang_lists_its_quarter_report_with_versions_and_downloads(
    version: Any, personas: Any
) -> None:
    client = _client(personas["operator.koperasi"])
    body = client.get("/api/v1/reports/?year=2026&quarter=3").json()
    assert set(body) == {"count", "next", "previous", "results"} and body["count"] == 1
    (report,) = body["results"]
    assert report["id"] == version.report_id and report["cycle"] == version.report.cycle_id
    assert report["status"] == "draf" and report["number"] is None
    assert (report["kind"], report["year"], report["quarter"]) == ("laporan_monev", 2026, 3)
    (row,) = report["versions"]
    assert row["number"] == 1 and row["source"] == "generated"
    assert row["author"] == "kasubag" and row["sha256"] == version.sha256
    assert datetime.fromisoformat(row["created_at"]).utcoffset() is not None
    pdf = b"".join(client.get(row["pdf_url"]).streaming_content)  # type: ignore[attr-defined]
    assert hashlib.sha256(pdf).hexdigest() == row["sha256"]
    assert "TRIWULAN III TAHUN 2026" in (PdfReader(BytesIO(pdf)).pages[0].extract_text() or "")
    docx = b"".join(client.get(row["docx_url"]).streaming_content)  # type: ignore[attr-defined]
    assert any(p.style.name == "Heading 1" for p in open_docx(BytesIO(docx)).paragraphs)
    assert client.get("/api/v1/reports/?year=2026&quarter=2").json()["count"] == 0
    detail = client.get(f"/api/v1/reports/{report['id']}/").json()
    assert detail == report


def test_another_agency_sees_no_report_and_downloads_nothing(version: Any, personas: Any) -> None:
    client = _client(personas["stranger"])
    assert client.get("/api/v1/reports/").json()["count"] == 0
    assert client.get(f"/api/v1/reports/{version.report_id}/").status_code == 404
    for kind in ("pdf", "docx"):
        url = f"/api/v1/reports/versions/{version.pk}/{kind}/"
        assert client.get(url).status_code == 404
    own = _client(personas["kadis"])
    assert own.get(f"/api/v1/reports/versions/{version.pk}/exe/").status_code == 404
    assert APIClient().get("/api/v1/reports/").status_code == 401


def test_the_schema_documents_the_reports_kind(personas: Any) -> None:
    import yaml

    client = _client(personas["kasubag"])
    schema = yaml.safe_load(client.get("/api/v1/schema/").content)
    fields = schema["components"]["schemas"]["Report"]["properties"]
    assert fields["kind"]["type"] == "string" and "lkjip" in fields["kind"]["description"]
    assert fields["quarter"]["nullable"] is True


def test_the_list_filters_by_kind_and_refuses_an_unknown_kind(version: Any, personas: Any) -> None:
    from monev.reports.tests.annual import annual_cycle
    from monev.reports.tests.conftest import place_at

    kasubag = personas["kasubag"]
    cycle = annual_cycle(kasubag.agency, 2026, actor=kasubag)
    place_at(cycle, 4)
    lkjip = services.report_freeze(actor=kasubag, cycle=cycle)
    client = _client(personas["operator.koperasi"])

    def listed(query: str) -> list[tuple[int, str]]:
        results = client.get(f"/api/v1/reports/?{query}").json()["results"]
        return sorted((r["id"], r["kind"]) for r in results)

    both = sorted([(version.report_id, "laporan_monev"), (lkjip.pk, "lkjip")])
    assert listed("year=2026") == listed("kind=") == both
    assert listed("kind=laporan_monev") == [(version.report_id, "laporan_monev")]
    assert listed("year=2026&kind=lkjip") == [(lkjip.pk, "lkjip")]
    assert listed("year=2025&kind=lkjip") == []
    for bad in ("LKJIP", "pk", "\x00", "x" * 500):
        response = client.get("/api/v1/reports/", {"kind": bad})
        assert response.status_code == 400
        assert response.json() == {
            "kind": ["Parameter «kind» harus salah satu dari: laporan_monev, lkjip."]
        }


def test_the_schema_documents_the_kind_filter(personas: Any) -> None:
    import yaml

    client = _client(personas["kasubag"])
    schema = yaml.safe_load(client.get("/api/v1/schema/").content)
    (kind,) = [
        p for p in schema["paths"]["/api/v1/reports/"]["get"]["parameters"] if p["name"] == "kind"
    ]
    assert kind["in"] == "query" and not kind.get("required")
    assert kind["schema"] == {"type": "string", "enum": ["laporan_monev", "lkjip"]}
    assert "LKjIP" in kind["description"]
