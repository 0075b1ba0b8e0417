"""Every number field refuses what its column cannot hold (issue 21, item 1): 10^14 typed into
the format isian, the budget, the plan editing form or sent to the API is refused with an
Indonesian message and the page keeps working; `monev check_data` names a value that was
stored beyond its digits anyway (SQLite keeps it; every later read of the row fails)."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from monev.collection.models import Realization, Submission
from monev.core.numbers import MEASURE, MONEY, read_number
from monev.domain.numbers import Digits, fit
from monev.planning.models import Indicator
from monev.sop import services as sop_services
from monev.sop.testing import run_of

BIG = "100000000000000"  # 10^14: one digit more than a measure column holds before the mark


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        ("99999999999999.9", MEASURE, "99999999999999.9"),
        ("99999999999999.98", MEASURE, None),  # SQLite would read it back as 10^14
        ("99999999999999.99995", MEASURE, None),  # rounds up to 10^14
        ("100000000000000", MEASURE, None),
        ("-100000000000000", MEASURE, None),
        ("1E+40", MEASURE, None),
        ("12.34567", MEASURE, "12.3457"),
        ("9999999999999990", MONEY, "9999999999999990.00"),
        ("9999999999999999.99", MONEY, None),
        ("10000000000000000", MONEY, None),
        ("NaN", MEASURE, None),
    ],
)
def test_a_value_fits_its_column_or_not(value: str, digits: Digits, expected: str | None) -> None:
    result = fit(Decimal(value), digits)
    assert result == (None if expected is None else Decimal(expected))


def test_the_shared_reader_explains_the_refusal_in_indonesian() -> None:
    with pytest.raises(ValidationError) as caught:
        read_number("100.000.000.000.000", MEASURE)
    assert "terlalu besar" in caught.value.messages[0]
    assert "14 angka sebelum koma" in caught.value.messages[0]
    assert read_number("Rp 1.500.000", MONEY) == Decimal("1500000.00")
    with pytest.raises(ValidationError, match="bukan angka"):
        read_number("1e20", MEASURE)


@pytest.fixture
def cycle(sop_cycle: Any, small_plan: Any, personas: Any) -> Any:
    sop_services.step_complete(actor=personas["kasubag"], run=run_of(sop_cycle, 1))
    return sop_cycle


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form_data(submission: Submission, **values: str) -> dict[str, str]:
    iku = Indicator.objects.get(code="IK.S1.1.01")
    output = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
    data = {
        "version": str(submission.version),
        f"v_{iku.pk}": values.get("iku", ""),
        f"v_{output.pk}": values.get("output", ""),
        f"b_{output.node_id}": values.get("budget", ""),
        "problems": "",
        "follow_up": "",
        "drivers": "",
        "obstacles": "",
    }
    return data


@pytest.mark.django_db
def test_the_format_isian_refuses_ten_to_the_fourteen_and_keeps_working(
    cycle: Any, personas: Any
) -> None:
    submission = Submission.objects.get(cycle=cycle, unit__code="BID-KOP")
    client = _client(personas["operator.koperasi"])
    url = reverse("collection:form", args=[submission.pk])
    response = client.post(url, _form_data(submission, iku=BIG, budget="10.000.000.000.000.000"))
    assert response.status_code == 400
    page = response.content.decode()
    assert f"Angka «{BIG}» terlalu besar" in page
    assert "Angka «10.000.000.000.000.000» terlalu besar" in page  # the budget (Rp) too
    assert not Realization.objects.exists()
    assert client.get(url).status_code == 200
    # the largest value that fits is kept (once confirmed: it is far above its target)
    iku = Indicator.objects.get(code="IK.S1.1.01")
    data = _form_data(submission, iku="99.999.999.999.999,9")
    assert client.post(url, data).status_code == 200  # asks «Ya, nilai ini benar» first
    assert not Realization.objects.exists()
    response = client.post(url, {**data, f"ok_{iku.pk}": "on"})
    assert response.status_code == 302
    assert Realization.objects.get().value == Decimal("99999999999999.9")
    assert client.get(url).status_code == 200
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_the_plan_editing_form_refuses_a_target_beyond_its_digits(
    small_plan: Any, personas: Any
) -> None:
    indicator = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
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
        "baseline": BIG,
        "end_target": "",
        "t_2026_0": "1" + "0" * 20,
    }
    client = _client(personas["kasubag"])
    url = reverse("planning:indicator_edit", args=[indicator.pk])
    response = client.post(url, data)
    assert response.status_code in (200, 400)
    assert "terlalu besar" in response.content.decode()
    indicator.refresh_from_db()
    assert indicator.baseline is None
    assert client.get(reverse("planning:indicator_detail", args=[indicator.pk])).status_code == 200


@pytest.mark.django_db
def test_the_api_refuses_it_with_the_same_message(cycle: Any, personas: Any) -> None:
    output = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
    client = APIClient()
    client.force_authenticate(personas["operator.koperasi"])
    for value in (BIG, int(BIG), 1e20):
        body = {"indicator": output.pk, "year": 2026, "quarter": 3, "value": value, "version": 1}
        response = client.post("/api/v1/realizations/", body, format="json")
        assert response.status_code == 400, response.content
        assert "terlalu besar" in response.content.decode()
    assert not Realization.objects.exists()


@pytest.mark.django_db
def test_check_data_names_a_value_stored_beyond_its_digits(cycle: Any, personas: Any) -> None:
    output = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
    realization = Realization.objects.create(
        indicator=output, year=2026, quarter=3, value=Decimal(9)
    )
    out = StringIO()
    call_command("check_data", stdout=out, stderr=StringIO())
    assert "can be read" in out.getvalue()
    table = Realization._meta.db_table
    sql = f"UPDATE {table} SET value = %s WHERE id = %s"
    if connection.vendor != "sqlite":  # PostgreSQL refuses such a value itself
        from django.db import DataError, transaction

        with pytest.raises(DataError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [10**15, realization.pk])
        return
    with connection.cursor() as cursor:  # what a form let through before: SQLite keeps it
        cursor.execute(sql, [10**15, realization.pk])
    err = StringIO()
    with pytest.raises(CommandError, match="1 stored value"):
        call_command("check_data", stdout=StringIO(), stderr=err)
    line = err.getvalue()
    assert f"collection.Realization id={realization.pk} value" in line
    assert "lebih dari 14 angka sebelum koma" in line
