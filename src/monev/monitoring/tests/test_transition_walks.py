"""The status tables of steps 4–6 walked through the real services, on a real database.

For each table — the plan (step 4's run, which approves the visits), the visit, the proposed
correction and the recommendation — every state × action × persona is tried through the
service a page or the API calls: allowed moves land in the table's state and are in the audit
log; refused ones raise a 403 (PermissionDenied) or a clear Indonesian message
(ValidationError) and change nothing. The cases come from the tables themselves: a new state or
action is walked, and an action without a service to drive it fails the test.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from monev.accounts.models import User
from monev.collection.models import Correction, Realization
from monev.core.models import AuditEntry
from monev.domain import sop_flow
from monev.domain.monitoring_flow import (
    CORRECTION,
    RECOMMENDATION,
    VISIT,
    CorrectionAction,
    CorrectionState,
    RecommendationAction,
    RecommendationState,
    VisitAction,
    VisitState,
)
from monev.domain.transitions import StateMachine
from monev.monitoring import followups, policies, selectors, services
from monev.monitoring.choices import CorrectionStatus, RecommendationStatus, VisitStatus
from monev.monitoring.models import FollowUp, Recommendation, Visit, VisitIndicator
from monev.monitoring.tests.conftest import WITA
from monev.monitoring.tests.test_flow import approve_plan, plan
from monev.sop import policies as sop_policies
from monev.sop import services as sop_services
from monev.sop.choices import StepStatus
from monev.sop.models import Cycle, StepRun, StepTransition

pytestmark = pytest.mark.django_db

#: Everyone who might click: the plan's holders and approver, the visit's team (a leader and
#: members of other units), the visited Bidang, another Bidang, readers, another agency.
PERSONAS = (
    "sekretaris",
    "kasubag",  # Kasubag Program, not on the team
    "staf.program",  # Kasubag Program role too, and a team member
    "kabid.ukm",  # team leader (an official of another Bidang)
    "kepala.blk",  # team member without any other part
    "kabid.koperasi",  # the visited Bidang's head
    "operator.koperasi",
    "kabid.naker",
    "kadis",
    "pemeriksa",
    "stranger",  # administrator of another agency
)


class _Undo(Exception):
    pass


def _expected_refusal(
    machine: StateMachine[Any, Any], state: str, action: str, parties: frozenset[str]
) -> type[Exception]:
    """The refusal the services raise: 403 when the user takes no part in the action here or
    anywhere; a message (ValidationError) when they may take it, but not from this state."""
    rule = machine.rule(state, action)  # type: ignore[arg-type]
    if rule is not None:
        return PermissionDenied
    may_ever = any(a == action and r.parties & parties for (_s, a), r in machine.table.items())
    return ValidationError if may_ever else PermissionDenied


def _assert_indonesian_refusal(error: ValidationError, label: str) -> None:
    """The message says, in Indonesian, that the action cannot be taken and names the status
    as the user sees it (its label, not the stored value)."""
    text = " ".join(error.messages)
    assert text.startswith("Tindakan ini tidak dapat dilakukan"), text
    assert f"«{label}»" in text, (text, label)


def _walk(
    *,
    machine: StateMachine[Any, Any],
    states: Any,
    actions: Any,
    drivers: dict[Any, Callable[[Any, str], object]],
    parties_of: Callable[[Any, str], frozenset[str]],
    put: Callable[[str], None],
    read: Callable[[], dict[str, Any]],
    check_allowed: Callable[[str, str, str, Any], None],
    personas: dict[str, Any],
    labels: Any,
    rows: set[tuple[str, str]] | None = None,
    no_op: Callable[[str, str, frozenset[str]], bool] = lambda state, action, parties: False,
) -> set[tuple[str, str]]:
    """Try every state × action × persona (each try undone); return the rows taken.

    `rows` are the table's rows some persona must take (by default all); `no_op` names the
    refused cases the service answers by leaving the object alone rather than by an error."""
    assert set(drivers) == set(actions), "every action of the table needs a driver"
    taken: set[tuple[str, str]] = set()
    for state, action, name in itertools.product(states, actions, PERSONAS):
        user = personas[name]
        try:
            with transaction.atomic():
                put(state)
                parties = parties_of(user, action)
                before, audit_last = read(), AuditEntry.objects.order_by("-pk").first()
                allowed = machine.allows(state, action, parties)
                case = (state, action, name, sorted(parties))
                if allowed:
                    drivers[action](user, state)
                    check_allowed(state, action, name, audit_last)
                    taken.add((state, action))
                elif no_op(state, action, parties):
                    drivers[action](user, state)
                    assert read() == before, case
                else:
                    wanted = _expected_refusal(machine, state, action, parties)
                    with pytest.raises((PermissionDenied, ValidationError)) as refused:
                        drivers[action](user, state)
                    assert refused.type is wanted, case
                    if refused.type is ValidationError:
                        _assert_indonesian_refusal(refused.value, str(labels(state).label))
                    assert read() == before, case
                    newest = AuditEntry.objects.order_by("-pk").first()
                    assert newest == audit_last, case
                raise _Undo
        except _Undo:
            pass
    # every row of the table was taken by some persona: the personas cover its parties
    wanted_rows = rows if rows is not None else {(str(s), str(a)) for s, a in machine.table}
    assert taken == wanted_rows, machine.name
    return taken


def _new_entries(model: Any, pk: int, after: AuditEntry | None) -> list[AuditEntry]:
    from django.contrib.contenttypes.models import ContentType

    found = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=str(pk)
    )
    if after is not None:
        found = found.filter(pk__gt=after.pk)
    return list(found.order_by("pk"))


# --- The visit's team and a filled blangko -------------------------------------------------------


def _team(personas: dict[str, Any]) -> list[Any]:
    return [
        personas["kabid.ukm"].official,
        personas["staf.program"].official,
        personas["kepala.blk"].official,
    ]


@pytest.fixture
def planned(plan_cycle: Cycle, personas: dict[str, Any]) -> Visit:
    """Bidang Koperasi's visit, planned (led by the head of Bidang UKM)."""
    team = _team(personas)
    visit, _warnings = plan(plan_cycle, personas, "BID-KOP", 12, team=team, leader=team[0])
    return visit


