"""Reads of the report, and who may do what with it (decided here, once).

Read: every user of the cycle's agency — the Kepala Dinas, Sekretaris, Pemeriksa and
Administrator, and a Bidang its own agency's quarter report. Write (generate, edit sections):
the Kasubag Program."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from monev.accounts.choices import Role
from monev.core.access import has_role
from monev.reports.models import RenderJob, Report, ReportVersion
from monev.sop import selectors as sop_selectors
from monev.sop.models import Cycle


def may_write(user: Any) -> bool:
    return has_role(user, Role.KASUBAG_PROGRAM)


def cycle_for(user: Any, cycle_id: int) -> Cycle:
    """The cycle of a report page: 404 outside the user's agency."""
    return sop_selectors.cycle_for(user, cycle_id)


def report_of(cycle: Cycle) -> Report | None:
    return Report.objects.filter(cycle=cycle).first()


def versions_of(report: Report | None) -> list[ReportVersion]:
    if report is None:
        return []
    return list(report.versions.select_related("author").order_by("-number"))


def latest_job(report: Report | None) -> RenderJob | None:
    return report.jobs.order_by("-requested_at", "-pk").first() if report else None


def version_for(user: Any, version_id: int) -> ReportVersion:
    """A version the user may download: 404 outside the user's agency."""
    if not user.is_authenticated:
        raise PermissionDenied
    return get_object_or_404(
        ReportVersion.objects.select_related("report__cycle"),
        pk=version_id,
        report__cycle__agency_id=user.agency_id,
    )


def versions_visible_to(user: Any) -> Any:
    return ReportVersion.objects.filter(report__cycle__agency_id=user.agency_id).select_related(
        "report__cycle", "author"
    )


def reports_visible_to(user: Any) -> Any:
    """Reports of the user's agency (a Bidang reads its own agency's quarter reports),
    with their versions; another agency's reports do not exist for the user."""
    return (
        Report.objects.filter(cycle__agency_id=user.agency_id)
        .select_related("cycle")
        .prefetch_related("versions__author")
        .order_by("-cycle__year", "-cycle__quarter")
    )
