"""Corrections after the lock (RULES §2, SOP step 3 onwards): the Kasubag Program corrects a
locked value with a reason and, if there is one, an evidence file. The value changes at once
(every result reads it), the before/after is audited, and the Bidang's users are notified."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from monev.accounts.choices import Role
from monev.accounts.models import User
from monev.collection import selectors, services
from monev.collection.models import Correction, Evidence, Realization, Submission
from monev.planning.models import Indicator
from monev.sop.models import Cycle


def _store_evidence(actor: User, realization: Realization, upload: Any) -> Evidence:
    """Keep the correction's supporting file, checked like any evidence (`store_upload`:
    kind by content, size, bounded archives)."""
    from django.conf import settings

    from monev.core.files import store_upload

    try:
        stored = store_upload(
            upload, folder="bukti", max_bytes=settings.MONEV_EVIDENCE_MAX_MB * 2**20
        )
    except ValidationError as error:
        raise ValidationError({"evidence": error.messages}) from error
    evidence: Evidence = services.evidence_record(
        actor, realization, stored, note=_("Bukti koreksi")
    )
    return evidence


@transaction.atomic
def correction_make(
    *,
    actor: User,
    cycle: Cycle,
    indicator: Indicator,
    value: Decimal | None,
    reason: str,
    evidence: Any = None,
) -> Correction:
    """Correct the indicator's locked value of the cycle's quarter (the Kasubag Program)."""
    if not actor.has_role(Role.KASUBAG_PROGRAM):
        raise PermissionDenied
    if not selectors.is_locked(cycle):
        raise ValidationError(
            _("Data belum dikunci: Bidang masih mengubah nilainya sendiri di format isian.")
        )
    if value is None:
        raise ValidationError({"value": _("Tuliskan nilai yang benar.")})
    realization, _created = Realization.objects.get_or_create(
        indicator=indicator,
        year=cycle.year,
        quarter=cycle.quarter,
        defaults={"updated_by": actor},
    )
    correction = services.realization_correct(
        actor=actor, realization=realization, value=value, reason=reason
    )
    if evidence is not None:
        _store_evidence(actor, realization, evidence)
    _notify_bidang(cycle, indicator, correction)
    return correction


def _notify_bidang(cycle: Cycle, indicator: Indicator, correction: Correction) -> None:
    from monev.core import formats
    from monev.sop.notifications import notify

    submission = (
        Submission.objects.filter(cycle=cycle, unit_id=indicator.responsible_unit_id)
        .select_related("unit", "cycle")
        .first()
    )
    if submission is None:
        return
    before = correction.before.get("value")
    after = correction.after.get("value")

    def shown(raw: Any) -> str:
        return formats.number(raw, indicator.decimals)

    notify(
        selectors.bidang_users(submission),
        title=_("Nilai dikoreksi Kasubag Program: %(code)s") % {"code": indicator.code},
        body=_("%(name)s, %(cycle)s: %(before)s → %(after)s. Alasan: %(reason)s")
        % {
            "name": indicator.name,
            "cycle": cycle,
            "before": shown(before),
            "after": shown(after),
            "reason": correction.reason,
        },
        url=reverse("collection:form", args=[submission.pk]),
        at=timezone.now(),
    )
