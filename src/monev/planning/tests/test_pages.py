"""Plan pages and API: the tree and its filters, editing an indicator, who may edit."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from monev.core.models import AuditEntry
from monev.planning.models import Indicator, PlanNode, Target

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_tree_shows_every_level_in_order_with_targets(small_plan: Any, personas: Any) -> None:
    page = _client(personas["operator.ukm"]).get(reverse("planning:tree"), {"tahun": 2026})
    text = page.content.decode()
    codes = ["T1", "S1.1", "2.17.03", "2.17.03.2.01", "2.17.03.2.01.0004"]
    positions = [text.index(f"<code>{code}</code>") for code in codes]
    assert positions == sorted(positions)
    assert "Jumlah koperasi yang diperiksa dan diawasi" in text
    assert "Rp 62.000.000" in text
    assert "Persentase koperasi aktif" in text and "65,00" in text


@pytest.mark.parametrize(
    ("params", "present", "absent"),
    [
        ({"iku": "on"}, ["Persentase koperasi aktif"], ["Jumlah koperasi yang diperiksa"]),
        ({"q": "0004"}, ["Jumlah koperasi yang diperiksa"], ["Persentase koperasi aktif"]),
        ({"q": "diperiksa"}, ["Jumlah koperasi yang diperiksa"], ["Persentase koperasi aktif"]),
        ({"q": "tidak ada"}, ["Tidak ada unsur rencana yang cocok"], ["2.17.03.2.01.0004"]),
    ],
)
def test_the_tree_filters(
    small_plan: Any, personas: Any, params: dict[str, str], present: list[str], absent: list[str]
) -> None:
    text = _client(personas["kadis"]).get(reverse("planning:tree"), params).content.decode()
    for fragment in present:
        assert fragment in text
    for fragment in absent:
        assert fragment not in text


def test_the_unit_filter_keeps_the_units_indicators_and_their_ancestors(
    small_plan: Any, personas: Any
) -> None:
    from monev.organization.models import Unit

    ukm = Unit.objects.get(code="BID-UKM")
    client = _client(personas["kadis"])
    text = client.get(reverse("planning:tree"), {"unit": ukm.pk}).content.decode()
    assert "Tidak ada unsur rencana yang cocok" in text
    kop = Unit.objects.get(code="BID-KOP")
    text = client.get(reverse("planning:tree"), {"unit": kop.pk}).content.decode()
    assert "<code>T1</code>" in text and "Jumlah koperasi yang diperiksa" in text


def _grow(period: Any, copies: int) -> None:
    sub = PlanNode.objects.get(period=period, code="2.17.03.2.01.0004")
    for n in range(copies):
        node = PlanNode.objects.create(
            period=period,
            level="sub_kegiatan",
            code=f"2.17.03.2.01.{9000 + n}",
            parent=sub.parent,
            name=f"Sub kegiatan {n}",
            responsible_unit=sub.responsible_unit,
        )
        indicator = Indicator.objects.create(
            period=period,
            node=node,
            code=f"IK.X.{n}",
            name=f"Indikator {n}",
            unit_of_measure="orang",
            responsible_unit=sub.responsible_unit,
        )
        Target.objects.create(indicator=indicator, year=2026, quarter=None, value=Decimal(n))


def test_the_tree_runs_the_same_number_of_queries_whatever_the_plan_size(
    small_plan: Any, personas: Any
) -> None:
    client = _client(personas["kasubag"])
    url = reverse("planning:tree")
    client.get(url)  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as small:
        client.get(url, {"tahun": 2026})
    _grow(small_plan, 30)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url, {"tahun": 2026})
    assert "Indikator 29" in response.content.decode()
    assert len(large) == len(small)


def test_the_indicator_api_runs_a_constant_number_of_queries(
    small_plan: Any, personas: Any
) -> None:
    client = APIClient()
    client.force_authenticate(personas["kadis"])
    with CaptureQueriesContext(connection) as small:
        client.get("/api/v1/indicators/")
    _grow(small_plan, 20)
    with CaptureQueriesContext(connection) as large:
        body = client.get("/api/v1/indicators/").json()
    assert body["count"] == 22
    assert len(large) == len(small)


def _edit_data(indicator: Indicator, **overrides: str) -> dict[str, str]:
    data = {
        "name": indicator.name,
        "unit_of_measure": indicator.unit_of_measure,
        "polarity": indicator.polarity,
        "aggregation": indicator.aggregation,
        "negative_variant": indicator.negative_variant,
        "decimals": str(indicator.decimals),
        "responsible_unit": str(indicator.responsible_unit_id),
        "definition": "",
        "data_source": "",
        "baseline": "",
        "end_target": "",
    }
    data.update(overrides)
    return data


def test_editing_a_cumulative_indicator_flags_quarters_that_do_not_add_up(
    small_plan: Any, personas: Any
) -> None:
    indicator = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
    client = _client(personas["kasubag"])
    data = _edit_data(
        indicator,
        t_2026_0="1.200",
        t_2026_1="300",
        t_2026_2="300",
        t_2026_3="300",
        t_2026_4="250,5",
        end_target="5.000",
    )
    response = client.post(
        reverse("planning:indicator_edit", args=[indicator.pk]), data, follow=True
    )
    text = response.content.decode()
    assert "Indikator disimpan." in text
    assert "tidak sama dengan target tahunan" in text
    values = {(t.year, t.quarter): t.value for t in indicator.targets.all()}
    assert values[(2026, None)] == Decimal("1200")
    assert values[(2026, 4)] == Decimal("250.5")
    indicator.refresh_from_db()
    assert indicator.end_target == Decimal("5000")
    assert AuditEntry.objects.filter(object_repr__contains="2026 TW 4").exists()


def test_a_bad_number_is_refused_in_indonesian_and_the_input_kept(
    small_plan: Any, personas: Any
) -> None:
    indicator = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
    data = _edit_data(indicator, name="Nama baru", t_2026_0="empat puluh", t_2026_1="-5")
    response = _client(personas["admin"]).post(
        reverse("planning:indicator_edit", args=[indicator.pk]), data
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "«empat puluh» bukan angka" in text
    assert "Nilai tidak boleh negatif." in text
    assert 'value="Nama baru"' in text and 'value="empat puluh"' in text
    indicator.refresh_from_db()
    assert indicator.name == "Jumlah koperasi yang diperiksa dan diawasi"


def test_a_bidang_user_reads_the_whole_plan_but_edits_nothing(
    small_plan: Any, personas: Any
) -> None:
    indicator = Indicator.objects.get(code="IK.S1.1.01")
    client = _client(personas["kabid.koperasi"])
    detail = client.get(reverse("planning:indicator_detail", args=[indicator.pk]))
    assert (
        detail.status_code == 200 and 'data-testid="edit-indicator"' not in detail.content.decode()
    )
    response = client.post(
        reverse("planning:indicator_edit", args=[indicator.pk]), _edit_data(indicator, name="X")
    )
    assert response.status_code == 403
    indicator.refresh_from_db()
    assert indicator.name == "Persentase koperasi aktif"


def test_the_api_returns_indicators_targets_and_the_tree(small_plan: Any, personas: Any) -> None:
    client = APIClient()
    client.force_authenticate(personas["pemeriksa"])
    indicators = {i["code"]: i for i in client.get("/api/v1/indicators/").json()["results"]}
    iku = indicators["IK.S1.1.01"]
    assert (iku["level"], iku["aggregation"], iku["is_iku"]) == ("sasaran", "last", True)
    targets = client.get("/api/v1/targets/", {"year": 2026}).json()["results"]
    output = indicators["IK.2.17.03.2.01.0004.01"]["id"]
    assert {(t["quarter"], t["value"]) for t in targets if t["indicator"] == output} == {
        (None, 40.0),
        (1, 10.0),
        (2, 10.0),
        (3, 10.0),
        (4, 10.0),
    }
    tree = {n["code"]: n for n in client.get("/api/v1/plan/").json()["results"]}
    assert tree["2.17.03.2.01.0004"]["parent"] == tree["2.17.03.2.01"]["id"]
    assert tree["T1"]["parent"] is None


def test_the_mismatch_warning_prints_plain_numbers(small_plan: Any) -> None:
    from monev.planning.services import target_warnings

    indicator = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
    targets = {(2026, None): Decimal("120.0000"), (2026, 1): Decimal("100.0000")}
    assert "(100) tidak sama dengan target tahunan (120)" in target_warnings(indicator, targets)[0]
