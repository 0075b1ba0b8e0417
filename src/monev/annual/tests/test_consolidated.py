"""The Bappeda's consolidated page shows each agency's Perjanjian Kinerja and LKjIP of the
year (SPEC §16): the latest PK version and its day, the LKjIP's status, or "Belum"."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.test import Client

from monev.annual import services
from monev.core.access import scope_of
from monev.evaluation import consolidated
from monev.reports.models import Report
from monev.sop.models import Cycle, SopDefinition

NOW = datetime(2026, 1, 6, 2, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


def test_each_agency_shows_its_pk_and_lkjip(kabupaten: dict[str, Any]) -> None:
    dishub, dispusip = kabupaten["dishub"], kabupaten["dispusip"]
    services.pk_create(actor=None, agency=dishub, year=2026, now=NOW)
    definition = SopDefinition.objects.create(
        agency=dispusip, number="SOP/LKJ", name="Penyusunan Laporan Kinerja Tahunan",
        cadence="tahunan", ratified_by_position="Kepala Dinas",
    )  # fmt: skip
    cycle = Cycle.objects.create(
        agency=dispusip, year=2026, quarter=None, definition=definition, disposition="-",
        opened_at=NOW,
    )  # fmt: skip
    Report.objects.create(cycle=cycle, snapshot={}, snapshot_at=NOW)
    rows = {
        r.agency.short_name: r
        for r in consolidated.build(scope_of(kabupaten["bappeda"]), year=2026, quarter=3).rows
    }
    assert (rows["DISHUB"].pk_version, rows["DISHUB"].lkjip_status) == (1, None)
    assert (rows["DISPUSIP"].pk_version, rows["DISPUSIP"].lkjip_label) == (None, "Draf")
    client = Client()
    client.force_login(kabupaten["bappeda"])
    html = client.get("/hasil/kabupaten/", {"tahun": 2026, "triwulan": 3}).content.decode()
    assert 'data-testid="pk"' in html and "Versi 1" in html and "6 Januari 2026" in html
    assert 'data-testid="lkjip"' in html and "Belum" in html
