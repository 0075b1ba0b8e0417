"""The report's snapshot: plain dataclasses holding everything the report states, frozen when
step 8 starts its work, serialised to JSON with a schema version.

Renderers (`render_pdf`, `render_docx`) and the narrative rules read only this; they never
touch the ORM, so the same snapshot always renders the same document and the archive (SOP
step 13) can rebuild a report exactly. The builder (`monev.reports.builder`) fills it from the
existing pure computations — the results selector, the dashboard aggregates and Formulir E.81 —
using only their plain values, so a later materialised store of results can feed it as well.

Numbers are `Decimal` in memory and canonical strings in JSON ("91.25"); dates are `date` in
the monitoring section and ISO strings in JSON (older fields keep ISO strings in memory too);
choices are their enum in memory and their code in JSON.
"""

from __future__ import annotations

import functools
import json
import types
import typing
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar, get_args, get_origin, get_type_hints

from monev.domain.rule_settings import RuleSettings
from monev.monitoring.report_data import MonitoringData

#: 2: findings carry their category, indicator and the Kepala Bidang's dispute, each
#: recommendation sits under the finding it answers, and the open recommendations of earlier
#: quarters are carried (`MonitoringData.carried`); evidence files carry their quarter.
#: 3: the monitoring section is monitoring's typed contract (`monev.monitoring.report_data`):
#: dates, Decimals and choice codes instead of the text printed (no more labels, the blangko
#: as values). Later additions with defaults, read from older snapshots as their defaults:
#: the budget's deviasi and efisiensi (RULES §6) and the agency settings the report was made
#: with (`settings`; RULES' defaults for a snapshot frozen before settings existed, which is
#: what the rules were then).
SCHEMA_VERSION = 3
#: Versions `from_json` reads: a version 1 snapshot (frozen before) reads with the new
#: fields empty, so its report still renders; a version 1–2 monitoring section is read by
#: `_monitoring_before_3`, keeping the blangko text it printed.
READABLE_SCHEMAS = frozenset({1, 2, 3})

T = TypeVar("T")


@dataclass
class Signature:
    """A signature block (DOMAIN §8.2): position, name, pangkat (golongan), NIP."""

    title: str = ""
    name: str = ""
    pangkat: str = ""
    nip: str = ""


@dataclass
class AgencyData:
    name: str
    short_name: str
    government: str
    address: str
    city: str
    phone: str = ""
    email: str = ""
    website: str = ""
    letterhead_lines: list[str] = field(default_factory=list)
    logo_mime: str = ""
    logo_base64: str = ""  # the logo's bytes, so the document never needs the media folder


@dataclass
class Summary:
    """A group's mean achievement, predikat and how many members fall in each predikat."""

    mean: Decimal | None = None
    rating: str = ""
    by_rating: dict[str, int] = field(default_factory=dict)
    missing: int = 0
    count: int = 0


@dataclass
class GroupData:
    """A Bidang (unit) or a program with its summary and, for a Bidang, its budget."""

    code: str
    name: str
    summary: Summary
    pagu: Decimal | None = None
    spent: Decimal | None = None
    absorption: Decimal | None = None
    at_risk: int = 0
    #: Cash plan s/d TW q of the sub kegiatan that have one, and the deviasi (RULES §6).
    planned: Decimal | None = None
    deviation: Decimal | None = None
    #: Efisiensi (indicative): the group's mean achievement − serapan, percentage points.
    efficiency: Decimal | None = None


@dataclass
class IndicatorData:
    code: str
    name: str
    unit_code: str
    unit_name: str
    unit_of_measure: str
    is_iku: bool
    decimals: int
    target: Decimal | None
    realization: Decimal | None
    achievement: Decimal | None
    rating: str
    annual_target: Decimal | None = None
    projection: Decimal | None = None
    at_risk: bool = False
    flags: list[str] = field(default_factory=list)


@dataclass
class E81Row:
    level: str
    code: str
    name: str
    depth: int
    is_indicator: bool
    decimals: int
    unit_of_measure: str = ""
    unit: str = ""
    number: int | None = None
    remark: str = ""
    # column ("5" … "14", "renja") → [K, Rp]
    cells: dict[str, list[Decimal | None]] = field(default_factory=dict)
    # RULES §11: the murni annual target / pagu where the stage in force changed it
    murni_target: Decimal | None = None
    murni_pagu: Decimal | None = None


@dataclass
class E81Data:
    columns: list[str]
    column_labels: list[list[str]]  # [column, heading, numbering]
    quarters_label: str
    rows: list[E81Row]
    totals: dict[str, Decimal | None]
    mean: Decimal | None
    rating: str
    prepared_by: Signature
    evaluated_by: Signature
    stage_label: str = ""  # the plan stage in force when not murni (RULES §11)