@pytest.fixture
def filled(plan_cycle: Cycle, personas: dict[str, Any], planned: Visit) -> Visit:
    """The same visit approved, its blangko filled with one finding and a proposed correction."""
    approve_plan(plan_cycle, personas)
    planned.refresh_from_db()
    leader = personas["kabid.ukm"]
    answers = {
        item.key: ("ya" if item.kind == "yes_no" else item.choices[0] if item.choices else "Baik")
        for section in selectors.sections_of(planned)
        for item in section.items
        if item.required
    }
    services.answers_save(actor=leader, visit=planned, answers=answers)
    for line in planned.indicators.all():
        services.indicator_verify(
            actor=leader,
            line=line,
            verified_value=line.reported_value,
            verdict="cukup",
            reason="",
            proposed_value=Decimal(10) if line.reported_value == 12 else None,
        )
    services.finding_add(
        actor=leader,
        visit=planned,
        text="Daftar hadir tidak lengkap.",
        category="bukti",
        indicator=None,
    )
    return planned


# --- The plan: step 4's run ----------------------------------------------------------------------


def test_every_row_of_the_plan_table_on_step_four_with_its_visits(
    plan_cycle: Cycle, personas: dict[str, Any], planned: Visit
) -> None:
    """Step 4 has the Sekretaris as approver: the Kasubag Program submits the plan (the
    holder's one button, "complete"), the Sekretaris approves it (which approves its visits)
    or returns it with a note. Rows of other step shapes (holder, decider) are refused here."""
    run = plan_cycle.runs.get(step__key="rencana_monev")
    assert run.step.approver == "sekretaris" and not run.step.no_goto
    step4 = {sop_flow.Party.SUBMITTER, sop_flow.Party.APPROVER}
    rows = {(str(s), str(a)) for (s, a), r in sop_flow.STEP_RUN.table.items() if r.parties & step4}

    def act(action: str) -> Callable[[Any, str], object]:
        # views and API name the holder's button "complete"; on step 4 it submits
        button = "complete" if action == sop_flow.Action.SUBMIT else action
        return lambda user, _state: sop_services.step_act(
            actor=user, run=StepRun.objects.get(pk=run.pk), action=button, note="Jadwal ok."
        )

    def put(state: str) -> None:
        StepRun.objects.filter(pk=run.pk).update(status=state)

    def read() -> dict[str, Any]:
        return {
            "run": StepRun.objects.filter(pk=run.pk).values().get(),
            "runs": StepRun.objects.filter(cycle=plan_cycle).count(),
            "visits": list(Visit.objects.filter(cycle=plan_cycle).values()),
            "transitions": StepTransition.objects.count(),
        }

    def check(state: str, action: str, name: str, last: AuditEntry | None) -> None:
        parties = sop_policies.run_parties(personas[name], run)
        to = sop_flow.STEP_RUN.next_state(sop_flow.State(state), sop_flow.Action(action), parties)
        assert StepRun.objects.get(pk=run.pk).status == to, (state, action, name)
        transition = StepTransition.objects.filter(cycle=plan_cycle).latest("pk")
        assert transition.actor == personas[name] and transition.from_step == 4
        audited = _new_entries(Cycle, plan_cycle.pk, last)  # the step's move, on its cycle
        assert [e.changes["action"][1] for e in audited if e.action == "transition"] == [
            transition.action
        ]
        visit = Visit.objects.get(pk=planned.pk)
        entries = _new_entries(Visit, visit.pk, last)
        if action == sop_flow.Action.APPROVE:  # the plan's approval approves its visits
            assert visit.status == VisitState.DISETUJUI
            [entry] = entries
            assert entry.changes["status"] == ["direncanakan", "disetujui"]
            assert "langkah 4" in entry.note and entry.actor == personas[name]
        else:
            assert visit.status == VisitState.DIRENCANAKAN and entries == []

    actions = [a for a in sop_flow.Action if a != sop_flow.Action.COMPLETE]  # = SUBMIT here
    _walk(
        machine=sop_flow.STEP_RUN,
        labels=StepStatus,
        states=sop_flow.State,
        actions=actions,
        drivers={a: act(a) for a in actions},
        parties_of=lambda user, _action: sop_policies.run_parties(user, run),
        put=put,
        read=read,
        check_allowed=check,
        personas=personas,
        rows=rows,
    )


