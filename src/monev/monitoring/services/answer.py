"""Steps 5–6 of a visit's status: the team leader submits the blangko, the Kasubag Program
reopens it, the Kepala Bidang answers, and the Kasubag Program decides each proposed correction."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from monev.accounts.models import User
from monev.core import audit, transitions
from monev.core.transitions import locked, require_party
from monev.domain.monitoring_flow import (
    CORRECTION,
    VISIT,
    CorrectionAction,
    CorrectionState,
    VisitAction,
    VisitState,
)
from monev.monitoring import policies, selectors
from monev.monitoring.choices import CorrectionStatus
from monev.monitoring.models import (
    Visit,
    VisitIndicator,
)
from monev.monitoring.services._common import _now, check_length


@transaction.atomic
def visit_submit(*, actor: User, visit: Visit, now: datetime | None = None) -> Visit:
    """The team leader submits the blangko; proposed corrections go to step 6."""
    visit = locked(Visit, visit.pk)
    require_party(VISIT, VisitAction.SUBMIT, policies.visit_parties(actor, visit))
    problems = selectors.submit_problems(visit)
    if problems and VISIT.allows(
        VisitState(visit.status), VisitAction.SUBMIT, policies.visit_parties(actor, visit)
    ):
        raise ValidationError(problems)
    visit = transitions.transition(
        VISIT,
        visit,
        VisitAction.SUBMIT,
        parties=policies.visit_parties(actor, visit),
        actor=actor,
        changes={"submitted_at": _now(now), "submitted_by": actor},
    )
    for line in visit.indicators.all():
        proposed = line.proposed_value is not None and line.proposed_value != line.reported_value
        status = CorrectionStatus.DIUSULKAN if proposed else CorrectionStatus.TIDAK_ADA
        if line.correction_status != status:
            before = audit.snapshot(line, ["correction_status"])
            line.correction_status = status
            line.save(update_fields=["correction_status"])
            audit.record_update(actor, line, before)
    from monev.monitoring.waiting import notify_submitted

    notify_submitted(visit, at=_now(now))  # the Kepala Bidang's tanggapan is awaited
    return visit


@transaction.atomic
def visit_reopen(*, actor: User, visit: Visit, note: str) -> Visit:
    """The Kasubag Program sends a submitted blangko back to the team (with a note)."""
    require_party(VISIT, VisitAction.REOPEN, policies.visit_parties(actor, visit))
    if not note.strip():
        raise ValidationError({"note": _("Tuliskan apa yang harus dilengkapi.")})
    visit = transitions.transition(
        VISIT,
        visit,
        VisitAction.REOPEN,
        parties=policies.visit_parties(actor, visit),
        actor=actor,
        note=note,
    )
    visit.indicators.filter(correction_status=CorrectionStatus.DIUSULKAN).update(
        correction_status=CorrectionStatus.TIDAK_ADA
    )
    return visit


@transaction.atomic
def visit_answer(
    *,
    actor: User,
    visit: Visit,
    disputes: Mapping[int, str],
    note: str = "",
    now: datetime | None = None,
) -> Visit:
    """The Kepala Bidang answers the result: agrees (no disputes) or disagrees with findings,
    each with a reason."""
    visit = locked(Visit, visit.pk)
    found = policies.visit_parties(actor, visit)
    action = VisitAction.DISPUTE if disputes else VisitAction.ACKNOWLEDGE
    require_party(VISIT, action, found)
    if not VISIT.allows(VisitState(visit.status), action, found):
        return transitions.transition(VISIT, visit, action, parties=found, actor=actor)  # refuses
    findings = {f.pk: f for f in visit.findings.all()}
    for pk, reason in disputes.items():
        if pk not in findings:
            raise ValidationError(_("Temuan tidak dikenal."))
        if not reason.strip():
            raise ValidationError(_("Tuliskan alasan untuk setiap temuan yang dibantah."))
        check_length("reason", reason.strip(), _("Alasan bantahan"))
    check_length("note", note.strip(), _("Catatan Kepala Bidang"))
    visit = transitions.transition(
        VISIT,
        visit,
        action,
        parties=found,
        actor=actor,
        changes={"answered_at": _now(now), "answered_by": actor, "answer_note": note.strip()},
    )
    for pk, reason in disputes.items():
        finding = findings[pk]
        before = audit.snapshot(finding, ["disputed", "dispute_reason"])
        finding.disputed, finding.dispute_reason = True, reason.strip()
        finding.save(update_fields=["disputed", "dispute_reason"])
        audit.record_update(actor, finding, before)
    return visit


# --- Step 6: decisions on proposed corrections ---------------------------------------------------


@transaction.atomic
def correction_decide(
    *, actor: User, line: VisitIndicator, accept: bool, reason: str, now: datetime | None = None
) -> VisitIndicator:
    """The Kasubag Program accepts a proposed correction — applied to the locked data as a
    recorded correction (before, after, reason, who), so results follow at once — or rejects
    it with a reason."""
    from monev.collection.models import Realization
    from monev.collection.services import realization_correct

    line = locked(VisitIndicator, line.pk)
    parties = policies.correction_parties(actor, line.visit)
    require_party(CORRECTION, CorrectionAction.ACCEPT, parties)
    if not reason.strip():
        raise ValidationError({"reason": _("Tuliskan alasan keputusan.")})
    action = CorrectionAction.ACCEPT if accept else CorrectionAction.REJECT
    extra: dict[str, Any] = {
        "decision_reason": reason.strip(),
        "decided_by": actor,
        "decided_at": _now(now),
    }
    if accept and CORRECTION.allows(CorrectionState(line.correction_status), action, parties):
        visit = line.visit
        realization, _created = Realization.objects.get_or_create(
            indicator_id=line.indicator_id,
            year=visit.cycle.year,
            quarter=visit.cycle.quarter,
            defaults={"updated_by": actor},
        )
        extra["correction"] = realization_correct(
            actor=actor,
            realization=realization,
            value=line.proposed_value,
            reason=_("Hasil monev %(unit)s: %(r)s") % {"unit": visit.unit, "r": reason.strip()},
            now=now,
        )
    return transitions.transition(
        CORRECTION,
        line,
        action,
        parties=parties,
        actor=actor,
        field="correction_status",
        changes=extra,
    )
