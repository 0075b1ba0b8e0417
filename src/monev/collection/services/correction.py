"""After the lock: the Kasubag Program corrects a stored value, with a reason."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monev.accounts.models import User
from monev.collection import policies
from monev.collection.models import Correction, Realization
from monev.core import audit


@transaction.atomic
def realization_correct(
    *,
    actor: User,
    realization: Realization,
    value: Decimal | None,
    reason: str,
    now: datetime | None = None,
) -> Correction:
    """After the lock, the Kasubag Program of the indicator's agency corrects a value with a
    reason (recorded)."""
    agency_id = realization.indicator.period.agency_id
    if not policies.may_correct_realization(actor, agency_id):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Tuliskan alasan koreksi.")})
    if value is not None and value < 0:
        raise ValidationError({"value": _("Nilai tidak boleh negatif.")})
    before = audit.snapshot(realization, ["value", "no_data"])
    realization.value = value
    realization.no_data = False if value is not None else realization.no_data
    realization.updated_by = actor
    realization.save()
    correction = Correction.objects.create(
        realization=realization,
        before=before,
        after=audit.snapshot(realization, ["value", "no_data"]),
        reason=reason.strip(),
        corrected_by=actor,
        corrected_at=now or timezone.now(),
    )
    audit.record_update(actor, realization, before, note=_("Koreksi: %(r)s") % {"r": reason})
    return correction
