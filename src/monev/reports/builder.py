"""Build a report's snapshot from the database (SOP step 8).

Reuses the computations the pages use — `evaluation.dashboard.build` (agency, Bidang and
program aggregates, trend, absorption, early warning), `evaluation.e81.build` (Formulir E.81
rows) and `evaluation.services.open_flags` — and copies only their plain values, so the report
states exactly what the pages showed when the snapshot was taken.
"""

from __future__ import annotations

import base64
from datetime import datetime
from decimal import Decimal
from io import BytesIO

from django.utils import timezone

from monev.collection.models import Evidence
from monev.core import formats
from monev.domain.aggregates import GroupSummary
from monev.domain.nip import NipError, format_nip
from monev.evaluation import dashboard, e81
from monev.evaluation.flags import describe as describe_flag
from monev.evaluation.models import AnalysisNote
from monev.evaluation.services import open_flags
from monev.evaluation.store import year_data
from monev.monitoring.report_data import MonitoringData
from monev.monitoring.selectors import report_section
from monev.reports.snapshot import (
    SCHEMA_VERSION,
    AgencyData,
    E81Data,
    E81Row,
    EvidenceData,
    FlagData,
    GroupData,
    IndicatorData,
    NoteData,
    Signature,
    Snapshot,
    StepData,
    Summary,
    TrendPoint,
)
from monev.sop.models import Cycle


def _summary(summary: GroupSummary) -> Summary:
    return Summary(
        mean=summary.mean,
        rating=str(summary.rating or ""),
        by_rating={str(r): n for r, n in summary.by_rating.items()},
        missing=summary.missing,
        count=summary.count,
    )


def _nip(value: str) -> str:
    try:
        return format_nip(value) if value else ""
    except NipError:
        return value


def _signature(signer: e81.Signer) -> Signature:
    return Signature(
        title=signer.title, name=signer.name, pangkat=signer.pangkat, nip=_nip(signer.nip)
    )


def logo_for_documents(raw: bytes) -> tuple[str, bytes]:
    """Return (MIME type, bytes) of an agency logo as both documents can print it: PNG and
    JPEG as they are, an SVG as it is (the PDF draws it; Word cannot, so the DOCX leaves it
    out), any other picture Pillow reads (GIF, BMP, WebP …) converted to PNG; ("", b"") for
    a file that is no picture or has more than MONEV_LOGO_MAX_PIXELS pixels."""
    from django.conf import settings
    from PIL import Image, UnidentifiedImageError

    from monev.core import images

    if raw.lstrip()[:1] == b"<":
        return "image/svg+xml", raw
    if not images.within(raw, settings.MONEV_LOGO_MAX_PIXELS):
        return "", b""  # a logo kept before the limit (issue 21): never decoded
    try:
        with Image.open(BytesIO(raw)) as image:
            if image.format in ("PNG", "JPEG"):
                return f"image/{image.format.lower()}", raw
            out = BytesIO()
            image.convert("RGBA").save(out, format="PNG")
            return "image/png", out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError):
        return "", b""


def _agency(cycle: Cycle) -> AgencyData:
    agency = cycle.agency
    logo_mime, logo_data = "", ""
    if agency.logo:
        try:
            with agency.logo.open("rb") as handle:
                logo_mime, raw = logo_for_documents(handle.read())
            logo_data = base64.b64encode(raw).decode() if raw else ""
        except OSError:
            logo_mime, logo_data = "", ""
    return AgencyData(
        name=agency.name,
        short_name=agency.short_name,
        government=agency.government,
        address=agency.address,
        city=agency.city,
        phone=agency.phone,
        email=agency.email,
        website=agency.website,
        letterhead_lines=agency.letterhead,
        logo_mime=logo_mime,
        logo_base64=logo_data,
    )


