"""The Bappeda's consolidated view (SPEC §14): numbers equal each agency's own pages, ranked,
the same on the page, in the workbook and in the API, a fixed number of queries whatever the
number of agencies; the scope behind it."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from rest_framework.test import APIClient

from monev.core.access import Scope, scope_of
from monev.evaluation import consolidated
from monev.evaluation.dashboard import build as dashboard
from monev.organization.models import Agency, Unit
from monev.planning.models import Indicator, PlanNode, RenstraPeriod, Target

pytestmark = pytest.mark.django_db


def _tiny_agency(n: int) -> Agency:
    """An agency with one Bidang, one indicator and its realisation (75 + n % of target)."""
    from monev.collection.models import Realization

    agency = Agency.objects.create(
        name=f"Dinas Uji {n:02d}", short_name=f"UJI{n:02d}", government="Kab", address="-", city="-"
    )
    unit = Unit.objects.create(agency=agency, code="BID", name="Bidang Uji", kind="bidang")
    period = RenstraPeriod.objects.create(agency=agency, name="R", start_year=2025, end_year=2029)
    node = PlanNode.objects.create(period=period, level="program", code="1.01.02", name="P")
    indicator = Indicator.objects.create(
        period=period, node=node, code="IK1", name="I", unit_of_measure="orang",
        responsible_unit=unit,
    )  # fmt: skip
    Target.objects.create(indicator=indicator, year=2026, quarter=None, value=100)
    Realization.objects.create(indicator=indicator, year=2026, quarter=1, value=75 + n)
    return agency


def test_each_row_equals_the_agencys_own_dashboard_and_rows_are_ranked(
    kabupaten: dict[str, Any],
) -> None:
    data = consolidated.build(scope_of(kabupaten["bappeda"]), year=2026, quarter=3)
    names = [row.agency.short_name for row in data.rows]
    assert set(names) == {"DISHUB", "DISPUSIP"}  # DKUKMTK and Bappeda have no plan here
    for row in data.rows:
        own = dashboard(row.agency.pk, year=2026, quarter=3)
        assert row.results.mean == own.agency.mean is not None
        assert row.rating == own.agency.rating
        assert row.results.absorption == own.absorption is not None
    means = [row.results.mean for row in data.rows]
    assert means == sorted(means, reverse=True)
    assert [row.rank for row in data.rows] == [1, 2]


def test_sop_timeliness_and_report_status_come_from_the_cycle(
    kabupaten: dict[str, Any],
) -> None:
    from monev.sop.models import StepRun

    data = consolidated.build(scope_of(kabupaten["bappeda"]), year=2026, quarter=3)
    rows = {row.agency.short_name: row for row in data.rows}
    runs = StepRun.objects.filter(cycle__agency=kabupaten["dishub"], completed_at__isnull=False)
    on_time = sum(1 for run in runs if run.on_time)
    dishub = rows["DISHUB"]
    assert (dishub.steps_done, dishub.steps_on_time) == (3, on_time)
    assert 0 < on_time < 3  # the demo's step 2 ran late
    assert dishub.sop_on_time_pct == round(Decimal(on_time) * 100 / 3, 2)
    assert dishub.current_step == 4
    assert rows["DISPUSIP"].current_step == 5  # its blangko awaits a tanggapan (issue #23)
    assert dishub.report_status is None and dishub.report_label == "Belum ada"


def test_an_agency_without_results_is_listed_last_and_unranked(kabupaten: dict[str, Any]) -> None:
    from monev.collection.models import Realization

    empty = _tiny_agency(0)

    Realization.objects.filter(indicator__period__agency=empty).delete()
    data = consolidated.build(scope_of(kabupaten["bappeda"]), year=2026, quarter=3)
    assert data.rows[-1].agency == empty
    assert data.rows[-1].rank is None


def test_page_workbook_and_api_show_the_same_rows(kabupaten: dict[str, Any]) -> None:
    client = Client()
    client.force_login(kabupaten["bappeda"])
    page = client.get("/hasil/kabupaten/", {"tahun": 2026, "triwulan": 3})
    assert page.status_code == 200
    html = page.content.decode()
    assert html.index("Dinas Perpustakaan dan Kearsipan") < html.index("Dinas Perhubungan")
    assert f'href="/hasil/kabupaten/instansi/{kabupaten["dishub"].pk}/e81/' in html
    workbook = client.get("/hasil/kabupaten/xlsx/", {"tahun": 2026, "triwulan": 3})
    sheet = load_workbook(BytesIO(workbook.content)).active
    rows = [r for r in sheet.iter_rows(min_row=6, values_only=True) if r[0] is not None]
    api = APIClient()
    api.force_authenticate(kabupaten["bappeda"])
    answer = api.get("/api/v1/agencies/results/", {"year": 2026, "quarter": 3}).json()
    assert answer["count"] == 2
    assert [r["name"] for r in answer["results"]] == [r[1] for r in rows]
    for api_row, xlsx_row in zip(answer["results"], rows, strict=True):
        assert api_row["rank"] == xlsx_row[0]
        assert Decimal(str(api_row["mean_achievement_pct"])) == Decimal(str(xlsx_row[2]))
        assert Decimal(str(api_row["absorption_pct"])) == Decimal(str(xlsx_row[7]))
        assert api_row["rating"] in ("sangat_tinggi", "tinggi", "sedang", "rendah")
        assert set(api_row) >= {
            "agency", "name", "mean_achievement_pct", "rating", "absorption_pct",
            "report_status", "sop_on_time_pct", "pk_version", "pk_date", "lkjip_status",
        }  # fmt: skip


def _cell_texts(html: str, agency_id: int, testid: str) -> list[str]:
    """The text pieces of the page's cell `testid` in the agency's table row."""
    start = html.index(f'data-agency="{agency_id}"')
    row = html[start : html.index("</tr>", start)]
    cell = re.search(rf'<td data-testid="{testid}"[^>]*>(.*?)</td>', row, re.S)
    assert cell is not None
    return [t.strip() for t in re.split(r"<[^>]+>", cell.group(1)) if t.strip()]


def test_page_workbook_and_api_show_the_same_pk_and_lkjip(kabupaten: dict[str, Any]) -> None:
    """SPEC §16 in the consolidated view: Dinas Perhubungan has a PK and no LKjIP, Dinas
    Perpustakaan dan Kearsipan an LKjIP (draft) and no PK; the page, the workbook and the API
    say so alike, under the page's headings."""
    from datetime import UTC, date, datetime

    from monev.annual import services as annual
    from monev.core import formats
    from monev.reports.models import Report
    from monev.sop.models import Cycle, SopDefinition

    made = datetime(2026, 1, 6, 2, 0, tzinfo=UTC)
    dishub, dispusip = kabupaten["dishub"], kabupaten["dispusip"]
    annual.pk_create(actor=None, agency=dishub, year=2026, now=made)
    definition = SopDefinition.objects.create(
        agency=dispusip, number="SOP/LKJ", name="Penyusunan Laporan Kinerja Tahunan",
        cadence="tahunan", ratified_by_position="Kepala Dinas",
    )  # fmt: skip
    cycle = Cycle.objects.create(
        agency=dispusip, year=2026, quarter=None, definition=definition, disposition="-",
        opened_at=made,
    )  # fmt: skip
    Report.objects.create(cycle=cycle, snapshot={}, snapshot_at=made)
    query = {"tahun": 2026, "triwulan": 3}
    client = Client()
    client.force_login(kabupaten["bappeda"])
    html = client.get("/hasil/kabupaten/", query).content.decode()
    sheet = load_workbook(BytesIO(client.get("/hasil/kabupaten/xlsx/", query).content)).active
    headings = [c.value for c in sheet[5]]
    pk_column, lkjip_column = headings.index("Perjanjian Kinerja"), headings.index("LKjIP")
    assert "<th>Perjanjian Kinerja</th>" in html and "<th>LKjIP</th>" in html
    workbook = {
        r[1]: (r[pk_column], r[lkjip_column])
        for r in sheet.iter_rows(min_row=6, values_only=True)
        if r[0] is not None
    }
    api = APIClient()
    api.force_authenticate(kabupaten["bappeda"])
    answer = api.get("/api/v1/agencies/results/", {"year": 2026, "quarter": 3}).json()
    by_api = {r["agency"]: r for r in answer["results"]}
    expected = {
        dishub.pk: (["Versi 1", "6 Januari 2026"], "Belum", (1, "2026-01-06", None)),
        dispusip.pk: (["Belum"], "Draf", (None, None, "draf")),
    }
    assert set(by_api) == set(expected)
    for agency in (dishub, dispusip):
        pk_texts, lkjip_text, api_values = expected[agency.pk]
        row = by_api[agency.pk]
        assert (row["pk_version"], row["pk_date"], row["lkjip_status"]) == api_values
        assert _cell_texts(html, agency.pk, "pk") == pk_texts
        assert _cell_texts(html, agency.pk, "lkjip") == [lkjip_text]
        assert workbook[agency.name] == (" · ".join(pk_texts), lkjip_text)
        # The API's values say the same as the words: the version and day, the status.
        if row["pk_version"] is not None:
            day = formats.day(date.fromisoformat(row["pk_date"]))
            assert pk_texts == [f"Versi {row['pk_version']}", day]
    assert "Versi 1 · 6 Januari 2026" in html  # the phone list, on one line


