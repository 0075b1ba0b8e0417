"""Step 3 (olah data) plugs into the SOP engine: its page is the flag board."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from monev.sop import handlers


def _url(run: Any) -> str:
    return reverse("evaluation:processing", args=[run.cycle_id])


def register() -> None:
    from monev.evaluation.services import step3_ready

    handlers.register(
        handlers.StepHandler(
            number=3,
            label=_("Olah data dan tanda kualitas data"),
            url=_url,
            output_ready=step3_ready,
        )
    )
