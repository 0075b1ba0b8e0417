"""Step 13 (penyimpanan dokumen) plugs into the SOP engine by its key: its page is the
cycle's archive page, and it completes when the ratified report has its archive entry (the
output is that entry, made by the system: no upload)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from monev.sop import handlers
from monev.sop.choices import StepKey


def _url(run: Any) -> str:
    return reverse("archive:cycle", args=[run.cycle_id])


def blockers(run: Any) -> list[str]:
    """Why step 13 cannot complete: the report is not archived yet."""
    from django.utils.translation import gettext as _

    from monev.archive.models import ArchiveEntry

    if ArchiveEntry.objects.filter(report__cycle_id=run.cycle_id).exists():
        return []
    return [_("Laporan yang disahkan belum diarsipkan. Arsipkan dari halaman arsip siklus.")]


def register() -> None:
    handlers.register(
        handlers.StepHandler(
            key=StepKey.PENYIMPANAN,
            label=_("Arsip laporan tersegel (PDF/A-3)"),
            url=_url,
            blockers=blockers,
            produces_output=True,
        )
    )
