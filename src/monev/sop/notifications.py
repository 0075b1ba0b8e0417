"""Notifications: `notify`, the service every app calls to tell users something (in the app
and by e-mail); the SOP engine's own notices and reminders before and after due times."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from monev.accounts.models import User
from monev.domain.periods import format_moment_id
from monev.notifications.channels import Message, absolute_url
from monev.notifications.services import dispatch, retry_due
from monev.sop import selectors
from monev.sop.choices import ACTIVE_STEP_STATUSES, ReminderKind
from monev.sop.models import Notification, ReminderLog, StepRun


def notify(
    users: list[Any],
    *,
    title: str,
    body: str,
    url: str,
    at: datetime | None = None,
    attachments: list[list[str]] | None = None,
) -> None:
    """Notify `users` in the app (the bell) and through every outside channel each chose on
    their profile (e-mail, Telegram, WhatsApp), with an absolute link to `url`. The outside
    sends happen after the transaction commits and are retried when they fail
    (`monev.notifications`). The one way any app tells users something: no other code writes
    Notification rows or sends notification e-mails."""
    at = at or timezone.now()
    Notification.objects.bulk_create(
        [Notification(user=u, title=title, body=body, url=url, created_at=at) for u in users]
    )
    message = Message(
        subject=title, body=body, url=absolute_url(url), attachments=attachments or []
    )
    dispatch(users, message, at=at)


#: Former name of `notify`, kept only until its last caller (collection's return) moves.


def notification_mark_read(*, user: User, notification: Notification) -> None:
    """Mark one of the user's notifications read (opening it)."""
    if notification.user_id == user.pk and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def notifications_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of the user read; return how many."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def _run_url(run: StepRun) -> str:
    return reverse("sop:cycle_detail", args=[run.cycle_id]) + f"#langkah-{run.number}"


def notify_new_work(run: StepRun) -> None:
    title = _("Langkah %(n)s menunggu Anda: %(desc)s") % {
        "n": run.number,
        "desc": run.step.description,
    }
    due = selectors.run_due_at(run)
    if due is None:  # the step waits on something outside its cycle: no deadline yet
        body = _("%(cycle)s. Batas waktu dihitung sejak langkah dapat dimulai.") % {
            "cycle": run.cycle.title
        }
    else:
        body = _("%(cycle)s. Batas waktu: %(due)s.") % {
            "cycle": run.cycle.title,
            "due": format_moment_id(due, settings.TIME_ZONE),
        }
    notify(selectors.holders_of(run), title=title, body=body, url=_run_url(run), at=run.started_at)


def notify_returned(run: StepRun, note: str, at: datetime | None = None) -> None:
    title = _("Langkah %(n)s dikembalikan untuk diperbaiki") % {"n": run.number}
    notify(
        selectors.holders_of(run),
        title=title,
        body=note,
        url=_run_url(run),
        at=at or run.started_at,
    )


#: Reminders of other apps' waiting items (e.g. recommendations falling due), each
#: `remind(now) -> how many sent`, run by `send_reminders` after the steps' own.
_other_reminders: list[Callable[[datetime], int]] = []


def register_reminders(remind: Callable[[datetime], int]) -> None:
    if remind not in _other_reminders:
        _other_reminders.append(remind)


def send_reminders(now: datetime | None = None) -> int:
    """Send each holder of a running step one reminder when it is due soon and one when it is
    late; never the same reminder twice; then the reminders other apps registered. Return how
    many reminders were sent."""
    now = now or timezone.now()
    retry_due(now)  # failed sends of earlier notifications whose pause is over
    sent = sum(remind(now) for remind in _other_reminders)
    runs = StepRun.objects.filter(status__in=ACTIVE_STEP_STATUSES).select_related(
        "cycle__definition", "step"
    )
    calendars: dict[int, Any] = {}
    for run in runs:
        agency_id = run.cycle.agency_id
        if agency_id not in calendars:
            calendars[agency_id] = selectors.work_calendar(run.cycle.agency)
        timing = selectors.run_timing(calendars[agency_id], run, now)
        if timing.status == "terlambat":
            kind = ReminderKind.LATE
            title = _("Terlambat: langkah %(n)s %(cycle)s") % {
                "n": run.number,
                "cycle": run.cycle.title,
            }
            body = _("Batas waktu sudah lewat %(late)s (waktu kerja).") % {
                "late": selectors.minutes_label(calendars[agency_id], timing.late_minutes)
            }
        elif timing.status == "mendekati_batas":
            kind = ReminderKind.BEFORE
            title = _("Mendekati batas: langkah %(n)s %(cycle)s") % {
                "n": run.number,
                "cycle": run.cycle.title,
            }
            body = _("Sisa waktu %(left)s (waktu kerja).") % {
                "left": selectors.minutes_label(calendars[agency_id], timing.remaining_minutes)
            }
        else:
            continue
        for user in selectors.holders_of(run):
            try:
                with transaction.atomic():
                    ReminderLog.objects.create(run=run, user=user, kind=kind, sent_at=now)
                    notify([user], title=title, body=body, url=_run_url(run), at=now)
            except IntegrityError:
                continue  # already reminded
            sent += 1
    return sent
