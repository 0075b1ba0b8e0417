"""A Bidang's form moves by one table (`domain.submission_flow`) through one locked, audited
service; return notes stay inside the form they were written for."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from monev.accounts.models import User
from monev.collection import policies, selectors, services
from monev.collection.models import Realization, Submission
from monev.collection.tests.test_workflow import cycle, koperasi  # noqa: F401 (fixture)
from monev.core.models import AuditEntry
from monev.domain import submission_flow
from monev.planning.models import Indicator, RenstraPeriod
from monev.sop.testing import run_of
from monev.sop.tests.test_step_actions import _two_clicks

pytestmark = pytest.mark.django_db

PERSONAS = ("operator.koperasi", "kabid.koperasi", "kasubag", "outsider", "kadis", "sekretaris")


class _Undo(Exception):
    pass


def _fill(submission: Submission, actor: User) -> None:
    lines, _budget = selectors.form_rows(submission)
    services.submission_save(
        actor=actor,
        submission=submission,
        version=submission.version,
        indicators={line.indicator.pk: services.IndicatorInput(value=Decimal(5)) for line in lines},
        budgets={},
        narratives={},
    )


def _try(user: User, submission: Submission, state: str, action: str) -> bool:
    accepted = False
    try:
        with transaction.atomic():
            Submission.objects.filter(pk=submission.pk).update(status=state)
            try:
                services.submission_act(
                    actor=user, submission=submission, action=action, note="perbaiki"
                )
                accepted = True
            except (PermissionDenied, ValidationError):
                accepted = False
            raise _Undo
    except _Undo:
        pass
    return accepted


def test_every_state_action_and_persona_follows_the_table(
    cycle: Any,  # noqa: F811
    personas: Any,
) -> None:
    submission = koperasi(cycle)
    _fill(submission, personas["operator.koperasi"])
    walked = 0
    for state, action, name in itertools.product(
        submission_flow.State, submission_flow.Action, PERSONAS
    ):
        user = personas[name]
        parties = policies.submission_parties(user, submission)
        expected = submission_flow.SUBMISSION.allows(state, action, parties)
        assert _try(user, submission, state, action) == expected, (state, action, name)
        walked += 1
    assert walked == 4 * 3 * len(PERSONAS)
    # the personas cover both parties and none
    assert policies.submission_parties(personas["operator.koperasi"], submission) == {"filler"}
    assert policies.submission_parties(personas["kasubag"], submission) == {"reviewer"}
    assert policies.submission_parties(personas["outsider"], submission) == frozenset()


def _foreign_indicators(sop_cycle: Any, personas: Any) -> tuple[Realization, Realization]:
    """A realisation of Bidang UKM (same agency) and one of another agency, same quarter."""
    from monev.organization.models import Unit

    period = RenstraPeriod.objects.get(agency=sop_cycle.agency)
    ukm = Unit.objects.get(code="BID-UKM")
    node = Indicator.objects.first().node  # type: ignore[union-attr]
    other_bidang = Indicator.objects.create(
        period=period,
        node=node,
        code="IK.UKM.01",
        name="UKM naik kelas",
        unit_of_measure="UKM",
        responsible_unit=ukm,
    )
    stranger = personas["stranger"]
    other_unit = Unit.objects.create(
        agency_id=stranger.agency_id, code="BID-X", name="Bidang X", kind="bidang"
    )
    other_period = RenstraPeriod.objects.create(
        agency_id=stranger.agency_id, name="Renstra lain", start_year=2025, end_year=2029
    )
    from monev.planning.models import PlanNode

    other_node = PlanNode.objects.create(
        period=other_period, level="tujuan", code="T9", name="Tujuan lain"
    )
    other_agency = Indicator.objects.create(
        period=other_period,
        node=other_node,
        code="IK.X.01",
        name="Indikator lain",
        unit_of_measure="%",
        responsible_unit=other_unit,
    )
    return (
        Realization.objects.create(
            indicator=other_bidang, year=sop_cycle.year, quarter=sop_cycle.quarter, value=Decimal(3)
        ),
        Realization.objects.create(
            indicator=other_agency, year=sop_cycle.year, quarter=sop_cycle.quarter, value=Decimal(4)
        ),
    )


def test_a_return_note_for_another_bidang_or_agency_is_refused_and_nothing_changes(
    cycle: Any,  # noqa: F811
    personas: Any,
) -> None:
    submission = koperasi(cycle)
    _fill(submission, personas["operator.koperasi"])
    services.submission_submit(actor=personas["operator.koperasi"], submission=submission)
    other_bidang, other_agency = _foreign_indicators(cycle, personas)
    own = Realization.objects.get(indicator__code="IK.S1.1.01")
    kasubag = personas["kasubag"]
    for foreign in (other_bidang, other_agency):
        audit_before = AuditEntry.objects.count()
        with pytest.raises(ValidationError, match="hanya untuk indikator pada laporan"):
            services.submission_return(
                actor=kasubag,
                submission=submission,
                note="Perbaiki",
                indicator_notes={own.indicator_id: "cek", foreign.indicator_id: "tertimpa"},
            )
        foreign.refresh_from_db()
        own.refresh_from_db()
        assert foreign.return_note == "" and foreign.value in (Decimal(3), Decimal(4))
        assert own.return_note == ""  # refused as a whole: nothing written
        assert Submission.objects.get(pk=submission.pk).status == "diajukan"
        assert AuditEntry.objects.count() == audit_before
    # the form's own indicator: written, and audited as an update of the realisation
    services.submission_return(
        actor=kasubag,
        submission=submission,
        note="Perbaiki",
        indicator_notes={own.indicator_id: "Sumber data?"},
    )
    own.refresh_from_db()
    assert own.return_note == "Sumber data?"
    entry = AuditEntry.objects.filter(action="update", object_id=str(own.pk)).latest("pk")
    assert entry.changes == {"return_note": ["", "Sumber data?"]}


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_accepts_make_one_transition_and_one_audit_entry(
    sop_cycle: Any, small_plan: Any, personas: Any
) -> None:
    from monev.sop import services as sop_services

    sop_services.step_complete(actor=personas["kasubag"], run=run_of(sop_cycle, 1))
    submission = koperasi(sop_cycle)
    _fill(submission, personas["operator.koperasi"])
    services.submission_submit(actor=personas["operator.koperasi"], submission=submission)
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    kasubag_pk = personas["kasubag"].pk
    user_model = type(personas["kasubag"])

    results = _two_clicks(
        lambda: services.submission_accept(
            actor=user_model.objects.get(pk=kasubag_pk),
            submission=Submission.objects.get(pk=submission.pk),
        )
    )
    assert results.count("ok") == 1 and len(results) == 2
    assert AuditEntry.objects.filter(pk__gt=last, action="transition").count() == 1
    submission.refresh_from_db()
    assert (
        submission.status == "diterima" and submission.version == 4
    )  # saved, submitted, accepted once


def test_step_two_names_the_bidang_not_yet_accepted(
    cycle: Any,  # noqa: F811
    personas: Any,
) -> None:
    from monev.sop import services as sop_services

    step2 = run_of(cycle, 2)
    with pytest.raises(ValidationError) as error:
        sop_services.step_complete(actor=personas["kasubag"], run=step2)
    assert "1 Bidang belum diterima (Bidang Koperasi)" in error.value.messages[0]
    assert "Lampirkan" not in error.value.messages[0]
