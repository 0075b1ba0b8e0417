"""Step 3 (olah data) plugs into the SOP engine: its page is the flag board."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from monev.sop import handlers
from monev.sop.choices import StepKey


def _url(run: Any) -> str:
    return reverse("evaluation:processing", args=[run.cycle_id])


def register() -> None:
    from monev.evaluation.selectors import step3_blockers, step3_ready

    handlers.register(
        handlers.StepHandler(
            key=StepKey.OLAH_DATA,
            label=_("Olah data dan tanda kualitas data"),
            url=_url,
            output_ready=step3_ready,
            blockers=step3_blockers,
        )
    )
    register_step7()


def _analysis_url(run: Any) -> str:
    return reverse("evaluation:analysis", args=[run.cycle_id])


def register_step7() -> None:
    from monev.evaluation.selectors import step7_blockers, step7_ready

    handlers.register(
        handlers.StepHandler(
            key=StepKey.ANALISIS,
            label=_("Analisis capaian dan catatan analisis"),
            url=_analysis_url,
            output_ready=step7_ready,
            blockers=step7_blockers,
        )
    )
