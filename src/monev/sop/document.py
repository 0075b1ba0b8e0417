"""The SOP document as a plain snapshot: what the SOP-AP PDF is printed from.

No Django and no ORM here (STYLE: builders make snapshots, renderers turn snapshots into bytes).
The Django layer builds the dict with `selectors.definition_as_dict`; the default SOP ships as
`monev.sop.seed.DEFAULT_SOP` in the same shape.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal, cast

SymbolKind = Literal["terminator", "process", "decision"]
TimeUnitName = Literal["menit", "jam", "hari", "minggu"]

SYMBOLS: tuple[str, ...] = ("terminator", "process", "decision")
TIME_UNITS: tuple[str, ...] = ("menit", "jam", "hari", "minggu")


@dataclass(frozen=True)
class Signatory:
    """The official who ratifies the SOP (Disahkan Oleh): jabatan, nama, pangkat/golongan, NIP."""

    jabatan: str
    nama: str = ""
    pangkat: str = ""
    golongan: str = ""
    nip: str = ""


@dataclass(frozen=True)
class Actor:
    """A swimlane column of the flowchart (Pelaksana), keyed by the role that holds it."""

    key: str
    label: str


@dataclass(frozen=True)
class SopStep:
    """One row of the flowchart table: the procedure, where its symbol goes, and its mutu baku.

    `lanes` are the actor keys whose columns carry the step's symbol, the main one first (the
    one arrows connect); extra lanes get a process box joined to the main one. `no_goto` is the
    step a decision's "Tidak" branch returns to.
    """

    number: int
    description: str
    actor: str
    approver: str | None = None
    lanes: tuple[str, ...] = ()
    symbol: SymbolKind = "process"
    no_goto: int | None = None
    inputs: str = ""
    time_value: int = 1
    time_unit: TimeUnitName = "hari"
    output: str = ""
    notes: str = ""

    @property
    def main_lane(self) -> str:
        return self.lanes[0] if self.lanes else self.actor

    @property
    def time_label(self) -> str:
        """Return the Waktu cell as printed on SOP sheets: "15 Menit", "2 Hari", "1 Minggu"."""
        return f"{self.time_value} {self.time_unit.capitalize()}"


@dataclass(frozen=True)
class SopDocument:
    """An SOP in the Indonesian SOP-AP form: identity sheet plus the swimlane step table."""

    agency_lines: tuple[str, ...]
    address: str
    number: str
    name: str
    version: int
    created_on: date | None
    revised_on: date | None
    effective_on: date | None
    ratified_by: Signatory
    legal_basis: tuple[str, ...] = ()
    related_sops: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    qualifications: tuple[str, ...] = ()
    equipment: tuple[str, ...] = ()
    records: tuple[str, ...] = ()
    actors: tuple[Actor, ...] = ()
    steps: tuple[SopStep, ...] = field(default_factory=tuple)


def _date(value: Any) -> date | None:
    """Return a date from a date, a datetime, an ISO string, or None/"" (an empty date)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _texts(values: Iterable[Any] | str | None) -> tuple[str, ...]:
    """Return the non-blank items of a list box; a string is read one item per line."""
    if values is None:
        return ()
    if isinstance(values, str):
        values = values.splitlines()
    return tuple(str(v).strip() for v in values if str(v).strip())


def _step(data: Mapping[str, Any]) -> SopStep:
    symbol = str(data.get("symbol") or "process")
    if symbol not in SYMBOLS:
        raise ValueError(f"Unknown SOP symbol {symbol!r} at step {data.get('number')}")
    unit = str(data.get("time_unit") or "hari").lower()
    if unit not in TIME_UNITS:
        raise ValueError(f"Unknown time unit {unit!r} at step {data.get('number')}")
    actor = str(data["actor"])
    lanes = tuple(str(lane) for lane in (data.get("lanes") or [actor]))
    no_goto = data.get("no_goto")
    back: int | None = None if no_goto is None or no_goto == "" else int(no_goto)
    return SopStep(
        number=int(data["number"]),
        description=str(data.get("description") or ""),
        actor=actor,
        approver=data.get("approver") or None,
        # Duplicates would draw two boxes on top of each other; keep the first mention.
        lanes=tuple(dict.fromkeys(lanes)),
        symbol=cast(SymbolKind, symbol),
        no_goto=back,
        inputs=str(data.get("inputs") or ""),
        time_value=int(data.get("time_value") or 0),
        time_unit=cast(TimeUnitName, unit),
        output=str(data.get("output") or ""),
        notes=str(data.get("notes") or ""),
    )


def sop_document_from_dict(data: Mapping[str, Any]) -> SopDocument:
    """Return the SopDocument of a dict shaped like `monev.sop.seed.DEFAULT_SOP`.

    Dates may be `date` objects (from the database) or ISO strings (from JSON); missing
    optional lists become empty. Steps are ordered by number. An actor used by a step's lanes
    but missing from `actors` gets a column of its own (labelled with its key), so an edited
    SOP never loses a symbol.
    """
    ratified = data.get("ratified_by") or {}
    steps = tuple(sorted((_step(s) for s in data.get("steps") or []), key=lambda s: s.number))
    actors = [
        Actor(key=str(a["key"]), label=str(a.get("label") or a["key"]))
        for a in data.get("actors") or []
    ]
    known = {a.key for a in actors}
    for step in steps:
        for lane in step.lanes:
            if lane not in known:
                known.add(lane)
                actors.append(Actor(key=lane, label=lane.replace("_", " ").title()))
    return SopDocument(
        agency_lines=_texts(data.get("agency_lines")),
        address=str(data.get("address") or ""),
        number=str(data.get("number") or ""),
        name=str(data.get("name") or ""),
        version=int(data.get("version") or 1),
        created_on=_date(data.get("created_on")),
        revised_on=_date(data.get("revised_on")),
        effective_on=_date(data.get("effective_on")),
        ratified_by=Signatory(
            jabatan=str(ratified.get("jabatan") or ""),
            nama=str(ratified.get("nama") or ""),
            pangkat=str(ratified.get("pangkat") or ""),
            golongan=str(ratified.get("golongan") or ""),
            nip=str(ratified.get("nip") or ""),
        ),
        legal_basis=_texts(data.get("legal_basis")),
        related_sops=_texts(data.get("related_sops")),
        warnings=_texts(data.get("warnings")),
        qualifications=_texts(data.get("qualifications")),
        equipment=_texts(data.get("equipment")),
        records=_texts(data.get("records")),
        actors=tuple(actors),
        steps=steps,
    )
