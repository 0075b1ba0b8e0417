"""The flag board of step 3: filters, one line per flag, explanations in place (htmx) and in
bulk, and a fixed number of queries whatever the number of flags."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from monev.collection.models import Realization
from monev.core.models import AuditEntry
from monev.evaluation.models import FlagResolution
from monev.planning.models import Indicator, Target
from monev.sop import services as sop_services
from monev.sop.testing import run_of

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def add_indicators(period: Any, count: int, start: int = 0) -> list[Indicator]:
    """`count` more outputs of Bidang Koperasi with a target and no value (missing value)."""
    template = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
    made = []
    for n in range(start, start + count):
        indicator = Indicator.objects.create(
            period=period,
            node=template.node,
            code=f"IK.X.{n:02d}",
            name=f"Indikator tambahan {n}",
            unit_of_measure="dokumen",
            responsible_unit=template.responsible_unit,
        )
        Target.objects.create(indicator=indicator, year=2026, quarter=None, value=Decimal(4))
        made.append(indicator)
    return made


@pytest.fixture
def at_step3(sop_cycle: Any, small_plan: Any, personas: Any) -> Any:
    kasubag = personas["kasubag"]
    sop_services.step_complete(actor=kasubag, run=run_of(sop_cycle, 1))
    output = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
    Realization.objects.create(indicator=output, year=2026, quarter=3, value=Decimal(99))
    sop_services.step_complete(actor=kasubag, run=run_of(sop_cycle, 2), override_reason="uji")
    return sop_cycle


@pytest.fixture
def kasubag_client(personas: Any) -> Client:
    client = Client()
    client.force_login(personas["kasubag"])
    return client


def _url(name: str, cycle: Any, query: str = "") -> str:
    return reverse(f"evaluation:{name}", args=[cycle.pk]) + (f"?{query}" if query else "")


def test_flags_filter_by_kind_and_bidang_and_are_listed_once(
    at_step3: Any, kasubag_client: Client
) -> None:
    page = kasubag_client.get(_url("processing", at_step3)).content.decode()
    keys = [part.split('"')[0] for part in page.split('data-flag="')[1:]]
    assert keys and len(keys) == len(set(keys))
    only_missing = kasubag_client.get(_url("processing", at_step3, "jenis=missing_value"))
    text = only_missing.content.decode()
    assert 'data-flag="' in text and ":achievement_above_150" not in text
    kop = Indicator.objects.get(code="IK.S1.1.01").responsible_unit_id
    other = kasubag_client.get(_url("processing", at_step3, f"bidang={kop + 999}"))
    assert "Tidak ada tanda untuk saringan ini." in other.content.decode()


def test_an_explanation_saves_in_place_with_htmx(at_step3: Any, kasubag_client: Client) -> None:
    indicator = Indicator.objects.get(code="IK.S1.1.01")
    response = kasubag_client.post(
        _url("resolve", at_step3, "jenis=missing_value"),
        {"indicator": indicator.pk, "code": "missing_value", "note": "Data BPS belum terbit"},
        **HX,
    )
    text = response.content.decode()
    assert response.status_code == 200 and "HX-Request" in response["Vary"]
    assert "<html" not in text and f'id="flag-{indicator.pk}-missing_value"' in text
    assert "Data BPS belum terbit" in text and 'hx-swap-oob="true"' in text
    assert FlagResolution.objects.get(indicator=indicator, code="missing_value").note == (
        "Data BPS belum terbit"
    )
    # explaining it again changes the note, audited as an update
    kasubag_client.post(
        _url("resolve", at_step3),
        {"indicator": indicator.pk, "code": "missing_value", "note": "Data BPS terbit Desember"},
        **HX,
    )
    resolution = FlagResolution.objects.get(indicator=indicator, code="missing_value")
    assert resolution.note == "Data BPS terbit Desember"
    assert AuditEntry.objects.filter(object_id=str(resolution.pk), action="update").exists()
    empty = kasubag_client.post(
        _url("resolve", at_step3),
        {"indicator": indicator.pk, "code": "missing_value", "note": " "},
        **HX,
    )
    assert "Tuliskan penjelasan" in empty.content.decode()


def test_many_flags_are_explained_with_one_note(
    at_step3: Any, kasubag_client: Client, small_plan: Any
) -> None:
    extra = add_indicators(small_plan, 5)
    keys = [f"{i.pk}:missing_value" for i in extra]
    response = kasubag_client.post(
        _url("resolve_many", at_step3),
        {"flag": [*keys, "nonsense", "999999:missing_value"], "note": "Belum ada kegiatan"},
        **HX,
    )
    text = response.content.decode()
    assert response.status_code == 200 and "<html" not in text and 'id="flag-board"' in text
    assert "5 tanda dijelaskan." in text
    assert FlagResolution.objects.filter(note="Belum ada kegiatan").count() == 5
    nothing = kasubag_client.post(_url("resolve_many", at_step3), {"note": "x"}, follow=True)
    assert "Pilih paling sedikit satu tanda." in nothing.content.decode()


def test_only_the_kasubag_explains(at_step3: Any, personas: Any) -> None:
    client = Client()
    client.force_login(personas["kadis"])
    indicator = Indicator.objects.get(code="IK.S1.1.01")
    response = client.post(
        _url("resolve_many", at_step3),
        {"flag": [f"{indicator.pk}:missing_value"], "note": "x"},
    )
    assert response.status_code == 403
    assert not FlagResolution.objects.exists()


def test_the_flag_board_reads_a_fixed_number_of_queries(
    at_step3: Any, kasubag_client: Client, small_plan: Any, django_assert_max_num_queries: Any
) -> None:
    add_indicators(small_plan, 3)
    # 51: the plan stages (RULES §11); +5: the agency settings, read by each of the page's
    # three computations (inside the test's transaction nothing is kept), for the mean and for
    # the predikat labels
    with django_assert_max_num_queries(56) as few:
        kasubag_client.get(_url("processing", at_step3))
    add_indicators(small_plan, 30, start=3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = kasubag_client.get(_url("processing", at_step3)).content.decode()
    assert page.count('data-testid="flag-item"') >= 33


def test_a_bulk_explanation_keeps_an_earlier_one_unless_told_to_overwrite(
    at_step3: Any, kasubag_client: Client, small_plan: Any
) -> None:
    extra = add_indicators(small_plan, 3)
    keys = [f"{i.pk}:missing_value" for i in extra]
    kasubag_client.post(
        _url("resolve", at_step3),
        {"indicator": extra[0].pk, "code": "missing_value", "note": "Kontrak baru Desember"},
        **HX,
    )
    response = kasubag_client.post(
        _url("resolve_many", at_step3), {"flag": keys, "note": "Belum ada kegiatan"}, **HX
    )
    text = response.content.decode()
    assert "2 tanda dijelaskan." in text
    assert "1 tanda sudah punya penjelasan dan tidak ditimpa" in text
    assert 'data-testid="bulk-overwrite"' in text and "timpa penjelasan yang ada" in text
    kept = FlagResolution.objects.get(indicator=extra[0], code="missing_value")
    assert kept.note == "Kontrak baru Desember"
    assert FlagResolution.objects.filter(note="Belum ada kegiatan").count() == 2
    # Only an explicit tick replaces it.
    kasubag_client.post(
        _url("resolve_many", at_step3),
        {"flag": keys[:1], "note": "Ditinjau ulang", "overwrite": "1"},
        **HX,
    )
    kept.refresh_from_db()
    assert kept.note == "Ditinjau ulang"
