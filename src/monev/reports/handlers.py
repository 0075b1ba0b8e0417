"""Step 8 (draft laporan) plugs into the SOP engine by its key: its page is the report page,
and it completes when the report has a version (its output is that version, no upload)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from monev.sop import handlers
from monev.sop.choices import StepKey


def _url(run: Any) -> str:
    return reverse("reports:report", args=[run.cycle_id])


def output_ready(run: Any) -> bool:
    """Step 8 may complete when its cycle's report has at least one version."""
    from monev.reports.models import ReportVersion

    return ReportVersion.objects.filter(report__cycle_id=run.cycle_id).exists()


def register() -> None:
    handlers.register(
        handlers.StepHandler(
            key=StepKey.DRAFT_LAPORAN,
            label=_("Draf laporan monev dari potret data"),
            url=_url,
            output_ready=output_ready,
        )
    )


@contextmanager
def done_by_hand() -> Iterator[None]:
    """Within the block step 8 has no handler: its holder attaches the output by hand. The
    demo uses it when told not to render reports (`DEMO_RENDER_REPORTS`, off in tests)."""
    handlers.unregister(StepKey.DRAFT_LAPORAN)
    try:
        yield
    finally:
        register()
