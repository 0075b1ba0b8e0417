"""The format isian of each Bidang (SOP steps 1–2): made per unit for the cycle, saved as a
draft (refused over a newer version), ready for step 2 once every form is accepted."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monev.accounts.models import User
from monev.collection import policies, selectors
from monev.collection.choices import SubmissionStatus
from monev.collection.models import BudgetRealization, Realization, Submission
from monev.core import audit
from monev.domain import submission_flow
from monev.organization.models import Unit
from monev.planning.models import Indicator
from monev.sop.models import Cycle

#: Why a form may not change once step 3 began.
LOCKED_MESSAGE = gettext_lazy(
    "Data triwulan ini sudah dikunci (olah data sudah dimulai). Perubahan hanya melalui "
    "koreksi oleh Kasubag Program."
)
EDITABLE = tuple(SubmissionStatus(s) for s in submission_flow.EDITABLE)


class StaleVersion(ValidationError):
    """The form was saved by someone else since it was opened."""


@dataclass(frozen=True)
class IndicatorInput:
    value: Decimal | None
    no_data: bool = False
    no_data_reason: str = ""
    note: str = ""


@transaction.atomic
def submissions_prepare(cycle: Cycle) -> list[Submission]:
    """Create each unit's format isian for the cycle's quarter (SOP step 1): one submission per
    unit responsible for indicators of the plan (Bidang and UPTD fill their own; the Kasubag
    Program fills the Sekretariat's)."""
    period = selectors.period_of(cycle)
    if period is None:
        return []
    unit_ids = set(
        Indicator.objects.filter(period=period).values_list("responsible_unit_id", flat=True)
    )
    units = Unit.objects.filter(pk__in=unit_ids, agency_id=cycle.agency_id)
    created = []
    for unit in units:
        submission, made = Submission.objects.get_or_create(cycle=cycle, unit=unit)
        if made:
            audit.record_create(None, submission)
            created.append(submission)
    return created


def check_editor(actor: User, submission: Submission) -> None:
    """Raise PermissionDenied unless `actor` fills this form, ValidationError (saying why)
    while the form may not change: locked by step 3, or not a draft or returned form."""
    if not policies.may_fill_submission(actor, submission):
        raise PermissionDenied
    if selectors.is_locked(submission.cycle):
        raise ValidationError(LOCKED_MESSAGE)
    if submission.status not in EDITABLE:
        raise ValidationError(
            _("Laporan berstatus «%(status)s» tidak dapat diubah.")
            % {"status": submission.get_status_display()}
        )


@transaction.atomic
def submission_save(
    *,
    actor: User,
    submission: Submission,
    version: int,
    indicators: Mapping[int, IndicatorInput],
    budgets: Mapping[int, Decimal | None],
    narratives: Mapping[str, str],
    note: str = "",
) -> Submission:
    """Save a draft of the Bidang's form. Refused with StaleVersion when someone saved the
    form after `version` was read (nothing is lost: the caller keeps the user's input).
    `note` goes into every audit entry of the save (e.g. that it came from a workbook)."""
    submission = (
        Submission.objects.select_for_update().select_related("cycle").get(pk=submission.pk)
    )
    check_editor(actor, submission)
    if submission.version != version:
        raise StaleVersion(
            _(
                "Formulir ini sudah disimpan oleh %(user)s pada %(time)s setelah Anda membukanya. "
                "Isian Anda masih ada di layar; periksa perubahan mereka lalu simpan lagi."
            )
            % {
                "user": submission.updated_by.username if submission.updated_by else "-",
                "time": timezone.localtime(submission.updated_at).strftime("%H.%M"),
            },
            code="stale",
        )
    lines, budget_lines = selectors.form_rows(submission)
    allowed = {line.indicator.pk: line for line in lines}
    cycle = submission.cycle
    for indicator_id, given in indicators.items():
        if indicator_id not in allowed:
            raise PermissionDenied
        _save_realization(actor, allowed[indicator_id], cycle, given, note)
    allowed_nodes = {line.node.pk for line in budget_lines}
    for node_id, amount in budgets.items():
        if node_id not in allowed_nodes:
            raise PermissionDenied
        _save_budget(actor, node_id, cycle, amount, note)
    before = audit.snapshot(submission, ["problems", "follow_up", "drivers", "obstacles"])
    for name in ("problems", "follow_up", "drivers", "obstacles"):
        if name in narratives:
            setattr(submission, name, narratives[name].strip())
    submission.version += 1
    submission.updated_by = actor
    submission.save()
    audit.record_update(actor, submission, before, note=note)
    return submission


def _save_realization(
    actor: User, line: selectors.IndicatorLine, cycle: Cycle, given: IndicatorInput, note: str
) -> None:
    value = None if given.no_data else given.value
    if value is not None and value < 0:
        raise ValidationError(
            _("Realisasi «%(name)s» tidak boleh negatif.") % {"name": line.indicator.name}
        )
    if value is not None:
        from monev.collection.plausibility import places_refused

        refused = places_refused(value, line.indicator)
        if refused:  # never rounded silently (issue #23), whatever the way in
            raise ValidationError(f"{line.indicator.code}: {refused}")
    current = line.realization
    after = {
        "value": value,
        "no_data": given.no_data,
        "no_data_reason": given.no_data_reason.strip() if given.no_data else "",
        "note": given.note.strip(),
    }
    if current is None:
        if value is None and not given.no_data and not after["note"]:
            return
        created = Realization.objects.create(
            indicator=line.indicator,
            year=cycle.year,
            quarter=cycle.quarter,
            updated_by=actor,
            **after,
        )
        audit.record_create(actor, created, note=note)
        return
    before = audit.snapshot(current, list(after))
    for name, new in after.items():
        setattr(current, name, new)
    current.updated_by = actor
    current.save()
    audit.record_update(actor, current, before, note=note)


def _save_budget(
    actor: User, node_id: int, cycle: Cycle, amount: Decimal | None, note: str
) -> None:
    if amount is not None and amount < 0:
        raise ValidationError(_("Realisasi anggaran tidak boleh negatif."))
    current = BudgetRealization.objects.filter(
        node_id=node_id, year=cycle.year, quarter=cycle.quarter
    ).first()
    if current is None:
        if amount is not None:
            created = BudgetRealization.objects.create(
                node_id=node_id, year=cycle.year, quarter=cycle.quarter, amount=amount
            )
            audit.record_create(actor, created, note=note)
        return
    if amount is None:
        audit.record_delete(actor, current, audit.snapshot(current), note=note)
        current.delete()
        return
    before = audit.snapshot(current, ["amount"])
    current.amount = amount
    current.save(update_fields=["amount", "updated_at"])
    audit.record_update(actor, current, before, note=note)


def step2_ready(cycle: Cycle) -> bool:
    """Step 2 may complete when every Bidang's form is accepted (or by an explicit override,
    which the engine records as the step's note)."""
    submissions = list(Submission.objects.filter(cycle=cycle).values_list("status", flat=True))
    return bool(submissions) and all(s == SubmissionStatus.DITERIMA for s in submissions)
