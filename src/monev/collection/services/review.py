"""A form's way through the table `monev.domain.submission_flow.SUBMISSION` (submit, return with
notes, accept) and the Kasubag Program's reminder to a Bidang."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monev.accounts.models import User
from monev.collection import policies, selectors
from monev.collection.choices import SubmissionStatus
from monev.collection.models import Realization, Submission
from monev.collection.services.isian import LOCKED_MESSAGE
from monev.core import audit, transitions
from monev.domain.submission_flow import SUBMISSION, Action


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
            selectors.bidang_users(submission),
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
        raise ValidationError(LOCKED_MESSAGE)
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
    users = selectors.bidang_users(submission)
    notify(
        users,
        title=_("Pengingat: lengkapi laporan %(cycle)s") % {"cycle": submission.cycle},
        body=_("Kasubag Program menunggu laporan %(unit)s.") % {"unit": submission.unit},
        url=_form_url(submission),
        at=timezone.now(),
    )
    return len(users)
