"""Status machines of monev visits (SOP steps 4–6) and of recommendations (SPEC §10–§11).

Three tables, applied by `monev.monitoring.services._transition`:

- a **visit** is planned (direncanakan), approved with the plan by the Sekretaris (disetujui),
  carried out and submitted by its team leader (dilaksanakan), then acknowledged by the
  Kepala Bidang: agreed (diakui) or disputed per finding (dibantah);
- a **proposed correction** of a reported value is decided at step 6 by the Kasubag Program:
  accepted (applied to the locked data as a recorded correction) or rejected with a reason;
- a **recommendation** carries the four statuses of BPK's SIPTL and lives across quarters until
  it is `sesuai` or `tidak_dapat_ditindaklanjuti`; the monev team (or the Kasubag Program at
  step 6) sets the status when it verifies the Bidang's follow-up.

Parties: "sekretaris", "kasubag_program", "team_leader", "team_member", "kepala_bidang".
Pure Python: no Django.
"""

from __future__ import annotations

from enum import StrEnum

from monev.domain.transitions import StateMachine, rule


class VisitState(StrEnum):
    DIRENCANAKAN = "direncanakan"
    DISETUJUI = "disetujui"
    DILAKSANAKAN = "dilaksanakan"
    DIAKUI = "diakui"
    DIBANTAH = "dibantah"


class VisitAction(StrEnum):
    APPROVE = "approve"  # the Sekretaris approves step 4 (the plan): every visit at once
    SUBMIT = "submit"  # the team leader submits the filled blangko
    REOPEN = "reopen"  # the Kasubag Program sends a submitted blangko back to the team
    ACKNOWLEDGE = "acknowledge"  # the Kepala Bidang agrees with the result
    DISPUTE = "dispute"  # the Kepala Bidang disagrees with one or more findings (with reasons)


V = VisitState
VISIT = StateMachine[VisitState, VisitAction](
    "visit",
    {
        (V.DIRENCANAKAN, VisitAction.APPROVE): rule(V.DISETUJUI, "sekretaris"),
        (V.DISETUJUI, VisitAction.SUBMIT): rule(V.DILAKSANAKAN, "team_leader"),
        (V.DILAKSANAKAN, VisitAction.REOPEN): rule(V.DISETUJUI, "kasubag_program"),
        (V.DILAKSANAKAN, VisitAction.ACKNOWLEDGE): rule(V.DIAKUI, "kepala_bidang"),
        (V.DILAKSANAKAN, VisitAction.DISPUTE): rule(V.DIBANTAH, "kepala_bidang"),
    },
)

#: Who may change a visit without changing its state: the plan while planned, the blangko
#: while the visit is approved and not yet submitted.
EDITS: dict[str, dict[VisitState, frozenset[str]]] = {
    "plan": {V.DIRENCANAKAN: frozenset({"kasubag_program"})},
    "blangko": {V.DISETUJUI: frozenset({"team_member", "team_leader"})},
}


def may_edit(what: str, state: str, parties: frozenset[str] | set[str]) -> bool:
    """Return True when a user with `parties` may edit `what` ("plan", "blangko") in `state`."""
    allowed = EDITS.get(what, {}).get(VisitState(state), frozenset())
    return bool(allowed & set(parties))


#: A visit whose Kepala Bidang has answered (step 6 needs every visit here).
ANSWERED = frozenset({V.DIAKUI, V.DIBANTAH})


class CorrectionState(StrEnum):
    TIDAK_ADA = "tidak_ada"  # no corrected value proposed
    DIUSULKAN = "diusulkan"
    DITERIMA = "diterima"
    DITOLAK = "ditolak"


class CorrectionAction(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"


C = CorrectionState
CORRECTION = StateMachine[CorrectionState, CorrectionAction](
    "correction",
    {
        (C.DIUSULKAN, CorrectionAction.ACCEPT): rule(C.DITERIMA, "kasubag_program"),
        (C.DIUSULKAN, CorrectionAction.REJECT): rule(C.DITOLAK, "kasubag_program"),
    },
)


class RecommendationState(StrEnum):
    """The four SIPTL statuses (BPK's audit follow-up system)."""

    SESUAI = "sesuai"
    DALAM_PROSES = "dalam_proses"
    BELUM = "belum_ditindaklanjuti"
    TIDAK_DAPAT = "tidak_dapat_ditindaklanjuti"


class RecommendationAction(StrEnum):
    VERIFY_SESUAI = "verify_sesuai"
    VERIFY_DALAM_PROSES = "verify_dalam_proses"
    VERIFY_BELUM = "verify_belum"
    VERIFY_TIDAK_DAPAT = "verify_tidak_dapat"
    REOPEN = "reopen"


R = RecommendationState
RA = RecommendationAction
VERIFIERS = ("team_member", "team_leader", "kasubag_program")
RECOMMENDATION = StateMachine[RecommendationState, RecommendationAction](
    "recommendation",
    {
        (R.BELUM, RA.VERIFY_BELUM): rule(R.BELUM, *VERIFIERS),
        (R.BELUM, RA.VERIFY_DALAM_PROSES): rule(R.DALAM_PROSES, *VERIFIERS),
        (R.BELUM, RA.VERIFY_SESUAI): rule(R.SESUAI, *VERIFIERS),
        (R.BELUM, RA.VERIFY_TIDAK_DAPAT): rule(R.TIDAK_DAPAT, *VERIFIERS),
        (R.DALAM_PROSES, RA.VERIFY_DALAM_PROSES): rule(R.DALAM_PROSES, *VERIFIERS),
        (R.DALAM_PROSES, RA.VERIFY_SESUAI): rule(R.SESUAI, *VERIFIERS),
        (R.DALAM_PROSES, RA.VERIFY_TIDAK_DAPAT): rule(R.TIDAK_DAPAT, *VERIFIERS),
        (R.SESUAI, RA.REOPEN): rule(R.DALAM_PROSES, "kasubag_program"),
        (R.TIDAK_DAPAT, RA.REOPEN): rule(R.DALAM_PROSES, "kasubag_program"),
    },
)

#: Closed recommendations leave the Bidang's format isian and count as completed.
CLOSED = frozenset({R.SESUAI, R.TIDAK_DAPAT})

#: The verification verdict (a follow-up's status) → the action that records it.
VERIFY_ACTION = {
    R.SESUAI: RA.VERIFY_SESUAI,
    R.DALAM_PROSES: RA.VERIFY_DALAM_PROSES,
    R.BELUM: RA.VERIFY_BELUM,
    R.TIDAK_DAPAT: RA.VERIFY_TIDAK_DAPAT,
}
