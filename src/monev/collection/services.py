"""Writes of quarterly data (SOP steps 1–2): forms per Bidang, saving, submitting, returning,
accepting, and corrections once the quarter is locked. Every write is audited."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monev.accounts.choices import Role
from monev.accounts.models import User
from monev.collection import policies, selectors
from monev.collection.choices import SubmissionStatus
from monev.collection.models import BudgetRealization, Correction, Realization, Submission
from monev.core import audit, transitions
from monev.domain import submission_flow
from monev.domain.submission_flow import SUBMISSION, Action
from monev.organization.models import Unit
from monev.planning.models import Indicator
from monev.sop.models import Cycle

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
        raise ValidationError(
            _(
                "Data triwulan ini sudah dikunci (olah data sudah dimulai). Perubahan hanya "
                "melalui koreksi oleh Kasubag Program."
            )
        )
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


@transaction.atomic
def submission_act(
    *,
    actor: User,
    submission: Submission,
    action: str,
    note: str = "",
    indicator_notes: Mapping[int, str] | None = None,
    now: datetime | None = None,
) -> Submission:
    """Move a Bidang's form by the table `monev.domain.submission_flow.SUBMISSION`: the one
    transition service of collection (views and API only name the action).

    The row is locked first, so two concurrent clicks make one transition and one audit
    entry; the second sees the new status and is refused.
    """
    move = transitions.begin(
        SUBMISSION,
        submission,
        action,
        parties=lambda row: policies.submission_parties(actor, row),
        related=("cycle", "unit"),
    )
    submission = move.obj
    at = now or timezone.now()
    fields: dict[str, Any] = {}
    if action == Action.SUBMIT:
        _check_submittable(submission)
        fields = {"submitted_at": at, "submitted_by": actor}
    elif action == Action.RETURN:
        if not note.strip():
            raise ValidationError({"note": _("Tuliskan apa yang harus diperbaiki Bidang.")})
        _write_return_notes(actor, submission, indicator_notes or {})
        fields = {"return_note": note.strip()}
    elif action == Action.ACCEPT:
        fields = {"accepted_at": at, "accepted_by": actor, "return_note": ""}
        _clear_return_notes(actor, submission)
    submission.version += 1
    submission.updated_by = actor
    transitions.finish(move, actor=actor, changes=fields, note=str(action))
    if action == Action.RETURN:
        from monev.sop.notifications import notify

        notify(
            _bidang_users(submission),
            title=_("Laporan %(unit)s dikembalikan untuk diperbaiki") % {"unit": submission.unit},
            body=note.strip(),
            url=_form_url(submission),
            at=at,
        )
    return submission


def _check_submittable(submission: Submission) -> None:
    """Submitting needs the quarter unlocked and every indicator filled, or marked "tidak ada
    data" with a reason."""
    if selectors.is_locked(submission.cycle):
        raise ValidationError(
            _(
                "Data triwulan ini sudah dikunci (olah data sudah dimulai). Perubahan hanya "
                "melalui koreksi oleh Kasubag Program."
            )
        )
    lines, _budget = selectors.form_rows(submission)
    missing = [line.indicator for line in lines if not line.filled]
    if missing:
        names = "; ".join(f"{i.code} {i.name}" for i in missing[:5])
        more = len(missing) - 5
        raise ValidationError(
            _(
                "Belum dapat diajukan: %(count)d indikator belum diisi atau belum diberi alasan "
                "«tidak ada data»: %(names)s%(more)s."
            )
            % {
                "count": len(missing),
                "names": names,
                "more": _(" dan %(n)d lainnya") % {"n": more} if more > 0 else "",
            }
        )


def _write_return_notes(actor: User, submission: Submission, notes: Mapping[int, str]) -> None:
    """Write the per-indicator return notes, only on indicators of this form (the
    submission's own unit, agency and plan period) and this quarter; audited one by one.
    A note addressed to any other indicator refuses the whole return: nothing is written."""
    if not notes:
        return
    lines, _budget = selectors.form_rows(submission)
    own = {line.indicator.pk: line for line in lines}
    foreign = sorted(pk for pk in notes if pk not in own)
    if foreign:
        raise ValidationError(
            _(
                "Catatan pengembalian hanya untuk indikator pada laporan %(unit)s; "
                "%(n)d catatan ditujukan ke indikator lain dan tidak disimpan."
            )
            % {"unit": submission.unit, "n": len(foreign)},
            code="foreign_indicator",
        )
    for pk, text in notes.items():
        realization = own[pk].realization
        if realization is None or realization.return_note == text.strip():
            continue
        before = audit.snapshot(realization, ["return_note"])
        realization.return_note = text.strip()
        realization.save(update_fields=["return_note", "updated_at"])
        audit.record_update(actor, realization, before, note=_("Catatan pengembalian"))


def _clear_return_notes(actor: User, submission: Submission) -> None:
    """On acceptance the form's per-indicator return notes are done with (audited)."""
    for realization in Realization.objects.filter(
        indicator__responsible_unit=submission.unit,
        year=submission.cycle.year,
        quarter=submission.cycle.quarter,
    ).exclude(return_note=""):
        before = audit.snapshot(realization, ["return_note"])
        realization.return_note = ""
        realization.save(update_fields=["return_note", "updated_at"])
        audit.record_update(actor, realization, before)


