"""Allowed actions on an SOP step run, by its state: the one transition table of the engine.

States: "berjalan" (running, with its holder), "menunggu_persetujuan" (done by the holder,
waiting for the approver, e.g. step 12 for the Kepala Dinas), "selesai", "dikembalikan"
(a decision step that sent the work back), "menunggu" (not started).
"""

from __future__ import annotations

from enum import StrEnum


class Action(StrEnum):
    COMPLETE = "complete"  # the holder marks the step done (or submits it for approval)
    APPROVE = "approve"  # the approver approves / ratifies
    RETURN = "return"  # a decision step answers "Tidak": back to its no_goto step


def allowed_actions(state: str, *, has_approver: bool, is_decision: bool) -> frozenset[Action]:
    """Return the actions allowed in `state` for a step with/without approver and decision."""
    if state == "berjalan":
        actions = {Action.COMPLETE}
        if is_decision:
            actions.add(Action.RETURN)
        return frozenset(actions)
    if state == "menunggu_persetujuan" and has_approver:
        return frozenset({Action.APPROVE})
    return frozenset()