# --- The visit ---------------------------------------------------------------------------------


def test_every_row_of_the_visit_table_through_the_services(
    plan_cycle: Cycle, personas: dict[str, Any], filled: Visit
) -> None:
    finding = filled.findings.get()
    run4 = plan_cycle.runs.get(step__key="rencana_monev")

    def fresh() -> Visit:
        return Visit.objects.get(pk=filled.pk)

    def approve(user: User, _state: str) -> object:
        # a visit is approved with the plan: the Sekretaris approves step 4 (here once more:
        # step 4 back to waiting for approval, the later run gone — all undone after the try)
        StepRun.objects.filter(cycle=plan_cycle, number__gt=4).delete()
        StepRun.objects.filter(pk=run4.pk).update(status="menunggu_persetujuan")
        return sop_services.step_approve(actor=user, run=StepRun.objects.get(pk=run4.pk))

    drivers: dict[Any, Callable[[Any, str], object]] = {
        VisitAction.APPROVE: approve,
        VisitAction.SUBMIT: lambda u, _s: services.visit_submit(actor=u, visit=fresh()),
        VisitAction.REOPEN: lambda u, _s: services.visit_reopen(
            actor=u, visit=fresh(), note="Lengkapi foto bukti."
        ),
        VisitAction.ACKNOWLEDGE: lambda u, _s: services.visit_answer(
            actor=u, visit=fresh(), disputes={}
        ),
        VisitAction.DISPUTE: lambda u, _s: services.visit_answer(
            actor=u, visit=fresh(), disputes={finding.pk: "Bukti ada di UPTD."}
        ),
    }

    def parties_of(user: User, action: str) -> frozenset[str]:
        if action == VisitAction.APPROVE:  # approving the plan is the Sekretaris's part
            roles = sop_policies.run_parties(user, run4)
            return frozenset({"sekretaris"}) if sop_flow.Party.APPROVER in roles else frozenset()
        return policies.visit_parties(user, fresh())

    def put(state: str) -> None:
        Visit.objects.filter(pk=filled.pk).update(status=state)

    def read() -> dict[str, Any]:
        visit = Visit.objects.filter(pk=filled.pk).values().get()
        return {
            "visit": visit,
            "lines": sorted(
                VisitIndicator.objects.filter(visit=filled).values_list("pk", "correction_status")
            ),
            "finding": filled.findings.values("disputed", "dispute_reason").get(),
        }

    def check(state: str, action: str, name: str, last: AuditEntry | None) -> None:
        to = VISIT.next_state(
            VisitState(state), VisitAction(action), parties_of(personas[name], action)
        )
        visit = fresh()
        assert visit.status == to, (state, action, name)
        entries = _new_entries(Visit, visit.pk, last)
        assert [e.changes["status"] for e in entries if "status" in e.changes] == [[state, to]]
        if action == VisitAction.APPROVE:
            assert "langkah 4" in entries[0].note
        else:
            assert entries[0].actor == personas[name]
        if action == VisitAction.SUBMIT:
            assert visit.submitted_by == personas[name]
            assert visit.indicators.filter(correction_status="diusulkan").count() == 1
        if action in (VisitAction.ACKNOWLEDGE, VisitAction.DISPUTE):
            assert visit.answered_by == personas[name]
            assert visit.findings.get().disputed is (action == VisitAction.DISPUTE)
        if action == VisitAction.REOPEN:
            assert "Lengkapi foto bukti." in entries[0].note

    _walk(
        machine=VISIT,
        labels=VisitStatus,
        states=VisitState,
        actions=VisitAction,
        drivers=drivers,
        parties_of=parties_of,
        put=put,
        read=read,
        check_allowed=check,
        personas=personas,
        # the Sekretaris approving the plan leaves a visit that is no longer planned alone
        no_op=lambda state, action, parties: (
            action == VisitAction.APPROVE and "sekretaris" in parties
        ),
    )
    # the personas are what the test says they are
    visit = fresh()
    assert policies.visit_parties(personas["kabid.ukm"], visit) == {"team_leader", "team_member"}
    assert policies.visit_parties(personas["kepala.blk"], visit) == {"team_member"}
    assert policies.visit_parties(personas["staf.program"], visit) == {
        "kasubag_program",
        "team_member",
    }
    assert policies.visit_parties(personas["kabid.koperasi"], visit) == {"kepala_bidang"}
    for outside in ("kabid.naker", "operator.koperasi", "pemeriksa", "kadis", "stranger"):
        assert policies.visit_parties(personas[outside], visit) == frozenset(), outside


