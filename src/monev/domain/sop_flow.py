"""The status machine of an SOP step run, as one table (see `monev.domain.transitions`).

States (the values of `monev.sop.choices.StepStatus`):
- "berjalan": running, with its holder (the step's actor role);
- "menunggu_persetujuan": done by the holder, waiting for the approver (step 4 Sekretaris,
  step 12 Kepala Dinas);
- "selesai": finished; "dikembalikan": a decision step that answered «Tidak» and sent the work
  back to its no_goto step (which starts a new round there);
- "menunggu": not started (no run exists yet; in the table so that nothing leaves it).

Parties (the relation of a user to the run, worked out by `monev.sop.services`):
- "holder": has the step's actor role, on a step without approver;
- "submitter": has the step's actor role, on a step with an approver;
- "approver": has the step's approver role, on a step with an approver;
- "decider": has the step's actor role, on a decision step (with a «Tidak» target).

The step's shape (approver or not, decision or not) is part of the party, so one table covers
every step of every SOP version.
"""

from __future__ import annotations

from enum import StrEnum

from monev.domain.transitions import StateMachine, rule


class State(StrEnum):
    MENUNGGU = "menunggu"
    BERJALAN = "berjalan"
    MENUNGGU_PERSETUJUAN = "menunggu_persetujuan"
    SELESAI = "selesai"
    DIKEMBALIKAN = "dikembalikan"


class Action(StrEnum):
    COMPLETE = "complete"  # the holder marks a step without approver done
    SUBMIT = "submit"  # the holder hands a step with an approver to the approver
    APPROVE = "approve"  # the approver approves / ratifies: the step ends
    RETURN_APPROVAL = "return_approval"  # the approver refuses: back to the holder (same run)
    RETURN = "return"  # a decision step answers «Tidak»: back to its no_goto step


class Party(StrEnum):
    HOLDER = "holder"
    SUBMITTER = "submitter"
    APPROVER = "approver"
    DECIDER = "decider"


STEP_RUN = StateMachine[State, Action](
    "step_run",
    {
        (State.BERJALAN, Action.COMPLETE): rule(State.SELESAI, Party.HOLDER),
        (State.BERJALAN, Action.SUBMIT): rule(State.MENUNGGU_PERSETUJUAN, Party.SUBMITTER),
        (State.BERJALAN, Action.RETURN): rule(State.DIKEMBALIKAN, Party.DECIDER),
        (State.MENUNGGU_PERSETUJUAN, Action.APPROVE): rule(State.SELESAI, Party.APPROVER),
        (State.MENUNGGU_PERSETUJUAN, Action.RETURN_APPROVAL): rule(State.BERJALAN, Party.APPROVER),
    },
)

#: The statuses in which a run is the cycle's current step (with its holder or its approver).
ACTIVE = frozenset({State.BERJALAN, State.MENUNGGU_PERSETUJUAN})


def parties(
    roles: frozenset[str] | set[str], *, actor: str, approver: str, is_decision: bool
) -> frozenset[Party]:
    """Return the parties a user with `roles` is to a run of a step with this shape."""
    found: set[Party] = set()
    if actor in roles:
        found.add(Party.SUBMITTER if approver else Party.HOLDER)
        if is_decision:
            found.add(Party.DECIDER)
    if approver and approver in roles:
        found.add(Party.APPROVER)
    return frozenset(found)


def holder_action(*, has_approver: bool) -> Action:
    """The action behind the holder's «Selesai» button: complete, or submit for approval."""
    return Action.SUBMIT if has_approver else Action.COMPLETE
