"""The flag board of olah data (SOP step 3): the quarter's data-quality flags the user may see,
filtered by kind and Bidang, one line per indicator and kind, with the counts the page shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from monev.core.params import parse_id
from monev.evaluation import selectors
from monev.evaluation.flags import LABELS, check_of, describe
from monev.evaluation.models import FlagResolution
from monev.sop.models import Cycle


@dataclass
class FlagItem:
    """One flag of one indicator, and its explanation if it has one."""

    result: Any
    code: str
    label: str
    resolution: FlagResolution | None
    #: The flag as raised, with its figures (and its sub kegiatan, for a budget flag).
    text: str = ""

    @property
    def headline(self) -> str:
        """The kind of flag (bold on the board); `rest` follows it: figures and sub kegiatan."""
        return self.label if self.text.startswith(self.label) else self.text

    @property
    def rest(self) -> str:
        return self.text[len(self.label) :] if self.text.startswith(self.label) else ""

    @property
    def check(self) -> str:
        """What the Kasubag Program checks for this kind of flag."""
        return check_of(self.code)

    @property
    def key(self) -> str:
        """The value a checkbox posts to name this flag: "<indicator pk>:<code>"."""
        return f"{self.result.indicator.pk}:{self.code}"

    @property
    def dom_id(self) -> str:
        return f"flag-{self.result.indicator.pk}-{self.code}"


@dataclass
class FlagBoard:
    items: list[FlagItem]
    kinds: list[tuple[str, str, int]] = field(default_factory=list)  # code, label, count
    units: list[tuple[int, str, int]] = field(default_factory=list)  # pk, name, count
    kind: str = ""
    unit: int | None = None
    open_count: int = 0  # unexplained flags of the whole board, whatever the filter
    total: int = 0


def parse_key(text: str) -> tuple[int, str] | None:
    """Read a checkbox value "<indicator pk>:<code>"; None when malformed."""
    pk, _sep, code = text.partition(":")
    number = parse_id(pk)
    return (number, code) if number is not None and code else None


def flag_board(
    cycle: Cycle, visible: set[int], *, kind: str = "", unit: int | None = None
) -> FlagBoard:
    """Build the board of `cycle` for the indicators in `visible` (the user's scope)."""
    everything = [
        FlagItem(
            result,
            flag.code,
            str(LABELS.get(flag.code, flag.code)),
            resolution,
            describe(flag.code, flag.params),
        )
        for result, flag, resolution in selectors.open_flags(cycle)
        if result.indicator.pk in visible
    ]
    kinds: dict[str, list[Any]] = {}
    units: dict[int, list[Any]] = {}
    for item in everything:
        kinds.setdefault(item.code, [item.label, 0])[1] += 1
        owner = item.result.indicator.responsible_unit
        if owner is not None:
            units.setdefault(owner.pk, [str(owner), 0])[1] += 1
    items = [
        item
        for item in everything
        if (not kind or item.code == kind)
        and (unit is None or item.result.indicator.responsible_unit_id == unit)
    ]
    return FlagBoard(
        items=items,
        kinds=[(code, label, count) for code, (label, count) in kinds.items()],
        units=sorted(
            ((pk, name, count) for pk, (name, count) in units.items()), key=lambda u: u[1]
        ),
        kind=kind,
        unit=unit,
        open_count=sum(1 for item in everything if item.resolution is None),
        total=len(everything),
    )