# --- The proposed correction -------------------------------------------------------------------


def test_every_row_of_the_correction_table_through_the_services(
    plan_cycle: Cycle, personas: dict[str, Any], filled: Visit
) -> None:
    services.visit_submit(actor=personas["kabid.ukm"], visit=filled)
    line = filled.indicators.get(correction_status="diusulkan")
    realization = Realization.objects.get(indicator=line.indicator, year=2026, quarter=3)
    assert realization.value == Decimal(12)

    def decide(accept: bool) -> Callable[[Any, str], object]:
        return lambda user, _state: services.correction_decide(
            actor=user,
            line=VisitIndicator.objects.get(pk=line.pk),
            accept=accept,
            reason="Sesuai daftar hadir.",
        )

    def put(state: str) -> None:
        VisitIndicator.objects.filter(pk=line.pk).update(correction_status=state)

    def read() -> dict[str, Any]:
        return {
            "line": VisitIndicator.objects.filter(pk=line.pk).values().get(),
            "value": Realization.objects.get(pk=realization.pk).value,
            "corrections": Correction.objects.count(),
        }

    def parties_of(user: User, _action: str) -> frozenset[str]:
        own = user.agency_id == plan_cycle.agency_id
        return (
            frozenset({"kasubag_program"})
            if own and user.has_role("kasubag_program")
            else frozenset()
        )

    def check(state: str, action: str, name: str, last: AuditEntry | None) -> None:
        to = CORRECTION.next_state(
            CorrectionState(state), CorrectionAction(action), {"kasubag_program"}
        )
        after = VisitIndicator.objects.get(pk=line.pk)
        assert after.correction_status == to and after.decided_by == personas[name]
        [entry] = _new_entries(VisitIndicator, line.pk, last)
        assert entry.changes["correction_status"] == [state, to]
        assert entry.actor == personas[name]
        value = Realization.objects.get(pk=realization.pk).value
        if action == CorrectionAction.ACCEPT:  # applied to the locked data, recorded
            assert value == Decimal(10) and after.correction is not None
            assert after.correction.before["value"] == "12.0000"
            [changed] = _new_entries(Realization, realization.pk, last)
            assert changed.changes["value"][0] == "12.0000"
            assert Decimal(changed.changes["value"][1]) == Decimal(10)
        else:
            assert value == Decimal(12) and after.correction is None

    _walk(
        machine=CORRECTION,
        labels=CorrectionStatus,
        states=CorrectionState,
        actions=CorrectionAction,
        drivers={CorrectionAction.ACCEPT: decide(True), CorrectionAction.REJECT: decide(False)},
        parties_of=parties_of,
        put=put,
        read=read,
        check_allowed=check,
        personas=personas,
    )


# --- The recommendation ------------------------------------------------------------------------