@dataclass
class FlagData:
    indicator_code: str
    indicator_name: str
    unit_name: str
    code: str
    label: str
    note: str = ""


@dataclass
class NoteData:
    """An analysis note (SOP step 7): the agency's (unit empty) or a Bidang's."""

    unit_name: str
    drivers: str = ""
    obstacles: str = ""
    next_quarter: str = ""
    next_renja: str = ""


@dataclass
class StepData:
    number: int
    round: int
    description: str
    actor: str
    started_at: str
    due_at: str
    completed_at: str = ""
    on_time: bool | None = None


@dataclass
class EvidenceData:
    indicator_code: str
    unit_name: str
    name: str
    kind: str
    size: int
    sha256: str
    quarter: int = 0  # the first quarter whose realisation it supports (0: unknown, schema 1)
    quarters: list[int] = field(default_factory=list)  # every quarter it was attached for


@dataclass
class TrendPoint:
    quarter: int
    mean: Decimal | None


@dataclass
class YearFigure:
    """An indicator's result of one year at TW IV (the year's result, RULES §2–§3)."""

    year: int
    target: Decimal | None = None
    realization: Decimal | None = None
    achievement: Decimal | None = None
    rating: str = ""


@dataclass
class AnnualIndicator:
    """An IKU in the LKjIP (SPEC §16): its sasaran, its result of the year and of the earlier
    years of the Renstra, against the Renstra's end target, and the causes found in the four
    quarters' analysis notes (of its Bidang) and monev findings (on it)."""

    code: str
    name: str
    sasaran_code: str
    sasaran_name: str
    unit_name: str
    unit_of_measure: str
    decimals: int
    polarity: str
    baseline: Decimal | None
    end_target: Decimal | None
    #: The Renstra's first year … this year, in order; the last one is the year reported.
    years: list[YearFigure] = field(default_factory=list)
    #: This year's realisation against the Renstra end target (RULES §3 formula).
    end_achievement: Decimal | None = None
    drivers: list[str] = field(default_factory=list)
    obstacles: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)

    @property
    def this_year(self) -> YearFigure:
        return self.years[-1]


@dataclass
class ProgramBudget:
    """A program's pagu and realisation of the year (TW IV), its indicators' mean achievement
    and efisiensi (indicative, RULES §6)."""

    code: str
    name: str
    pagu: Decimal | None = None
    spent: Decimal | None = None
    absorption: Decimal | None = None
    achievement: Decimal | None = None
    rating: str = ""
    efficiency: Decimal | None = None


@dataclass
class QuarterNote:
    """An analysis note of one quarter of the year (SOP step 7 of that quarter's cycle)."""

    quarter: int
    unit_name: str
    drivers: str = ""
    obstacles: str = ""
    next_quarter: str = ""
    next_renja: str = ""


@dataclass
class FollowUpItem:
    """A recommendation of the year's monev and its follow-up status (SPEC §11)."""

    quarter: int
    unit_name: str
    finding: str
    recommendation: str
    status: str = ""
    follow_up: str = ""


@dataclass
class AnnualData:
    """What the LKjIP states beyond the year-end (TW IV) data: the Renstra in brief, the
    IKU over the years, program budgets, the year's notes and recommendations."""

    renstra_name: str
    renstra_start: int
    renstra_end: int
    sasaran: list[list[str]] = field(default_factory=list)  # [code, name]
    indicators: list[AnnualIndicator] = field(default_factory=list)
    programs: list[ProgramBudget] = field(default_factory=list)
    notes: list[QuarterNote] = field(default_factory=list)
    recommendations: list[FollowUpItem] = field(default_factory=list)
    #: The quarters of the year whose monev cycle was finished when the snapshot was taken.
    quarters_finished: list[int] = field(default_factory=list)


