"""The discussion of a report (step 9) in the inbox of its participants: the Sekretaris,
the Kepala Dinas and each Kepala Bidang see "Pembahasan laporan … versi N" with a link to
that version while the report is in discussion (the Kasubag Program holds the step and
sees it through the SOP engine's own item)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from monev.accounts.choices import Role
from monev.accounts.models import User
from monev.core import inbox
from monev.core.access import scope_of
from monev.reports import kinds
from monev.reports.choices import ReportStatus
from monev.reports.models import Report

READERS = (Role.SEKRETARIS, Role.KEPALA_DINAS, Role.KEPALA_BIDANG)


def items_for(user: User) -> list[inbox.InboxItem]:
    if not user.is_authenticated or not user.has_role(*READERS):
        return []
    items = []
    reports = (
        scope_of(user)
        .filter(Report.objects)
        .filter(status=ReportStatus.DIBAHAS)
        .select_related("cycle")
    )
    for report in reports:
        version = report.versions.order_by("-number").first()
        if version is None:
            continue
        run = report.cycle.runs.filter(step__key="pembahasan").order_by("-round").first()
        items.append(
            inbox.InboxItem(
                title=_("Pembahasan %(doc)s: versi %(n)s")
                % {
                    "doc": kinds.for_report(report).label(report.cycle.year, report.cycle.quarter),
                    "n": version.number,
                },
                url=reverse("reports:report", args=[report.cycle_id]) + f"#versi-{version.number}",
                subtitle=_("Beri komentar pada bagian-bagian laporan"),
                due_at=run.due_at if run else None,
            )
        )
    return items


def register() -> None:
    inbox.register(items_for, kept=True)  # kept per data token: report writes replace it
