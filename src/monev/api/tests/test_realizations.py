"""Realisations over the API: no lost updates (version / If-Match), RULES §10 numbers, and
error messages in the language the client asks for."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from monev.collection.models import Realization, Submission
from monev.planning.models import Indicator
from monev.sop import services as sop_services
from monev.sop.testing import run_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(sop_cycle: Any, small_plan: Any, personas: Any) -> Any:
    """Triwulan III 2026 with step 1 done: Bidang Koperasi has its format isian."""
    sop_services.step_complete(actor=personas["kasubag"], run=run_of(sop_cycle, 1))
    return sop_cycle


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _url(indicator: Indicator) -> str:
    return f"/api/v1/realizations/{indicator.pk}/2026/3/"


def _web_save(user: Any, submission: Submission, iku: Indicator, value: str) -> None:
    """The web user saves the form (the version they opened) with `value` for the IKU."""
    client = Client()
    client.force_login(user)
    output = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
    data = {
        "version": str(submission.version),
        f"v_{iku.pk}": value,
        f"v_{output.pk}": "",
        f"b_{output.node_id}": "",
        "problems": "",
        "follow_up": "",
        "drivers": "",
        "obstacles": "",
    }
    response = client.post(reverse("collection:form", args=[submission.pk]), data)
    assert response.status_code == 302, response.content


def test_get_returns_the_version_and_etag_and_a_fresh_write_is_saved(
    cycle: Any, personas: Any
) -> None:
    iku = Indicator.objects.get(code="IK.S1.1.01")
    api = _api(personas["operator.koperasi"])
    read = api.get(_url(iku))
    assert read.status_code == 200
    assert read.json()["version"] == 1 and read.json()["value"] is None
    submission = Submission.objects.get(cycle=cycle, unit__code="BID-KOP")
    assert read["ETag"] == f'"{submission.pk}-1"'
    written = api.put(_url(iku), {"value": "1.500"}, format="json", HTTP_IF_MATCH=read["ETag"])
    assert written.status_code == 200, written.content
    assert written.json()["value"] == 1500.0 and written.json()["version"] == 2
    assert written["ETag"] == f'"{submission.pk}-2"'
    assert Realization.objects.get(indicator=iku).value == Decimal(1500)


def test_a_stale_api_write_gets_409_and_the_web_users_value_survives(
    cycle: Any, personas: Any
) -> None:
    iku = Indicator.objects.get(code="IK.S1.1.01")
    submission = Submission.objects.get(cycle=cycle, unit__code="BID-KOP")
    api = _api(personas["kabid.koperasi"])
    version = api.get(_url(iku)).json()["version"]
    _web_save(personas["operator.koperasi"], submission, iku, "61,5")  # the web user saves
    body = {"indicator": iku.pk, "year": 2026, "quarter": 3, "value": 99, "version": version}
    response = api.post("/api/v1/realizations/", body, format="json")
    assert response.status_code == 409
    answer = response.json()
    assert "sudah disimpan oleh operator.koperasi" in answer["detail"]
    assert answer["current"]["value"] == 61.5 and answer["current"]["version"] == 2
    assert Realization.objects.get(indicator=iku).value == Decimal("61.5")


def test_a_stale_if_match_gets_412_with_the_current_values(cycle: Any, personas: Any) -> None:
    iku = Indicator.objects.get(code="IK.S1.1.01")
    submission = Submission.objects.get(cycle=cycle, unit__code="BID-KOP")
    api = _api(personas["kabid.koperasi"])
    etag = api.get(_url(iku))["ETag"]
    _web_save(personas["operator.koperasi"], submission, iku, "61,5")
    response = api.put(_url(iku), {"value": 99}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    assert response.json()["current"]["value"] == 61.5
    assert response["ETag"] == f'"{submission.pk}-2"'
    assert Realization.objects.get(indicator=iku).value == Decimal("61.5")


def test_a_write_without_a_version_is_refused_and_changes_nothing(
    cycle: Any, personas: Any
) -> None:
    iku = Indicator.objects.get(code="IK.S1.1.01")
    api = _api(personas["operator.koperasi"])
    response = api.put(_url(iku), {"value": 5}, format="json")
    assert response.status_code == 428
    assert "version" in response.json()["detail"]
    assert not Realization.objects.exists()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("1.500", "1500"), ("12,5", "12.5"), ("1.234,5", "1234.5"), ("1,234.5", "1234.5")],
)
def test_the_api_reads_numbers_as_the_forms_do(
    cycle: Any, personas: Any, typed: str, stored: str
) -> None:
    iku = Indicator.objects.get(code="IK.S1.1.01")
    api = _api(personas["operator.koperasi"])
    version = api.get(_url(iku)).json()["version"]
    response = api.put(_url(iku), {"value": typed, "version": version}, format="json")
    assert response.status_code == 200, response.content
    assert Realization.objects.get(indicator=iku).value == Decimal(stored)


def test_errors_are_indonesian_by_default_and_english_on_request(cycle: Any, personas: Any) -> None:
    iku = Indicator.objects.get(code="IK.S1.1.01")
    api = _api(personas["operator.koperasi"])
    body = {"value": "enam puluh", "version": 1}
    default = api.put(_url(iku), body, format="json")
    assert default.status_code == 400
    assert "«enam puluh» bukan angka" in default.json()["value"][0]
    assert default["Content-Language"] == "id"
    english = api.put(
        _url(iku), {"version": 1, "year": "x"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert english["Content-Language"] == "en"
    anonymous = APIClient().get(_url(iku), HTTP_ACCEPT_LANGUAGE="en")
    assert anonymous.json()["detail"] == "Authentication credentials were not provided."
    indonesian = APIClient().get(_url(iku), HTTP_ACCEPT_LANGUAGE="id")
    assert indonesian.json()["detail"] != "Authentication credentials were not provided."
    assert APIClient().get(_url(iku)).json()["detail"] == indonesian.json()["detail"]


def test_another_bidang_neither_reads_nor_writes_the_realisation(cycle: Any, personas: Any) -> None:
    iku = Indicator.objects.get(code="IK.S1.1.01")
    api = _api(personas["operator.ukm"])
    assert api.get(_url(iku)).status_code == 404
    assert api.put(_url(iku), {"value": 1, "version": 1}, format="json").status_code == 404
    kasubag = _api(personas["kasubag"])
    assert kasubag.get(_url(iku)).status_code == 200
    assert kasubag.put(_url(iku), {"value": 1, "version": 1}, format="json").status_code == 403
