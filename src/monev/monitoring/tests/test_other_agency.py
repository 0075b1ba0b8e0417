"""A user of another agency is no party to anything of this agency, whatever their roles:
the services refuse them (403) before the views' own scoping, and nothing changes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from monev.accounts import services as account_services
from monev.accounts.choices import Role
from monev.collection import policies as collection_policies
from monev.collection import services as collection_services
from monev.collection.models import Realization, Submission
from monev.core.models import AuditEntry
from monev.monitoring import policies, services
from monev.monitoring.tests.test_flow import fill, plan
from monev.organization.models import Agency
from monev.sop import policies as sop_policies
from monev.sop import services as sop_services
from monev.sop.models import StepRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def foreign(personas: Any) -> dict[str, Any]:
    """A Kasubag Program and a Sekretaris of another agency ("Dinas Lain" of the personas)."""
    other = Agency.objects.get(short_name="LAIN")
    return {
        role: account_services.user_create(
            actor=None, agency=other, username=f"{role}.lain", password="monev-demo", roles=[role]
        )
        for role in (Role.KASUBAG_PROGRAM, Role.SEKRETARIS)
    }


def test_another_agencys_kasubag_and_sekretaris_move_no_step(
    plan_cycle: Any, personas: Any, foreign: dict[str, Any]
) -> None:
    run = plan_cycle.runs.get(step__key="rencana_monev")
    kasubag, sekretaris = foreign[Role.KASUBAG_PROGRAM], foreign[Role.SEKRETARIS]
    assert sop_policies.run_parties(kasubag, run) == frozenset()
    assert sop_policies.run_actions(kasubag, run) == []
    entries = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        sop_services.step_complete(actor=kasubag, run=run, override_reason="uji")
    assert StepRun.objects.get(pk=run.pk).status == "berjalan"
    plan(plan_cycle, personas, "BID-KOP", 12)
    sop_services.step_complete(actor=personas["kasubag"], run=run)
    with pytest.raises(PermissionDenied):
        sop_services.step_approve(actor=sekretaris, run=run)
    with pytest.raises(PermissionDenied):
        sop_services.step_return_approval(actor=sekretaris, run=run, note="tidak")
    assert StepRun.objects.get(pk=run.pk).status == "menunggu_persetujuan"
    assert sop_policies.run_parties(personas["sekretaris"], run) == {"approver"}
    assert AuditEntry.objects.filter(actor__in=foreign.values()).count() == 0
    assert AuditEntry.objects.count() > entries  # the agency's own Kasubag did write


def test_another_agencys_kasubag_neither_reviews_nor_corrects_the_bidangs_data(
    plan_cycle: Any, personas: Any, foreign: dict[str, Any]
) -> None:
    kasubag = foreign[Role.KASUBAG_PROGRAM]
    submission = Submission.objects.get(cycle=plan_cycle, unit__code="BID-KOP")
    assert collection_policies.submission_parties(kasubag, submission) == frozenset()
    realization = Realization.objects.get(indicator__code="IK.S1.1.01", quarter=3)
    with pytest.raises(PermissionDenied):
        collection_services.realization_correct(
            actor=kasubag, realization=realization, value=Decimal(1), reason="ganti"
        )
    assert Realization.objects.get(pk=realization.pk).value == Decimal("61.5")


def test_another_agencys_kasubag_plans_no_visit_and_decides_no_correction(
    plan_cycle: Any, personas: Any, foreign: dict[str, Any]
) -> None:
    kasubag = foreign[Role.KASUBAG_PROGRAM]
    visits = plan_cycle.visits.count()
    team = [personas["kasubag"].official, personas["staf.program"].official]
    with pytest.raises(PermissionDenied):  # the agency's own officials, another's Kasubag
        plan(plan_cycle, {**personas, "kasubag": kasubag}, "BID-KOP", 12, team=team)
    assert plan_cycle.visits.count() == visits
    visit, _warnings = plan(plan_cycle, personas, "BID-KOP", 12)
    assert policies.visit_parties(kasubag, visit) == frozenset()
    assert policies.visit_parties(personas["kasubag"], visit) >= {"kasubag_program", "team_leader"}
    run = plan_cycle.runs.get(step__key="rencana_monev")
    sop_services.step_complete(actor=personas["kasubag"], run=run)
    sop_services.step_approve(actor=personas["sekretaris"], run=run)
    visit.refresh_from_db()
    fill(visit, personas, proposed=Decimal(10))
    services.visit_submit(actor=personas["kasubag"], visit=visit)
    line = visit.indicators.get(indicator__code="IK.2.17.03.2.01.0004.01")
    assert (line.correction_status, line.proposed_value) == ("diusulkan", Decimal(10))
    with pytest.raises(PermissionDenied):
        services.correction_decide(actor=kasubag, line=line, accept=True, reason="setuju")
    line.refresh_from_db()
    assert line.correction_status == "diusulkan"
    assert Realization.objects.get(indicator=line.indicator_id, quarter=3).value == Decimal(12)