def _e81(form: e81.E81) -> E81Data:
    def key(column: int | str) -> str:
        return str(column)

    rows = [
        E81Row(
            level=row.level,
            code=row.code,
            name=row.name,
            depth=row.depth,
            is_indicator=row.is_indicator,
            decimals=row.decimals,
            unit_of_measure=row.unit_of_measure,
            unit=row.unit,
            number=row.number,
            remark=row.remark,
            cells={key(c): [p.k, p.rp] for c, p in row.cells.items()},
            murni_target=row.murni_target,
            murni_pagu=row.murni_pagu,
        )
        for row in form.rows
    ]
    return E81Data(
        columns=[key(c) for c in e81.DISPLAY_COLUMNS],
        column_labels=[[key(c), h, n] for c, h, n in form.column_labels],
        quarters_label=form.quarters_label,
        rows=rows,
        totals={key(c): p.rp for c, p in form.totals.items()},
        mean=form.mean,
        rating=str(form.rating or ""),
        prepared_by=_signature(form.prepared_by),
        evaluated_by=_signature(form.evaluated_by),
        stage_label=form.stage_label,
    )


def _timeline(cycle: Cycle) -> list[StepData]:
    runs = cycle.runs.select_related("step").order_by("started_at", "number", "round")
    return [
        StepData(
            number=run.number,
            round=run.round,
            description=run.step.description,
            actor=str(run.step.get_actor_display()),
            started_at=run.started_at.isoformat(),
            due_at=run.due_at.isoformat(),
            completed_at=run.completed_at.isoformat() if run.completed_at else "",
            on_time=run.on_time,
        )
        for run in runs
    ]


def _evidence(cycle: Cycle, quarter: int, indicator_codes: set[str]) -> list[EvidenceData]:
    """Return the evidence files of the year up to the cycle's quarter, each stored file once
    (by its SHA-256: the same file attached again in a later quarter is the same evidence),
    in the order of the indicators, with the quarters it was attached for and its true size
    in bytes."""
    items = (
        Evidence.objects.filter(
            realization__indicator__period__agency=cycle.agency,
            realization__year=cycle.year,
            realization__quarter__lte=quarter,
        )
        .select_related("realization__indicator__responsible_unit")
        .order_by("realization__indicator__order", "realization__quarter", "pk")
    )
    found: dict[tuple[str, str], EvidenceData] = {}
    for e in items:
        code = e.realization.indicator.code
        key = (code, e.sha256 or f"{e.original_name}:{e.pk}")
        quarter = e.realization.quarter
        if code not in indicator_codes:
            continue
        if key in found:  # the same file again, for a later quarter
            if quarter not in found[key].quarters:
                found[key].quarters.append(quarter)
            continue
        found[key] = EvidenceData(
            indicator_code=code,
            unit_name=str(e.realization.indicator.responsible_unit or ""),
            name=e.original_name,
            kind=e.kind,
            size=e.size,
            sha256=e.sha256,
            quarter=quarter,
            quarters=[quarter],
        )
    return list(found.values())


def build_snapshot(cycle: Cycle, *, now: datetime | None = None) -> Snapshot:
    """Return the snapshot of `cycle`'s quarter as the data stand now."""
    assert cycle.quarter is not None  # the quarterly report's kind applies to quarter cycles
    return build_at(cycle, quarter=cycle.quarter, data_cycle=cycle, now=now)


