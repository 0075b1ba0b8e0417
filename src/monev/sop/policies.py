"""Who may do what in the SOP engine: cycles, step runs and the SOP definitions.

One naming style across every app's `policies.py` (see docs/services-selectors-policies.md):
`<entity>_parties(user, obj)` are the user's parties in a status table (`monev.domain.
sop_flow`), `<entity>_actions(user, obj)` the table's actions open to them now, and
`may_<verb>_<entity>(user, obj)` a yes/no for a write outside the tables. Services enforce
them; views and templates ask them.
"""

from __future__ import annotations

from monev.accounts.choices import Role
from monev.accounts.models import User
from monev.domain import sop_flow
from monev.sop.choices import CycleStatus, StepStatus
from monev.sop.models import StepRun


def run_parties(actor: User | None, run: StepRun) -> frozenset[str]:
    """Return the parties (`monev.domain.sop_flow.Party`) `actor` is to `run`: none for a
    user of another agency, whatever their roles."""
    if getattr(actor, "agency_id", None) != run.cycle.agency_id:
        return frozenset()
    return sop_flow.parties(
        getattr(actor, "roles", frozenset()),
        actor=run.step.actor,
        approver=run.step.approver,
        is_decision=bool(run.step.no_goto),
    )


def run_actions(user: User, run: StepRun) -> list[str]:
    """Return the actions `user` may take on `run` now (for the page's buttons)."""
    if run.cycle.status != CycleStatus.BERJALAN:
        return []
    return [
        str(a)
        for a in sop_flow.STEP_RUN.actions(sop_flow.State(run.status), run_parties(user, run))
    ]


def may_open_cycle(user: User) -> bool:
    """The Sekretaris opens a quarter's cycle (SOP step 1 "Mulai", with a disposition)."""
    return user.has_role(Role.SEKRETARIS)


def may_attach_document(user: User, run: StepRun) -> bool:
    """The holder of a running step attaches its output documents (not during approval)."""
    return user.has_role(run.holder_role) and run.status == StepStatus.BERJALAN


def may_edit_definition(user: User) -> bool:
    """The administrator edits an SOP (saved as a new version)."""
    return user.has_role(Role.ADMINISTRATOR)