def test_the_schema_describes_the_pk_and_lkjip_of_each_agency(kabupaten: dict[str, Any]) -> None:
    api = APIClient()
    api.force_authenticate(kabupaten["bappeda"])
    schema = json.loads(api.get("/api/v1/schema/", {"format": "json"}).content)
    fields = schema["components"]["schemas"]["AgencyResult"]["properties"]
    assert "Perjanjian Kinerja" in fields["pk_version"]["description"]
    assert fields["pk_date"]["format"] == "date" and fields["pk_date"]["nullable"]
    assert "LKjIP" in fields["lkjip_status"]["description"]


def test_the_api_needs_year_and_quarter_and_the_bappeda_role(kabupaten: dict[str, Any]) -> None:
    api = APIClient()
    api.force_authenticate(kabupaten["bappeda"])
    assert api.get("/api/v1/agencies/results/").status_code == 400
    api.force_authenticate(kabupaten["kadis"])
    assert api.get("/api/v1/agencies/results/", {"year": 2026, "quarter": 3}).status_code == 403


def test_the_drill_down_shows_that_agencys_e81(kabupaten: dict[str, Any]) -> None:
    client = Client()
    client.force_login(kabupaten["bappeda"])
    dishub = kabupaten["dishub"]
    page = client.get(f"/hasil/kabupaten/instansi/{dishub.pk}/e81/", {"tahun": 2026})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Pengadaan Rambu-Rambu Lalu Lintas" in html
    assert "Perpustakaan Keliling" not in html
    assert f"/hasil/kabupaten/instansi/{dishub.pk}/e81/xlsx/" in html
    workbook = client.get(f"/hasil/kabupaten/instansi/{dishub.pk}/e81/xlsx/", {"tahun": 2026})
    text = " ".join(
        str(c) for r in load_workbook(BytesIO(workbook.content)).active.iter_rows(values_only=True)
        for c in r if c is not None
    )  # fmt: skip
    assert "Pengadaan Rambu-Rambu Lalu Lintas" in text


