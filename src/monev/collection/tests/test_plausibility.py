"""A whole-number indicator refuses decimals instead of rounding them silently, and a value far
from its target or from the previous quarter is saved only once confirmed ("Ya, nilai ini
benar") — issue #23. The quarter target of the output indicator is 10 koperasi."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from monev.collection import services
from monev.collection.models import Realization, Submission
from monev.planning.models import Indicator
from monev.sop import services as sop_services
from monev.sop.testing import run_of

pytestmark = pytest.mark.django_db

OUTPUT = "IK.2.17.03.2.01.0004.01"  # koperasi, whole numbers, target 10 this quarter
IKU = "IK.S1.1.01"  # %, two decimals, target 65


@pytest.fixture
def submission(sop_cycle: Any, small_plan: Any, personas: Any) -> Submission:
    sop_services.step_complete(actor=personas["kasubag"], run=run_of(sop_cycle, 1))
    return Submission.objects.get(cycle=sop_cycle, unit__code="BID-KOP")


@pytest.fixture
def operator(personas: Any) -> Client:
    client = Client()
    client.force_login(personas["operator.koperasi"])
    return client


def _post(client: Client, submission: Submission, **extra: str) -> Any:
    submission.refresh_from_db()
    output = Indicator.objects.get(code=OUTPUT)
    iku = Indicator.objects.get(code=IKU)
    data = {"version": str(submission.version), f"v_{output.pk}": "", f"v_{iku.pk}": ""}
    for key, value in extra.items():
        name, which = key.split("__")
        pk = output.pk if which == "output" else iku.pk
        data[f"{name}_{pk}"] = value
    return client.post(reverse("collection:form", args=[submission.pk]), data)


def _stored(code: str) -> Decimal | None:
    found = Realization.objects.filter(indicator__code=code, quarter=3).first()
    return found.value if found else None


def test_decimals_on_a_whole_number_indicator_are_refused_not_rounded(
    submission: Submission, operator: Client
) -> None:
    response = _post(operator, submission, v__output="1.234,5")
    assert response.status_code == 400
    page = response.content.decode()
    assert "«1.234,5» memakai desimal" in page and "bilangan bulat (koperasi)" in page
    assert "1.234 atau 1.235" in page
    assert 'value="1.234,5"' in page  # what was typed stays on screen
    assert _stored(OUTPUT) is None  # nothing stored, nothing rounded


def test_the_service_refuses_decimals_whatever_the_way_in(
    submission: Submission, personas: Any
) -> None:
    output = Indicator.objects.get(code=OUTPUT)
    with pytest.raises(ValidationError, match="memakai desimal"):
        services.submission_save(
            actor=personas["operator.koperasi"],
            submission=submission,
            version=submission.version,
            indicators={output.pk: services.IndicatorInput(Decimal("7.5"))},
            budgets={},
            narratives={},
        )
    assert _stored(OUTPUT) is None


def test_two_decimals_are_accepted_where_the_indicator_has_two(
    submission: Submission, operator: Client
) -> None:
    response = _post(operator, submission, v__iku="61,25")
    assert response.status_code == 302
    assert _stored(IKU) == Decimal("61.25")


def test_a_value_far_above_the_target_asks_for_confirmation_then_saves(
    submission: Submission, operator: Client
) -> None:
    output = Indicator.objects.get(code=OUTPUT)
    warned = _post(operator, submission, v__output="1.234", n__output="Data dinas")
    assert warned.status_code == 200
    page = warned.content.decode()
    assert "lebih dari sepuluh kali target (10)" in page
    assert "Ya, nilai ini benar" in page and f'name="ok_{output.pk}"' in page
    assert 'value="1.234"' in page and "Data dinas" in page
    assert _stored(OUTPUT) is None  # not saved until confirmed
    confirmed = _post(operator, submission, v__output="1.234", ok__output="on")
    assert confirmed.status_code == 302
    assert _stored(OUTPUT) == 1234
    # saved once confirmed, the same value is not asked about again
    again = _post(operator, submission, v__output="1.234")
    assert again.status_code == 302


def test_a_value_far_from_the_previous_quarter_is_warned(
    submission: Submission, operator: Client
) -> None:
    iku = Indicator.objects.get(code=IKU)
    Realization.objects.create(indicator=iku, year=2026, quarter=2, value=Decimal("72.5"))
    warned = _post(operator, submission, v__iku="6,25")  # a slipped decimal mark
    assert warned.status_code == 200
    assert "sangat jauh dari realisasi triwulan sebelumnya (72,50)" in warned.content.decode()
    assert _stored(IKU) is None


def test_a_plausible_value_saves_without_a_question(
    submission: Submission, operator: Client
) -> None:
    response = _post(operator, submission, v__output="12")
    assert response.status_code == 302
    assert _stored(OUTPUT) == 12