def test_every_row_of_the_recommendation_table_through_the_services(
    plan_cycle: Cycle, personas: dict[str, Any], planned: Visit
) -> None:
    """A TW II recommendation to Bidang Koperasi, its follow-up reported in TW III; verified by
    TW III's visit team or the Kasubag Program, reopened by the Kasubag Program."""
    tw2 = Cycle.objects.create(
        agency=plan_cycle.agency,
        year=2026,
        quarter=2,
        definition=plan_cycle.definition,
        disposition="TW II",
        opened_at=datetime(2026, 7, 6, 8, tzinfo=WITA),
        status="selesai",
    )
    recommendation = Recommendation.objects.create(
        agency=plan_cycle.agency,
        unit=planned.unit,
        cycle=tw2,
        text="Tertibkan arsip bukti pemeriksaan koperasi.",
        due_date=date(2026, 9, 30),
        created_at=datetime(2026, 7, 20, 10, tzinfo=WITA),
    )
    follow_up = followups.follow_up_report(
        actor=personas["operator.koperasi"],
        recommendation=recommendation,
        cycle=plan_cycle,
        text="Arsip ditata per koperasi.",
    )
    verdicts = {
        RecommendationAction.VERIFY_SESUAI: RecommendationState.SESUAI,
        RecommendationAction.VERIFY_DALAM_PROSES: RecommendationState.DALAM_PROSES,
        RecommendationAction.VERIFY_BELUM: RecommendationState.BELUM,
        RecommendationAction.VERIFY_TIDAK_DAPAT: RecommendationState.TIDAK_DAPAT,
    }

    def verify(status: str) -> Callable[[Any, str], object]:
        return lambda user, _state: followups.follow_up_verify(
            actor=user,
            follow_up=FollowUp.objects.get(pk=follow_up.pk),
            status=status,
            note="Dicek di lapangan.",
        )

    drivers: dict[Any, Callable[[Any, str], object]] = {a: verify(s) for a, s in verdicts.items()}
    drivers[RecommendationAction.REOPEN] = lambda user, _state: followups.recommendation_reopen(
        actor=user,
        recommendation=Recommendation.objects.get(pk=recommendation.pk),
        note="Temuan berulang.",
    )

    def parties_of(user: User, action: str) -> frozenset[str]:
        rec = Recommendation.objects.get(pk=recommendation.pk)
        cycle = rec.cycle if action == RecommendationAction.REOPEN else plan_cycle
        return policies.recommendation_parties(user, rec, cycle)

    def put(state: str) -> None:
        Recommendation.objects.filter(pk=recommendation.pk).update(status=state)

    def read() -> dict[str, Any]:
        return {
            "rec": Recommendation.objects.filter(pk=recommendation.pk).values().get(),
            "follow_up": FollowUp.objects.filter(pk=follow_up.pk).values().get(),
        }

    def check(state: str, action: str, name: str, last: AuditEntry | None) -> None:
        user = personas[name]
        to = RECOMMENDATION.next_state(
            RecommendationState(state), RecommendationAction(action), parties_of(user, action)
        )
        rec = Recommendation.objects.get(pk=recommendation.pk)
        assert rec.status == to, (state, action, name)
        assert (rec.closed_at is not None) is (to in ("sesuai", "tidak_dapat_ditindaklanjuti"))
        entries = _new_entries(Recommendation, rec.pk, last)
        if state != to:
            assert [e.changes["status"] for e in entries] == [[state, to]]
            assert entries[0].actor == user
        if action != RecommendationAction.REOPEN:  # the verification itself, every time
            checked = FollowUp.objects.get(pk=follow_up.pk)
            assert checked.status == to and checked.verified_by == user
            [entry] = _new_entries(FollowUp, follow_up.pk, last)
            assert entry.changes["status"] == ["", to] and entry.actor == user

    _walk(
        machine=RECOMMENDATION,
        labels=RecommendationStatus,
        states=RecommendationState,
        actions=RecommendationAction,
        drivers=drivers,
        parties_of=parties_of,
        put=put,
        read=read,
        check_allowed=check,
        personas=personas,
    )
    rec = Recommendation.objects.get(pk=recommendation.pk)
    assert policies.recommendation_parties(personas["kepala.blk"], rec, plan_cycle) == {
        "team_member"
    }
    assert policies.recommendation_parties(personas["kabid.koperasi"], rec, plan_cycle) == {
        "bidang"
    }
    assert policies.recommendation_parties(personas["kepala.blk"], rec, tw2) == frozenset()