@pytest.mark.django_db(transaction=True)  # committed writes: the data tokens readers share
@pytest.mark.parametrize("url", ["/hasil/kabupaten/", "/api/v1/agencies/results/"])
def test_the_consolidated_view_runs_a_constant_number_of_queries(
    kabupaten: dict[str, Any], url: str
) -> None:
    query = {"tahun": 2026, "triwulan": 1, "year": 2026, "quarter": 1}
    client: Any = APIClient() if url.startswith("/api/") else Client()
    if url.startswith("/api/"):
        client.force_authenticate(kabupaten["bappeda"])
    else:
        client.force_login(kabupaten["bappeda"])
    client.get(url, query)  # every agency's results computed once
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, query).status_code == 200
    for n in range(1, 9):
        _tiny_agency(n)
    client.get(url, query)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, query)
    assert response.status_code == 200
    assert len(many) == len(few)
    if url.startswith("/api/"):
        assert response.json()["count"] == 10


def test_a_changed_agency_is_computed_again(kabupaten: dict[str, Any]) -> None:
    from monev.collection.models import Realization

    agency = _tiny_agency(1)
    scope = scope_of(kabupaten["bappeda"])
    row = next(
        r for r in consolidated.build(scope, year=2026, quarter=1).rows if r.agency == agency
    )
    assert row.results.mean == Decimal("76.00")
    Realization.objects.filter(indicator__period__agency=agency).update(value=90)
    from monev.core.freshness import results_changed

    results_changed(agency.pk)  # a queryset update sends no signal
    row = next(
        r for r in consolidated.build(scope, year=2026, quarter=1).rows if r.agency == agency
    )
    assert row.results.mean == Decimal("90.00")


