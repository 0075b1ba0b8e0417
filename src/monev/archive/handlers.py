"""Step 13 (penyimpanan dokumen) plugs into the SOP engine by its key: its page is the
cycle's archive page, and it completes when the ratified report has its archive entry (the
output is that entry, made by the system). A cycle without a ratified report is done by hand."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from monev.sop import handlers
from monev.sop.choices import StepKey


def _url(run: Any) -> str:
    return reverse("archive:cycle", args=[run.cycle_id])


def blockers(run: Any) -> list[str]:
    """Why step 13 cannot complete. A cycle whose report is ratified completes when the
    report is archived; a cycle without a ratified report (its steps 8–12 done by hand) is
    done by hand like any step without a handler: its output is the attached document."""
    from django.utils.translation import gettext as _

    from monev.archive.models import ArchiveEntry
    from monev.reports.choices import ReportStatus
    from monev.reports.models import Report

    if ArchiveEntry.objects.filter(report__cycle_id=run.cycle_id).exists():
        return []
    sealed = (ReportStatus.DISAHKAN, ReportStatus.DIARSIPKAN)
    if Report.objects.filter(cycle_id=run.cycle_id, status__in=sealed).exists():
        return [_("Laporan yang disahkan belum diarsipkan. Arsipkan dari halaman arsip siklus.")]
    if run.documents.exists():
        return []
    return [
        _("Output «%(output)s» belum ada. Lampirkan dokumen output terlebih dahulu.")
        % {"output": run.step.output or _("dokumen")}
    ]


def register() -> None:
    handlers.register(
        handlers.StepHandler(
            key=StepKey.PENYIMPANAN,
            label=_("Arsip laporan tersegel (PDF/A-3)"),
            url=_url,
            blockers=blockers,
        )
    )
