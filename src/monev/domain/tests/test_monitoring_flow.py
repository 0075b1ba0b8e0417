"""The status machines of monev visits, proposed corrections and recommendations: every
state × action × party, against the expected table written out here once more."""

from __future__ import annotations

from itertools import product

import pytest

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
    may_edit,
)
from monev.domain.transitions import StateMachine, TransitionRefused

PARTIES = ("sekretaris", "kasubag_program", "team_leader", "team_member", "kepala_bidang", "bidang")

V, VA = VisitState, VisitAction
VISIT_EXPECTED = {
    (V.DIRENCANAKAN, VA.APPROVE, "sekretaris"): V.DISETUJUI,
    (V.DISETUJUI, VA.SUBMIT, "team_leader"): V.DILAKSANAKAN,
    (V.DILAKSANAKAN, VA.REOPEN, "kasubag_program"): V.DISETUJUI,
    (V.DILAKSANAKAN, VA.ACKNOWLEDGE, "kepala_bidang"): V.DIAKUI,
    (V.DILAKSANAKAN, VA.DISPUTE, "kepala_bidang"): V.DIBANTAH,
}
C, CA = CorrectionState, CorrectionAction
CORRECTION_EXPECTED = {
    (C.DIUSULKAN, CA.ACCEPT, "kasubag_program"): C.DITERIMA,
    (C.DIUSULKAN, CA.REJECT, "kasubag_program"): C.DITOLAK,
}
R, RA = RecommendationState, RecommendationAction
VERIFIERS = ("team_member", "team_leader", "kasubag_program")
OPEN = (R.BELUM, R.DALAM_PROSES)
RECOMMENDATION_EXPECTED = {
    **{(R.BELUM, RA.VERIFY_BELUM, p): R.BELUM for p in VERIFIERS},
    **{(s, RA.VERIFY_DALAM_PROSES, p): R.DALAM_PROSES for s in OPEN for p in VERIFIERS},
    **{(s, RA.VERIFY_SESUAI, p): R.SESUAI for s in OPEN for p in VERIFIERS},
    **{(s, RA.VERIFY_TIDAK_DAPAT, p): R.TIDAK_DAPAT for s in OPEN for p in VERIFIERS},
    (R.SESUAI, RA.REOPEN, "kasubag_program"): R.DALAM_PROSES,
    (R.TIDAK_DAPAT, RA.REOPEN, "kasubag_program"): R.DALAM_PROSES,
}  # fmt: skip

CASES = [
    (VISIT, VisitState, VisitAction, VISIT_EXPECTED),
    (CORRECTION, CorrectionState, CorrectionAction, CORRECTION_EXPECTED),
    (RECOMMENDATION, RecommendationState, RecommendationAction, RECOMMENDATION_EXPECTED),
]


def _combinations() -> list[tuple[StateMachine, str, str, str, object]]:  # type: ignore[type-arg]
    rows = []
    for machine, states, actions, expected in CASES:
        for state, action, party in product(states, actions, PARTIES):
            rows.append((machine, state, action, party, expected.get((state, action, party))))
    return rows


@pytest.mark.parametrize(
    ("machine", "state", "action", "party", "to"),
    _combinations(),
    ids=lambda v: getattr(v, "name", str(v)),
)
def test_each_state_action_and_party_does_what_the_table_says(
    machine: StateMachine,
    state: str,
    action: str,
    party: str,
    to: object,  # type: ignore[type-arg]
) -> None:
    assert machine.allows(state, action, [party]) is (to is not None)
    if to is not None:
        assert machine.next_state(state, action, [party]) == to
    else:
        with pytest.raises(TransitionRefused):
            machine.next_state(state, action, [party])


def test_a_refusal_says_whether_the_state_or_the_party_is_wrong() -> None:
    with pytest.raises(TransitionRefused) as wrong_party:
        VISIT.next_state(V.DISETUJUI, VA.SUBMIT, ["team_member"])
    assert wrong_party.value.reason == "party"
    with pytest.raises(TransitionRefused) as wrong_state:
        VISIT.next_state(V.DIAKUI, VA.SUBMIT, ["team_leader"])
    assert wrong_state.value.reason == "state"


@pytest.mark.parametrize(
    ("what", "state", "party", "allowed"),
    [
        ("plan", V.DIRENCANAKAN, "kasubag_program", True),
        ("plan", V.DISETUJUI, "kasubag_program", False),
        ("plan", V.DIRENCANAKAN, "team_leader", False),
        ("blangko", V.DISETUJUI, "team_member", True),
        ("blangko", V.DISETUJUI, "team_leader", True),
        ("blangko", V.DISETUJUI, "kasubag_program", False),
        ("blangko", V.DIRENCANAKAN, "team_member", False),
        ("blangko", V.DILAKSANAKAN, "team_leader", False),
    ],
)
def test_who_may_edit_the_plan_and_the_blangko_in_which_state(
    what: str, state: str, party: str, allowed: bool
) -> None:
    assert may_edit(what, state, {party}) is allowed
