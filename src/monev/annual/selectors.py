"""Reads of the Perjanjian Kinerja: an agency's PKs and versions of a year, whether a newer
plan stage calls for a new version (RULES §11), what serving a version's file needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet, prefetch_related_objects
from django.utils import timezone

from monev.annual.models import PerjanjianKinerja, PerjanjianKinerjaVersion
from monev.core.access import scope_of
from monev.core.files import ServedFile
from monev.planning.models import PlanStage, RenstraPeriod
from monev.planning.selectors import PlanState
from monev.signing import selectors as signing_selectors
from monev.signing.models import Signature


def agreements_visible_to(user: Any) -> QuerySet[PerjanjianKinerja]:
    return scope_of(user).filter(PerjanjianKinerja.objects).select_related("unit")


def versions_visible_to(user: Any) -> QuerySet[PerjanjianKinerjaVersion]:
    return (
        scope_of(user)
        .filter(PerjanjianKinerjaVersion.objects)
        .select_related("agreement__unit", "stage", "author")
    )


def period_of(agency_id: int, year: int) -> RenstraPeriod | None:
    """The agency's Renstra period covering `year`, or None."""
    return RenstraPeriod.objects.filter(
        agency_id=agency_id, start_year__lte=year, end_year__gte=year
    ).first()


def latest_stage(agency_id: int, year: int) -> PlanStage | None:
    """The year's last plan stage (None: the year is only murni)."""
    return (
        PlanStage.objects.filter(period__agency_id=agency_id, year=year).order_by("number").last()
    )


def head_versions(agency_id: int, year: int) -> list[PerjanjianKinerjaVersion]:
    """The versions of the Kepala Dinas' PK of the year, oldest first."""
    return list(
        PerjanjianKinerjaVersion.objects.filter(
            agreement__agency_id=agency_id, agreement__year=year, agreement__unit__isnull=True
        )
        .select_related("stage", "author")
        .order_by("number")
    )


def latest_head_version(agency_id: int, year: int) -> PerjanjianKinerjaVersion | None:
    return (
        PerjanjianKinerjaVersion.objects.filter(
            agreement__agency_id=agency_id, agreement__year=year, agreement__unit__isnull=True
        )
        .select_related("stage", "agreement")
        .order_by("number")
        .last()
    )


def latest_head_versions(agency_ids: list[int], year: int) -> dict[int, tuple[int, date]]:
    """Agency id → (number, local day) of the latest version of its Kepala Dinas' PK of
    `year`, for the agencies that have one (the consolidated view; one query)."""
    found: dict[int, tuple[int, date]] = {}
    for agency_id, number, created in (
        PerjanjianKinerjaVersion.objects.filter(
            agreement__agency_id__in=agency_ids, agreement__year=year, agreement__unit__isnull=True
        )
        .order_by("agreement__agency_id", "number")
        .values_list("agreement__agency_id", "number", "created_at")
    ):
        found[agency_id] = (number, timezone.localdate(created))
    return found


@dataclass(frozen=True)
class YearPk:
    """The PK page of a year: the Kepala Dinas' PK with its versions, each Bidang's PK with
    its versions, and whether the plan has a stage newer than the last version."""

    year: int
    head: list[PerjanjianKinerjaVersion]
    units: list[tuple[PerjanjianKinerja, list[PerjanjianKinerjaVersion]]]
    stage: PlanStage | None
    has_period: bool

    @property
    def latest(self) -> PerjanjianKinerjaVersion | None:
        return self.head[-1] if self.head else None

    @property
    def stage_label(self) -> str:
        """The label of the year's last stage ("Murni" when it has none)."""
        return PlanState(self.stage).label

    @property
    def update_available(self) -> bool:
        """ "PK perubahan tersedia": a PK exists and the year's last stage is not its own."""
        latest = self.latest
        if latest is None:
            return False
        return (self.stage.pk if self.stage else None) != latest.stage_id


def year_pk(agency_id: int, year: int) -> YearPk:
    """Everything the PK page of `year` shows (four queries)."""
    versions = list(
        PerjanjianKinerjaVersion.objects.filter(
            agreement__agency_id=agency_id, agreement__year=year
        )
        .select_related("agreement__unit", "stage", "author")
        .order_by("agreement__unit__order", "agreement__unit__name", "number")
    )
    head = [v for v in versions if v.agreement.unit_id is None]
    units: dict[int, tuple[PerjanjianKinerja, list[PerjanjianKinerjaVersion]]] = {}
    for version in versions:
        if version.agreement.unit_id is not None:
            units.setdefault(version.agreement_id, (version.agreement, []))[1].append(version)
    return YearPk(
        year=year,
        head=head,
        units=list(units.values()),
        stage=latest_stage(agency_id, year),
        has_period=period_of(agency_id, year) is not None,
    )


