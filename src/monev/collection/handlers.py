"""How quarterly collection plugs into the SOP engine (steps 1 and 2)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from monev.sop import handlers
from monev.sop.choices import StepKey


def _board_url(run: Any) -> str:
    return reverse("collection:board", args=[run.cycle_id])


def _plan_exists(run: Any) -> bool:
    """The format isian is made from the plan; without a plan, the step is done by hand."""
    from monev.collection.selectors import period_of

    return period_of(run.cycle) is not None or run.documents.exists()


def _prepare(run: Any) -> None:
    from monev.collection.services import submissions_prepare

    submissions_prepare(run.cycle)


def _all_accepted(run: Any) -> bool:
    """Every Bidang's form accepted; a cycle without forms (no plan) is done by hand."""
    from monev.collection.models import Submission
    from monev.collection.services import step2_ready

    if not Submission.objects.filter(cycle=run.cycle).exists():
        return bool(run.documents.exists())
    return step2_ready(run.cycle)


def _not_accepted(run: Any) -> list[str]:
    """Why step 2 cannot complete: the forms not yet accepted, by status and unit."""
    from django.utils.translation import gettext

    from monev.collection.choices import SubmissionStatus
    from monev.collection.models import Submission

    submissions = list(Submission.objects.filter(cycle=run.cycle).select_related("unit"))
    if not submissions:
        if run.documents.exists():
            return []
        return [gettext("Belum ada format isian Bidang; lampirkan dokumen output terlebih dahulu.")]
    waiting = [s for s in submissions if s.status != SubmissionStatus.DITERIMA]
    if not waiting:
        return []
    names = ", ".join(str(s.unit) for s in waiting[:5])
    return [
        gettext("%(n)d Bidang belum diterima (%(names)s%(more)s).")
        % {
            "n": len(waiting),
            "names": names,
            "more": "…" if len(waiting) > 5 else "",
        }
    ]


def register() -> None:
    handlers.register(
        handlers.StepHandler(
            key=StepKey.FORMAT_ISIAN,
            label=_("Format isian per Bidang"),
            url=_board_url,
            output_ready=_plan_exists,
            on_complete=_prepare,
        )
    )
    handlers.register(
        handlers.StepHandler(
            key=StepKey.PENGUMPULAN_DATA,
            label=_("Papan kelengkapan data Bidang"),
            url=_board_url,
            output_ready=_all_accepted,
            blockers=_not_accepted,
            allows_override=True,
        )
    )
