"""Build a Perjanjian Kinerja's snapshot from the plan (DOMAIN §4, §8.2; SPEC §16): the plan
of the year as the stage in force leaves it (`planning.selectors.year_plan`), the parties'
officials, the agency's kop. The only module of the document that reads the database.

What each party agrees to:
- the Kepala Dinas (Pihak Kedua the Bupati): the sasaran strategis of the Renstra with their
  indicators (and every IKU), and every program with its pagu;
- a Kepala Bidang (Pihak Kedua the Kepala Dinas): the indicators the Bidang is responsible
  for below the sasaran (program, kegiatan, sub kegiatan; its sasaran indicators when it has
  none below), and the programs with the pagu of the plan nodes it is responsible for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from monev.accounts.choices import Role
from monev.accounts.models import User
from monev.annual.snapshot import Letterhead, Party, PkSnapshot, ProgramRow, Row
from monev.domain.nip import display_nip
from monev.domain.pangkat import pangkat_label
from monev.organization.models import Agency, Official, Unit
from monev.planning.choices import Level
from monev.planning.models import Indicator, PlanNode, RenstraPeriod
from monev.planning.selectors import PlanState

#: The levels a Kepala Dinas' PK takes its indicators from (sasaran strategis).
HEAD_LEVELS = (Level.TUJUAN, Level.SASARAN)


@dataclass(frozen=True)
class PlanYear:
    """What every PK of an agency-year is built from: the period, the plan as the stage in
    force leaves it, the plan nodes and the indicators (read once for all the parties)."""

    period: RenstraPeriod
    state: PlanState
    nodes: dict[int, PlanNode]
    indicators: list[Indicator]


def plan_year(period: RenstraPeriod, state: PlanState) -> PlanYear:
    nodes = {n.pk: n for n in PlanNode.objects.filter(period=period).order_by("order", "code")}
    indicators = list(
        Indicator.objects.filter(period=period)
        .select_related("node")
        .order_by("node__code", "order", "code")
    )
    return PlanYear(period, state, nodes, indicators)


def region(agency: Agency) -> str:
    """ "Kabupaten Balangan" from "Pemerintah Kabupaten Balangan"."""
    government = agency.government.strip()
    prefix = "Pemerintah "
    if government.lower().startswith(prefix.lower()):
        return government[len(prefix) :]
    return government


def regent_position(agency: Agency) -> str:
    """ "Bupati Balangan" (a kabupaten) or "Wali Kota …" (a kota)."""
    name = region(agency)
    for kind, title in (("Kabupaten ", "Bupati "), ("Kota ", "Wali Kota ")):
        if name.startswith(kind):
            return title + name[len(kind) :]
    return "Bupati " + name


def regional_head(agency: Agency) -> Party:
    """The Bupati/Wali Kota as the Administrator set them (`AgencySettings`); the title from
    the government's name when none is set."""
    from monev.organization.models import AgencySettings

    found = AgencySettings.objects.filter(agency=agency).first()
    name = found.regional_head_name.strip() if found else ""
    title = found.regional_head_title.strip() if found else ""
    return Party(name=name, position=title or regent_position(agency))


def _party(official: Official | None, position: str) -> Party:
    if official is None:
        return Party(name="", position=position)
    return Party(
        name=official.name,
        position=position,
        pangkat=pangkat_label(official.golongan) if official.golongan else "",
        nip=display_nip(official.nip) if official.nip else "",
    )


def head_official(agency: Agency) -> Official | None:
    """The Kepala Dinas: the official of the agency's user holding the role, else the
    official whose jabatan says so."""
    user = (
        User.objects.filter(
            agency=agency,
            is_active=True,
            role_assignments__role=Role.KEPALA_DINAS,
            official__isnull=False,
        )
        .select_related("official")
        .order_by("pk")
        .first()
    )
    if user is not None:
        return user.official
    return (
        Official.objects.filter(agency=agency, is_active=True, position__istartswith="Kepala Dinas")
        .order_by("pk")
        .first()
    )


def unit_head(unit: Unit) -> Official | None:
    """The Kepala Bidang of `unit`: the official of its user holding the role, else the
    unit's official whose jabatan starts with "Kepala"."""
    user = (
        User.objects.filter(
            is_active=True, role_assignments__role=Role.KEPALA_BIDANG, official__unit=unit
        )
        .select_related("official")
        .order_by("pk")
        .first()
    )
    if user is not None:
        return user.official
    return (
        Official.objects.filter(unit=unit, is_active=True, position__istartswith="Kepala")
        .order_by("pk")
        .first()
    )