def build_at(
    cycle: Cycle, *, quarter: int, data_cycle: Cycle | None, now: datetime | None = None
) -> Snapshot:
    """Return the snapshot of `cycle`'s year at `quarter` as the data stand now; the flags,
    analysis notes and visits are those of `data_cycle` (the monev cycle of that quarter:
    the cycle itself for a quarterly report, TW IV's for the LKjIP; None: none), the SOP and
    timeline those of `cycle`."""
    now = now or timezone.now()
    agency = cycle.agency
    board = dashboard.build(agency.pk, year=cycle.year, quarter=quarter)
    settings = year_data(agency.pk, cycle.year).settings
    with formats.rating_labels(settings.rating_labels):  # E.81's remarks, frozen as text
        form = e81.build(agency, year=cycle.year, quarter=quarter)
    resolutions = open_flags(data_cycle) if data_cycle is not None else []
    indicators = [
        IndicatorData(
            code=r.indicator.code,
            name=r.indicator.name,
            unit_code=getattr(r.indicator.responsible_unit, "code", ""),
            unit_name=str(r.indicator.responsible_unit or ""),
            unit_of_measure=r.indicator.unit_of_measure,
            is_iku=r.indicator.is_iku,
            decimals=r.indicator.decimals,
            target=r.target,
            realization=r.realization,
            achievement=r.achievement,
            rating=str(r.rating or ""),
            annual_target=r.annual_target,
            projection=r.projection,
            at_risk=r.at_risk,
            flags=[f.code for f in r.flags],
        )
        for r in board.results
    ]
    at_risk_by_unit: dict[str, int] = {}
    for item in indicators:
        if item.at_risk:
            at_risk_by_unit[item.unit_code] = at_risk_by_unit.get(item.unit_code, 0) + 1
    units = [
        GroupData(
            code=row.key,
            name=row.name,
            summary=_summary(row.summary),
            pagu=row.pagu,
            spent=row.spent,
            absorption=row.absorption,
            at_risk=at_risk_by_unit.get(row.key, 0),
            planned=row.planned,
            deviation=row.deviation,
            efficiency=row.efficiency,
        )
        for row in board.by_unit
    ]
    programs = [
        GroupData(code=row.key, name=row.name, summary=_summary(row.summary))
        for row in board.by_program
    ]
    pagu = sum((u.pagu or Decimal(0) for u in units), Decimal(0))
    spent = sum((u.spent or Decimal(0) for u in units), Decimal(0))
    notes = [
        NoteData(
            unit_name=str(n.unit or ""),
            drivers=n.drivers,
            obstacles=n.obstacles,
            next_quarter=n.next_quarter,
            next_renja=n.next_renja,
        )
        for n in AnalysisNote.objects.filter(cycle=data_cycle)
        .select_related("unit")
        .order_by("unit__order", "pk")
    ]
    flags = [
        FlagData(
            indicator_code=result.indicator.code,
            indicator_name=result.indicator.name,
            unit_name=str(result.indicator.responsible_unit or ""),
            code=flag.code,
            label=describe_flag(flag.code, flag.params),
            note=resolution.note if resolution else "",
        )
        for result, flag, resolution in resolutions
    ]
    previous_quarter = board.trend[-2][1] if len(board.trend) > 1 else None
    definition = cycle.definition
    local_now = timezone.localtime(now)
    return Snapshot(
        schema=SCHEMA_VERSION,
        year=cycle.year,
        quarter=quarter,
        cycle_id=cycle.pk,
        frozen_at=local_now.isoformat(),
        report_date=local_now.date().isoformat(),
        agency=_agency(cycle),
        head=_signature(form.prepared_by),
        sop_number=definition.number,
        sop_name=definition.name,
        legal_basis=[line.strip() for line in definition.legal_basis.splitlines() if line.strip()],
        summary=_summary(board.agency),
        units=units,
        programs=programs,
        indicators=indicators,
        trend=[TrendPoint(q, m) for q, m in board.trend],
        trend_last_year=[TrendPoint(q, m) for q, m in board.trend_last_year],
        previous_quarter=previous_quarter,
        previous_year=board.previous_year,
        pagu=pagu or None,
        spent=spent if pagu else None,
        absorption=board.absorption,
        e81=_e81(form),
        flags=flags,
        notes=notes,
        timeline=_timeline(cycle),
        monitoring=report_section(data_cycle) if data_cycle is not None else MonitoringData(),
        evidence=_evidence(cycle, quarter, {i.code for i in indicators}),
        planned=board.planned,
        deviation=board.deviation,
        efficiency=board.efficiency,
        settings=settings.to_data(),
    )
