"""The plan form (step 4) without JS: the Bidang first, then only its indicators; a foreign
indicator refused; deleting a visit asks first (a confirmation page), then deletes on POST."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from monev.monitoring.models import Visit
from monev.organization.models import Unit
from monev.planning.models import Indicator

pytestmark = pytest.mark.django_db


def _kasubag(personas: dict[str, Any]) -> Client:
    client = Client()
    client.force_login(personas["kasubag"])
    return client


def _offered(html: str) -> set[str]:
    """The indicator checkboxes the form offers, by indicator pk."""
    return set(re.findall(r'name="indicators" value="(\d+)"', html))


def _post(personas: dict[str, Any], unit: Unit, indicators: list[Indicator]) -> dict[str, Any]:
    team = [personas["kasubag"].official.pk, personas["staf.program"].official.pk]
    from monev.monitoring.services import default_checklist

    return {
        "unit": unit.pk,
        "day": "2026-10-12",
        "start": "09:00",
        "end": "11:00",
        "place": "Aula",
        "team": team,
        "leader": team[0],
        "checklist": default_checklist(unit.agency).pk,
        "indicators": [i.pk for i in indicators],
    }


def test_the_bidang_comes_first_and_only_its_indicators_are_offered(
    plan_cycle: Any, personas: dict[str, Any]
) -> None:
    client = _kasubag(personas)
    url = reverse("monitoring:plan", args=[plan_cycle.pk])
    kop, naker = Unit.objects.get(code="BID-KOP"), Unit.objects.get(code="BID-NAKER")
    first = client.get(url).content.decode()
    assert 'data-testid="plan-unit-pick"' in first
    assert 'name="indicators"' not in first  # no indicator before the Bidang
    page = client.get(url, {"bidang": naker.pk}).content.decode()
    naker_ids = {
        str(pk)
        for pk in Indicator.objects.filter(responsible_unit=naker).values_list("pk", flat=True)
    }
    assert naker_ids and _offered(page) == naker_ids
    assert f'data-testid="plan-unit">{naker}</strong>' in page
    kop_page = client.get(url, {"bidang": kop.pk}).content.decode()
    kop_ids = {
        str(pk)
        for pk in Indicator.objects.filter(responsible_unit=kop).values_list("pk", flat=True)
    }
    assert _offered(kop_page) == kop_ids and not kop_ids & naker_ids
    # another Bidang's indicator is refused, nothing saved, the typed entries kept
    foreign = Indicator.objects.filter(responsible_unit=kop).first()
    refused = client.post(url, _post(personas, naker, [foreign]))
    assert refused.status_code == 200
    assert not Visit.objects.filter(cycle=plan_cycle).exists()
    body = refused.content.decode()
    assert f"{foreign.pk} bukan salah satu" in body  # Django's message, in Indonesian
    assert 'value="Aula"' in body and _offered(body) == naker_ids
    # its own indicator is accepted
    mine = Indicator.objects.filter(responsible_unit=naker).first()
    saved = client.post(url, _post(personas, naker, [mine]))
    assert saved.status_code == 302
    visit = Visit.objects.get(cycle=plan_cycle)
    assert visit.unit == naker
    assert [line.indicator_id for line in visit.indicators.all()] == [mine.pk]
    # «Ganti Bidang» asks for the Bidang again; editing keeps the visit's Bidang
    assert 'data-testid="plan-unit-pick"' in client.get(url, {"ganti": 1}).content.decode()
    editing = client.get(url, {"visit": visit.pk}).content.decode()
    assert _offered(editing) == naker_ids
    assert (
        f'value="{mine.pk}" class="form-check-input" id="id_indicators_0" checked' in editing
        or (re.search(rf'value="{mine.pk}"[^>]*checked', editing))
    )


def test_deleting_a_visit_asks_first(plan_cycle: Any, personas: dict[str, Any]) -> None:
    client = _kasubag(personas)
    url = reverse("monitoring:plan", args=[plan_cycle.pk])
    naker = Unit.objects.get(code="BID-NAKER")
    assert client.post(url, _post(personas, naker, [])).status_code == 302
    visit = Visit.objects.get(cycle=plan_cycle)
    editing = client.get(url, {"visit": visit.pk}).content.decode()
    delete_url = reverse("monitoring:visit_delete", args=[visit.pk])
    # the plan page links to the confirmation; no form there deletes at once
    assert f'href="{delete_url}"' in editing
    assert f'action="{delete_url}"' not in editing
    confirm = client.get(delete_url)
    assert confirm.status_code == 200
    text = confirm.content.decode()
    assert 'data-testid="visit-delete-confirm"' in text and naker.name in text
    assert Visit.objects.filter(pk=visit.pk).exists()  # asking deletes nothing
    done = client.post(delete_url)
    assert done.status_code == 302
    assert not Visit.objects.filter(pk=visit.pk).exists()