def _letterhead(agency: Agency) -> Letterhead:
    return Letterhead(
        government=agency.government,
        agency=agency.name,
        lines=list(agency.letterhead),
        address=agency.address,
        city=agency.city,
        phone=agency.phone,
        email=agency.email,
    )


def _value(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _rows(plan: PlanYear, indicators: list[Indicator]) -> list[Row]:
    rows = []
    for indicator in indicators:
        node = plan.nodes.get(indicator.node_id)
        quarters = plan.state.quarterly.get(indicator.pk, {})
        rows.append(
            Row(
                sasaran=node.name if node else "",
                code=indicator.code,
                indicator=indicator.name,
                unit_of_measure=indicator.unit_of_measure,
                decimals=indicator.decimals,
                target=_value(plan.state.annual.get(indicator.pk)),
                quarters=[_value(quarters.get(q)) for q in (1, 2, 3, 4)],
            )
        )
    return rows


def _responsible(plan: PlanYear, node: PlanNode) -> int | None:
    """The unit responsible for a node: its own, else its nearest ancestor's."""
    current: PlanNode | None = node
    while current is not None:
        if current.responsible_unit_id is not None:
            return current.responsible_unit_id
        current = plan.nodes.get(current.parent_id) if current.parent_id else None
    return None


def _program_of(plan: PlanYear, node: PlanNode) -> PlanNode | None:
    current: PlanNode | None = node
    while current is not None and current.level != Level.PROGRAM:
        current = plan.nodes.get(current.parent_id) if current.parent_id else None
    return current


def _programs(plan: PlanYear, unit: Unit | None) -> list[ProgramRow]:
    """Each program with the pagu in force summed over it and the nodes below it (for a
    Bidang: the nodes it is responsible for); programs without pagu are left out."""
    totals: dict[int, Decimal] = {}
    for node_id, pagu in plan.state.pagu.items():
        node = plan.nodes.get(node_id)
        if node is None or pagu is None:
            continue
        program = _program_of(plan, node)
        if program is None:
            continue
        if unit is not None and _responsible(plan, node) != unit.pk:
            continue
        totals[program.pk] = totals.get(program.pk, Decimal(0)) + pagu
    return [
        ProgramRow(code=node.code, name=node.name, pagu=str(totals[node.pk]))
        for node in plan.nodes.values()
        if node.pk in totals
    ]


def head_indicators(plan: PlanYear) -> list[Indicator]:
    return [
        i
        for i in plan.indicators
        if i.is_iku or (plan.nodes[i.node_id].level in HEAD_LEVELS if i.node_id else False)
    ]


def unit_indicators(plan: PlanYear, unit: Unit) -> list[Indicator]:
    own = [i for i in plan.indicators if i.responsible_unit_id == unit.pk]
    below = [i for i in own if i.node_id and plan.nodes[i.node_id].level not in HEAD_LEVELS]
    return below or own


def build(
    *,
    agency: Agency,
    plan: PlanYear,
    year: int,
    unit: Unit | None,
    version: int,
    dated: date,
) -> PkSnapshot:
    """Return the snapshot of the PK of `unit` (None: the Kepala Dinas) for `year`."""
    head = head_official(agency)
    head_position = head.position if head else "Kepala Dinas"
    head_position = f"{head_position} {region(agency)}"
    if unit is None:
        first = _party(head, head_position)
        second = regional_head(agency)
        indicators = head_indicators(plan)
    else:
        kabid = unit_head(unit)
        first = _party(kabid, kabid.position if kabid else f"Kepala {unit.name}")
        second = _party(head, head_position)
        indicators = unit_indicators(plan, unit)
    stage = plan.state.stage
    return PkSnapshot(
        year=year,
        agency_name=agency.name,
        unit_name=unit.name if unit else "",
        letterhead=_letterhead(agency),
        first=first,
        second=second,
        stage_label=plan.state.label,
        stage_number=stage.number if stage else 0,
        version=version,
        dated=dated.isoformat(),
        rows=_rows(plan, indicators),
        programs=_programs(plan, unit),
    )