def submission_submit(*, actor: User, submission: Submission, now: datetime | None = None) -> None:
    """Submit the form: every indicator filled, or marked "tidak ada data" with a reason."""
    submission_act(actor=actor, submission=submission, action=Action.SUBMIT, now=now)


def submission_return(
    *,
    actor: User,
    submission: Submission,
    note: str,
    indicator_notes: Mapping[int, str] | None = None,
    now: datetime | None = None,
) -> None:
    """The Kasubag Program returns a submitted form with a note (and notes per indicator of
    this form only)."""
    submission_act(
        actor=actor,
        submission=submission,
        action=Action.RETURN,
        note=note,
        indicator_notes=indicator_notes,
        now=now,
    )


def submission_accept(*, actor: User, submission: Submission, now: datetime | None = None) -> None:
    submission_act(actor=actor, submission=submission, action=Action.ACCEPT, now=now)


def _bidang_users(submission: Submission) -> list[Any]:
    """Return the users who fill the form: the unit's Bidang users, or the Kasubag Program."""
    if submission.unit.kind in selectors.SECRETARIAT_KINDS:
        return list(
            User.objects.filter(
                agency_id=submission.unit.agency_id,
                is_active=True,
                role_assignments__role=Role.KASUBAG_PROGRAM,
            )
        )
    return list(
        User.objects.filter(
            official__unit=submission.unit,
            is_active=True,
            role_assignments__role__in=[Role.KEPALA_BIDANG, Role.OPERATOR_BIDANG],
        ).distinct()
    )


def _form_url(submission: Submission) -> str:
    from django.urls import reverse

    return reverse("collection:form", args=[submission.pk])


def remind_bidang(*, actor: User, submission: Submission) -> int:
    """The Kasubag Program reminds a Bidang to fill in or correct its form; refused (with a
    message) for an accepted form and for a finished cycle, where there is nothing to do."""
    from monev.sop.choices import CycleStatus
    from monev.sop.notifications import notify

    if not policies.may_remind_bidang(actor):
        raise PermissionDenied
    if submission.cycle.status == CycleStatus.SELESAI:
        raise ValidationError(_("Siklus ini sudah selesai; pengingat tidak dikirim."))
    if submission.status == SubmissionStatus.DITERIMA:
        raise ValidationError(
            _("Laporan %(unit)s sudah diterima; pengingat tidak dikirim.")
            % {"unit": submission.unit}
        )
    users = _bidang_users(submission)
    notify(
        users,
        title=_("Pengingat: lengkapi laporan %(cycle)s") % {"cycle": submission.cycle},
        body=_("Kasubag Program menunggu laporan %(unit)s.") % {"unit": submission.unit},
        url=_form_url(submission),
        at=timezone.now(),
    )
    return len(users)


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


def step2_ready(cycle: Cycle) -> bool:
    """Step 2 may complete when every Bidang's form is accepted (or by an explicit override,
    which the engine records as the step's note)."""
    submissions = list(Submission.objects.filter(cycle=cycle).values_list("status", flat=True))
    return bool(submissions) and all(s == SubmissionStatus.DITERIMA for s in submissions)


@transaction.atomic
def evidence_attach(
    *, actor: User, submission: Submission, indicator: Indicator, upload: Any
) -> Any:
    """Attach a supporting file to the indicator's realisation of the submission's quarter.

    The file goes through `core.files.store_upload`: its kind is recognised from its content
    (an executable renamed to .pdf is refused), its size and, for office files, its archive
    are bounded, and nothing is stored when it is refused. The same content uploaded again on
    the same indicator and quarter returns the existing row (matched by SHA-256).
    """
    from django.conf import settings

    from monev.core.files import store_upload

    check_editor(actor, submission)
    if indicator.responsible_unit_id != submission.unit_id:
        raise PermissionDenied
    stored = store_upload(upload, folder="bukti", max_bytes=settings.MONEV_EVIDENCE_MAX_MB * 2**20)
    realization, _created = Realization.objects.get_or_create(
        indicator=indicator,
        year=submission.cycle.year,
        quarter=submission.cycle.quarter,
        defaults={"updated_by": actor},
    )
    return evidence_record(actor, realization, stored)


def evidence_record(actor: User, realization: Realization, stored: Any, note: str = "") -> Any:
    """Record a file stored by `core.files.store_upload` as evidence of `realization`
    (audited). The same content again on the same realisation returns the existing row and
    drops the new copy: one evidence row per file and indicator-quarter."""
    from monev.collection.models import Evidence

    same = Evidence.objects.filter(realization=realization, sha256=stored.sha256).first()
    if same is not None:
        default_storage.delete(stored.name)
        return same
    evidence = Evidence(
        realization=realization,
        original_name=stored.original_name,
        kind=stored.kind,
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
        uploaded_by=actor,
    )
    evidence.file.name = stored.name
    evidence.save()
    audit.record_create(actor, evidence, note=note)
    return evidence
