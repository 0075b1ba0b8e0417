"""The status machine of a Bidang's quarterly submission (format isian), as one table.

States (`monev.collection.choices.SubmissionStatus`): "draft" → "diajukan" (submitted) →
"diterima" (accepted) or "dikembalikan" (returned with a note) → "diajukan" again …

Parties (worked out by `monev.collection.services`):
- "filler": fills this form (the unit's Bidang users; the Kasubag Program for the Sekretariat);
- "reviewer": the Kasubag Program, who checks every submitted form.
"""

from __future__ import annotations

from enum import StrEnum

from monev.domain.transitions import StateMachine, rule


class State(StrEnum):
    DRAFT = "draft"
    DIAJUKAN = "diajukan"
    DIKEMBALIKAN = "dikembalikan"
    DITERIMA = "diterima"


class Action(StrEnum):
    SUBMIT = "submit"
    RETURN = "return"
    ACCEPT = "accept"


class Party(StrEnum):
    FILLER = "filler"
    REVIEWER = "reviewer"


SUBMISSION = StateMachine[State, Action](
    "submission",
    {
        (State.DRAFT, Action.SUBMIT): rule(State.DIAJUKAN, Party.FILLER),
        (State.DIKEMBALIKAN, Action.SUBMIT): rule(State.DIAJUKAN, Party.FILLER),
        (State.DIAJUKAN, Action.RETURN): rule(State.DIKEMBALIKAN, Party.REVIEWER),
        (State.DIAJUKAN, Action.ACCEPT): rule(State.DITERIMA, Party.REVIEWER),
    },
)

#: States in which the filler may still change the form.
EDITABLE = frozenset({State.DRAFT, State.DIKEMBALIKAN})
