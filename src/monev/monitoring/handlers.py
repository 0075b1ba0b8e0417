"""How monev visits plug into the SOP engine (steps 4, 5 and 6), by step key only."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from monev.sop import handlers
from monev.sop.choices import StepKey


def _plan_url(run: Any) -> str:
    return reverse("monitoring:plan", args=[run.cycle_id])


def _visits_url(run: Any) -> str:
    return reverse("monitoring:visits", args=[run.cycle_id])


def _compilation_url(run: Any) -> str:
    return reverse("monitoring:compilation", args=[run.cycle_id])


def _by_hand(run: Any) -> bool | None:
    """A cycle without any visit is done by hand, like every step without a handler: its
    output is the attached document. Return None when the cycle has visits."""
    from monev.monitoring.models import Visit

    if Visit.objects.filter(cycle=run.cycle).exists():
        return None
    return bool(run.documents.exists())


def _plan_ready(run: Any) -> bool:
    from monev.monitoring.selectors import plan_ready

    by_hand = _by_hand(run)
    return by_hand if by_hand is not None else plan_ready(run.cycle)


def _plan_approved(run: Any) -> None:
    """Step 4 has the Sekretaris as approver: the step ends when the plan is approved (by
    `run.completed_by`, who is audited as approving the visits)."""
    from monev.monitoring.services import plan_approved

    plan_approved(cycle=run.cycle, actor=run.completed_by)


def _all_submitted(run: Any) -> bool:
    from monev.monitoring.models import Visit

    by_hand = _by_hand(run)
    if by_hand is not None:
        return by_hand
    visits = Visit.objects.filter(cycle=run.cycle)
    return not visits.filter(status__in=["direncanakan", "disetujui"]).exists()


def _compiled(run: Any) -> bool:
    by_hand = _by_hand(run)
    return by_hand if by_hand is not None else not step6_blockers(run)


def step6_blockers(run: Any) -> list[str]:
    """Why step 6 cannot complete: for a cycle without visits (done by hand), the missing
    output document; otherwise the visits and corrections still open."""
    from django.utils.translation import gettext as _

    from monev.monitoring.selectors import step6_blockers as blockers

    by_hand = _by_hand(run)
    if by_hand is None:
        return blockers(run)
    if by_hand:
        return []
    return [
        _("Output «%(output)s» belum ada. Lampirkan dokumen output terlebih dahulu.")
        % {"output": run.step.output or _("dokumen")}
    ]


def register() -> None:
    extra: dict[str, Any] = {}
    if "blockers" in handlers.StepHandler.__dataclass_fields__:
        extra["blockers"] = step6_blockers
    handlers.register(
        handlers.StepHandler(
            key=StepKey.RENCANA_MONEV,
            label=_("Rencana monev (jadwal kunjungan per Bidang)"),
            url=_plan_url,
            output_ready=_plan_ready,
            on_complete=_plan_approved,
        )
    )
    handlers.register(
        handlers.StepHandler(
            key=StepKey.PELAKSANAAN_MONEV,
            label=_("Blangko monev per kunjungan"),
            url=_visits_url,
            output_ready=_all_submitted,
        )
    )
    handlers.register(
        handlers.StepHandler(
            key=StepKey.KOMPILASI_HASIL,
            label=_("Kompilasi hasil monev dan keputusan koreksi"),
            url=_compilation_url,
            output_ready=_compiled,
            **extra,
        )
    )