@pytest.mark.django_db(transaction=True)  # committed writes: the page's table is kept
def test_the_kept_page_follows_results_and_the_reports_status(kabupaten: dict[str, Any]) -> None:
    from monev.collection.models import Realization
    from monev.reports.models import Report

    agency = _tiny_agency(1)
    client = Client()
    client.force_login(kabupaten["bappeda"])
    query = {"tahun": 2026, "triwulan": 1}

    def row() -> str:
        page = client.get("/hasil/kabupaten/", query).content.decode()
        start = page.index(f'data-agency="{agency.pk}"')
        return page[start : page.index("</tr>", start)]

    assert "76,00" in row()
    assert row() == row()  # kept
    realization = Realization.objects.get(indicator__period__agency=agency)
    realization.value = 90
    realization.save()
    assert "90,00" in row()
    # A report's status (not a results write) is read on every request: the page follows it.
    from django.utils import timezone

    from monev.sop.models import Cycle

    cycle = Cycle.objects.filter(agency=kabupaten["dishub"], year=2026).first()
    assert cycle is not None
    query = {"tahun": 2026, "triwulan": cycle.quarter}
    agency = kabupaten["dishub"]
    assert "Belum ada" in row()
    report = Report.objects.create(
        cycle=cycle, status="dibahas", snapshot={}, snapshot_at=timezone.now()
    )
    assert "Dibahas" in row()
    Report.objects.filter(pk=report.pk).update(status="disahkan")  # no signal
    assert "Disahkan" in row()


def test_the_scope_reads_its_agency_and_bappeda_every_agency(kabupaten: dict[str, Any]) -> None:
    dishub = kabupaten["dishub"]
    own = scope_of(kabupaten["kadis"])
    assert own.agency_id == kabupaten["kadis"].agency_id and not own.every_agency
    with pytest.raises(Http404):
        own.within(dishub.pk)
    assert list(own.agencies(Agency.objects)) == [kabupaten["kadis"].agency]
    bappeda = scope_of(kabupaten["bappeda"])
    assert bappeda.every_agency
    assert bappeda.within(dishub.pk).agency_id == dishub.pk
    assert bappeda.agencies(Agency.objects).count() == Agency.objects.count()
    assert Scope(agency_id=0).filter(Unit.objects).count() == 0


def test_an_agency_administrator_cannot_grant_the_bappeda_role(kabupaten: dict[str, Any]) -> None:
    from monev.accounts import services

    with pytest.raises(ValidationError) as failure:
        services.user_create(
            actor=kabupaten["admin"],
            agency=kabupaten["admin"].agency,
            username="mata.mata",
            password="monev-demo-2",
            roles=["bappeda"],
        )
    assert "Bappeda" in str(failure.value)
    client = Client()
    client.force_login(kabupaten["admin"])
    form = client.get("/accounts/pengguna/tambah/").content.decode()
    assert 'value="bappeda"' not in form
