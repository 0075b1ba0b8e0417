"""SOP step 3: the data-quality flags of the quarter must be resolved or explained."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from monev.collection.models import Realization
from monev.evaluation import selectors, services
from monev.planning.models import Indicator
from monev.sop import handlers as sop_handlers
from monev.sop import services as sop_services
from monev.sop.testing import run_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_step3(sop_cycle: Any, small_plan: Any, personas: Any) -> Any:
    kasubag = personas["kasubag"]
    sop_services.step_complete(actor=kasubag, run=run_of(sop_cycle, 1))
    output = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
    Realization.objects.create(indicator=output, year=2026, quarter=3, value=Decimal(99))
    sop_services.step_complete(actor=kasubag, run=run_of(sop_cycle, 2), override_reason="uji")
    return sop_cycle


def test_step_three_waits_until_every_flag_is_explained(at_step3: Any, personas: Any) -> None:
    kasubag = personas["kasubag"]
    codes = {(r.indicator.code, f.code) for r, f, _res in selectors.open_flags(at_step3)}
    assert ("IK.S1.1.01", "missing_value") in codes
    assert ("IK.2.17.03.2.01.0004.01", "achievement_above_150") in codes
    assert ("IK.2.17.03.2.01.0004.01", "cumulative_gap") in codes
    step3 = run_of(at_step3, 3)
    with pytest.raises(ValidationError):
        sop_services.step_complete(actor=kasubag, run=step3)
    with pytest.raises(PermissionDenied):
        services.flag_resolve(
            actor=personas["kadis"],
            cycle=at_step3,
            indicator=Indicator.objects.first(),
            code="x",
            note="y",
        )
    for result, flag, _res in selectors.open_flags(at_step3):
        services.flag_resolve(
            actor=kasubag,
            cycle=at_step3,
            indicator=result.indicator,
            code=flag.code,
            note="Dikonfirmasi dengan Bidang Koperasi",
        )
    sop_services.step_complete(actor=kasubag, run=step3)
    assert run_of(at_step3, 4).status == "berjalan"


def test_the_processing_page_lists_flags_and_results(at_step3: Any, personas: Any) -> None:
    client = Client()
    client.force_login(personas["kasubag"])
    page = client.get(reverse("evaluation:processing", args=[at_step3.pk])).content.decode()
    assert "Capaian di atas 150 %" in page and "Nilai tidak diisi" in page
    assert "330,00 %" in page  # 99 of 30 s/d TW III
    indicator = Indicator.objects.get(code="IK.S1.1.01")
    response = client.post(
        reverse("evaluation:resolve", args=[at_step3.pk]),
        {"indicator": indicator.pk, "code": "missing_value", "note": "Data BPS belum terbit"},
        follow=True,
    )
    assert "Penjelasan disimpan." in response.content.decode()
    assert "Data BPS belum terbit" in response.content.decode()


def test_results_aggregate_to_every_level_of_the_plan(at_step3: Any, personas: Any) -> None:
    """RULES §5: a group's mean counts each indicator of its subtree once, capped at 100."""
    from monev.evaluation.selectors import node_summaries, results_for_quarter

    iku = Indicator.objects.get(code="IK.S1.1.01")
    Realization.objects.create(indicator=iku, year=2026, quarter=3, value=Decimal("58.5"))
    results = results_for_quarter(at_step3.agency_id, year=2026, quarter=3)
    levels = {item.node.code: item for item in node_summaries(at_step3.agency_id, results)}
    assert list(levels) == ["T1", "S1.1", "2.17.03", "2.17.03.2.01", "2.17.03.2.01.0004"]
    # The output (99 of 30 → 330 %, capped at 100) and the IKU (58,5 of 65 → 90 %).
    assert levels["2.17.03.2.01.0004"].summary.mean == Decimal("100.00")
    assert levels["2.17.03"].summary.count == 1
    assert levels["S1.1"].summary.mean == Decimal("95.00")  # (100 + 90) / 2
    assert levels["T1"].summary.count == 2 and levels["T1"].depth == 0
    client = Client()
    client.force_login(personas["kasubag"])
    page = client.get(reverse("evaluation:processing", args=[at_step3.pk])).content.decode()
    assert 'data-node="S1.1"' in page and "95,00 %" in page


def test_step_three_names_the_unexplained_flags_and_a_second_note_is_an_audited_update(
    at_step3: Any, personas: Any
) -> None:
    from monev.core.models import AuditEntry

    kasubag = personas["kasubag"]
    flags = selectors.open_flags(at_step3)
    step3 = run_of(at_step3, 3)
    with pytest.raises(ValidationError) as error:
        sop_services.step_complete(actor=kasubag, run=step3)
    message = error.value.messages[0]
    assert f"{len(flags)} tanda kualitas data belum dijelaskan" in message
    assert "Lampirkan dokumen output" not in message
    result, flag, _res = flags[0]
    first = services.flag_resolve(
        actor=kasubag, cycle=at_step3, indicator=result.indicator, code=flag.code, note="A"
    )
    again = services.flag_resolve(
        actor=kasubag, cycle=at_step3, indicator=result.indicator, code=flag.code, note="B"
    )
    assert again.pk == first.pk and again.note == "B"
    entries = AuditEntry.objects.filter(
        object_id=str(first.pk), content_type__model="flagresolution"
    )
    assert list(entries.order_by("pk").values_list("action", flat=True)) == ["create", "update"]
    assert entries.order_by("pk").last().changes == {"note": ["A", "B"]}  # type: ignore[union-attr]
    assert sop_handlers.blockers(step3) == [
        f"{len(flags) - 1} tanda kualitas data belum dijelaskan."
    ]
