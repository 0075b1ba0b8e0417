"""Status machines as tables: the one pattern every status in Monev Kinerja follows.

A machine is a table `{(state, action): Rule(to, parties)}`. A *party* is the relation a user
has to the object at hand ("holder", "approver", "bidang", "kasubag_program", "team_leader" …),
worked out by the service that owns the object; the table only says which parties may take an
action from a state and where it leads. Anything not in the table is refused. Services apply a
machine through one audited transition function per app; views and the API only name the action.

Pure Python: no Django, no database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

S = TypeVar("S", bound=str)
A = TypeVar("A", bound=str)


@dataclass(frozen=True)
class Rule(Generic[S]):
    """Where an action leads, and which parties may take it."""

    to: S
    parties: frozenset[str]


class TransitionRefused(Exception):
    """An action the table does not allow: `reason` is "state" (not from this state) or
    "party" (allowed from this state, but not for any of the user's parties)."""

    def __init__(self, machine: str, state: str, action: str, reason: str) -> None:
        super().__init__(f"{machine}: {action!r} from {state!r} refused ({reason})")
        self.machine = machine
        self.state = state
        self.action = action
        self.reason = reason


@dataclass(frozen=True)
class StateMachine(Generic[S, A]):
    """A named transition table."""

    name: str
    table: Mapping[tuple[S, A], Rule[S]] = field(default_factory=dict)

    def rule(self, state: S, action: A) -> Rule[S] | None:
        return self.table.get((state, action))

    def next_state(self, state: S, action: A, parties: Iterable[str]) -> S:
        """Return the state `action` leads to from `state` for a user with `parties`.

        Raises TransitionRefused when the pair is not in the table ("state") or none of the
        parties may take it ("party").
        """
        rule = self.table.get((state, action))
        if rule is None:
            raise TransitionRefused(self.name, state, action, "state")
        if not rule.parties.intersection(parties):
            raise TransitionRefused(self.name, state, action, "party")
        return rule.to

    def allows(self, state: S, action: A, parties: Iterable[str]) -> bool:
        rule = self.table.get((state, action))
        return rule is not None and bool(rule.parties.intersection(parties))

    def actions(self, state: S, parties: Iterable[str]) -> list[A]:
        """Return the actions the parties may take from `state`, in table order."""
        wanted = set(parties)
        return [a for (s, a), r in self.table.items() if s == state and r.parties & wanted]

    @property
    def states(self) -> frozenset[S]:
        return frozenset({s for s, _ in self.table} | {r.to for r in self.table.values()})

    @property
    def all_parties(self) -> frozenset[str]:
        return frozenset(p for r in self.table.values() for p in r.parties)


def rule(to: S, *parties: str) -> Rule[S]:
    """Shorthand for a table entry: `rule(SELESAI, "holder")`."""
    return Rule(to=to, parties=frozenset(parties))