@dataclass
class Snapshot:
    """Everything one report states, in plain values: a quarter's report, or the LKjIP
    (`kind`), which states the year at TW IV plus its `annual` data."""

    schema: int
    year: int
    quarter: int
    cycle_id: int
    frozen_at: str  # ISO datetime: when the snapshot was taken
    report_date: str  # ISO date of the place-date line
    agency: AgencyData
    head: Signature  # Kepala Dinas (kata pengantar and the closing signature)
    sop_number: str
    sop_name: str
    legal_basis: list[str]
    summary: Summary
    units: list[GroupData]
    programs: list[GroupData]
    indicators: list[IndicatorData]
    trend: list[TrendPoint]  # this year, TW I … TW q
    trend_last_year: list[TrendPoint]
    previous_quarter: Decimal | None
    previous_year: Decimal | None
    pagu: Decimal | None
    spent: Decimal | None
    absorption: Decimal | None
    e81: E81Data
    flags: list[FlagData]
    notes: list[NoteData]
    timeline: list[StepData]
    monitoring: MonitoringData
    evidence: list[EvidenceData]
    #: The agency's budget at TW q against the cash plan, and efisiensi (RULES §6).
    planned: Decimal | None = None
    deviation: Decimal | None = None
    efficiency: Decimal | None = None
    #: The agency settings of the *(setting)* rules the report was made with
    #: (`monev.domain.rule_settings.RuleSettings.to_data`); it re-renders with these.
    settings: dict[str, Any] = field(default_factory=dict)
    #: The document kind (`monev.reports.kinds`): the quarterly report, or the LKjIP of an
    #: annual cycle, whose `quarter` is 4 (its data are the year's, s/d TW IV) and whose
    #: `annual` holds what only it states.
    kind: str = "laporan_monev"
    annual: AnnualData | None = None

    @property
    def rule_settings(self) -> RuleSettings:
        return RuleSettings.from_data(self.settings)

    def to_json(self) -> str:
        """Return the snapshot as canonical JSON (sorted keys): equal snapshots, equal text."""
        return json.dumps(to_data(self), sort_keys=True, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | dict[str, Any]) -> Snapshot:
        data = json.loads(text) if isinstance(text, str) else text
        if data.get("schema") not in READABLE_SCHEMAS:
            raise ValueError(f"Unknown snapshot schema {data.get('schema')!r}")
        if data["schema"] < 3 and "monitoring" in data:
            data = {**data, "monitoring": _monitoring_before_3(data["monitoring"])}
        return from_data(cls, data)


def _monitoring_before_3(data: dict[str, Any]) -> dict[str, Any]:
    """Return a schema 1–2 monitoring section in the shape of schema 3: the labels frozen
    beside each code are dropped (the code's enum prints its label), empty codes and dates
    become None, and a visit's blangko rows — text only, the values are gone — are kept
    as `frozen_rows`, printed as they were."""

    def code(value: Any) -> Any:
        return value or None

    def recommendation(r: dict[str, Any]) -> dict[str, Any]:
        out = {k: v for k, v in r.items() if k != "status_label"}
        return {**out, "status": code(r.get("status")), "due": code(r.get("due"))}

    def finding(f: dict[str, Any]) -> dict[str, Any]:
        out = {k: v for k, v in f.items() if k != "category_label"}
        return {
            **out,
            "category": code(f.get("category")),
            "recommendations": [recommendation(r) for r in f.get("recommendations", [])],
        }

    visits = [
        {
            **{k: v for k, v in visit.items() if k != "blangko"},
            "date": code(visit.get("date")),
            "findings": [finding(f) for f in visit.get("findings", [])],
            "frozen_rows": visit.get("blangko", []),
        }
        for visit in data.get("visits", [])
    ]
    carried = [
        {
            **c,
            "finding": finding(c["finding"]),
            "recommendation": recommendation(c["recommendation"]),
        }
        for c in data.get("carried", [])
    ]
    return {"visits": visits, "carried": carried}


def to_data(value: Any) -> Any:
    """Return `value` as JSON-native data: dataclasses as dicts, Decimals as strings."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [to_data(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_data(v) for k, v in value.items()}
    return value


def from_data(kind: Any, data: Any) -> Any:
    """Return `data` (JSON-native) read back as the type `kind` (inverse of `to_data`)."""
    if data is None:
        return None
    origin = get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in get_args(kind) if a is not type(None)]
        return from_data(options[0], data) if len(options) == 1 else data
    if origin is list:
        (item,) = get_args(kind) or (Any,)
        return [from_data(item, v) for v in data]
    if origin is dict:
        _key, item = get_args(kind) or (str, Any)
        return {k: from_data(item, v) for k, v in data.items()}
    if kind is Decimal:
        return Decimal(data)
    if kind is date:
        return date.fromisoformat(data)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(data)
    if isinstance(kind, type) and is_dataclass(kind):
        return kind(
            **{name: from_data(hint, data[name]) for name, hint in _fields(kind) if name in data}
        )
    return data


@functools.cache
def _fields(kind: type) -> tuple[tuple[str, Any], ...]:
    """A dataclass's fields with their resolved types, worked out once per class (resolving
    the annotations, strings under `from __future__ import annotations`, was most of the time
    a snapshot took to read: a report's snapshot is read on each of its pages and renders)."""
    hints = get_type_hints(kind)
    return tuple((f.name, hints[f.name]) for f in fields(kind))