def signature_of(version: PerjanjianKinerjaVersion) -> Signature | None:
    """The Kepala Dinas' signature on a version (`annual.signing`), or None."""
    return signing_selectors.latest_signature(version)


def signatures_of(versions: list[PerjanjianKinerjaVersion]) -> dict[int, Signature]:
    """Version id → its latest signature, for the versions signed (one query)."""
    if not versions:
        return {}
    rows = Signature.objects.filter(
        content_type=ContentType.objects.get_for_model(PerjanjianKinerjaVersion),
        object_id__in=[v.pk for v in versions],
    ).order_by("object_id", "sequence")
    return {row.object_id: row for row in rows}


def version_file(version: PerjanjianKinerjaVersion, kind: str) -> ServedFile:
    """One file of a version to serve (`signing.selectors.document_file`): a signed version's
    PDF is the signed one (the bytes that were signed, never rendered again)."""
    agreement = version.agreement
    party = agreement.unit.code.lower() if agreement.unit_id and agreement.unit else "kadis"
    stem = f"perjanjian-kinerja-{agreement.year}-{party}-v{version.number}"
    return signing_selectors.document_file(version, kind, stem)


# --- The annual overview (`/tahunan/`): each year's cycle, PK and LKjIP ------------------------


@dataclass
class YearRow:
    """One year of the agency's annual overview."""

    year: int
    cycle: Any  # sop.Cycle of the annual SOP, or None
    run: Any  # its current StepRun, or None
    pk_versions: list[PerjanjianKinerjaVersion]
    signed: set[int]  # pks of the signed versions
    report: Any  # reports.Report (the LKjIP), or None
    entry: Any  # archive.ArchiveEntry of the LKjIP, or None


def years_overview(agency_id: int) -> list[YearRow]:
    """The years of the agency's Renstra periods (and of any annual cycle or PK), newest first,
    each with its annual cycle and current step, the Kepala Dinas' PK versions with their
    signatures, and the LKjIP with its archive entry (a fixed number of queries)."""
    from monev.sop.choices import Cadence
    from monev.sop.models import Cycle, StepRun

    years: set[int] = set()
    for start, end in RenstraPeriod.objects.filter(agency_id=agency_id).values_list(
        "start_year", "end_year"
    ):
        years.update(range(start, end + 1))
    cycles = {
        c.year: c
        for c in Cycle.objects.filter(
            agency_id=agency_id, quarter__isnull=True, definition__cadence=Cadence.TAHUNAN
        ).order_by("pk")
    }
    versions = list(
        PerjanjianKinerjaVersion.objects.filter(
            agreement__agency_id=agency_id, agreement__unit__isnull=True
        )
        .select_related("agreement", "stage")
        .order_by("number")
    )
    signed = set(signatures_of(versions))
    runs = {
        r.cycle_id: r
        for r in StepRun.objects.filter(cycle__in=list(cycles.values()), completed_at__isnull=True)
        .select_related("step")
        .order_by("number")
    }
    # The LKjIP and its archive entry through the cycles' reverse relations (reports and
    # archive sit above this app: no import of their models here).
    prefetch_related_objects(list(cycles.values()), "report__archive_entry")
    reports = {c.pk: getattr(c, "report", None) for c in cycles.values()}
    entries = {r.pk: getattr(r, "archive_entry", None) for r in reports.values() if r is not None}
    years.update(cycles)
    years.update(v.agreement.year for v in versions)
    rows = []
    for year in sorted(years, reverse=True):
        cycle = cycles.get(year)
        report = reports.get(cycle.pk) if cycle else None
        rows.append(
            YearRow(
                year=year,
                cycle=cycle,
                run=runs.get(cycle.pk) if cycle else None,
                pk_versions=[v for v in versions if v.agreement.year == year],
                signed={v.pk for v in versions if v.pk in signed},
                report=report,
                entry=entries.get(report.pk) if report else None,
            )
        )
    return rows
