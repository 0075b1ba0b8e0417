"""In-app notifications and e-mails about SOP steps; reminders before and after due times."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from monev.domain.periods import format_moment_id
from monev.sop import selectors
from monev.sop.choices import ReminderKind, StepStatus
from monev.sop.models import Notification, ReminderLog, StepRun


def _notify(users: list[Any], *, title: str, body: str, url: str, at: datetime) -> None:
    Notification.objects.bulk_create(
        [Notification(user=u, title=title, body=body, url=url, created_at=at) for u in users]
    )
    recipients = [u.email for u in users if u.email]
    if recipients:
        transaction.on_commit(
            lambda: send_mail(
                f"[Monev Kinerja] {title}",
                f"{body}\n\n{url}",
                settings.DEFAULT_FROM_EMAIL,
                recipients,
                fail_silently=True,
            )
        )


def notify_users(users: list[Any], *, title: str, body: str, url: str, at: datetime) -> None:
    """Notify users in the app (and by e-mail where they have an address)."""
    _notify(users, title=title, body=body, url=url, at=at)


def _run_url(run: StepRun) -> str:
    return reverse("sop:cycle_detail", args=[run.cycle_id]) + f"#langkah-{run.number}"


def notify_new_work(run: StepRun) -> None:
    title = _("Langkah %(n)s menunggu Anda: %(desc)s") % {
        "n": run.number,
        "desc": run.step.description,
    }
    body = _("%(cycle)s. Batas waktu: %(due)s.") % {
        "cycle": str(run.cycle),
        "due": format_moment_id(run.due_at, settings.TIME_ZONE),
    }
    _notify(selectors.holders_of(run), title=title, body=body, url=_run_url(run), at=run.started_at)


def notify_returned(run: StepRun, note: str) -> None:
    title = _("Langkah %(n)s dikembalikan untuk diperbaiki") % {"n": run.number}
    _notify(selectors.holders_of(run), title=title, body=note, url=_run_url(run), at=run.started_at)


def send_reminders(now: datetime | None = None) -> int:
    """Send each holder of a running step one reminder when it is due soon and one when it is
    late; never the same reminder twice. Return how many reminders were sent."""
    now = now or timezone.now()
    sent = 0
    runs = StepRun.objects.filter(status=StepStatus.BERJALAN).select_related("cycle", "step")
    calendars: dict[int, Any] = {}
    for run in runs:
        agency_id = run.cycle.agency_id
        if agency_id not in calendars:
            calendars[agency_id] = selectors.work_calendar(run.cycle.agency)
        timing = selectors.run_timing(calendars[agency_id], run, now)
        if timing.status == "terlambat":
            kind = ReminderKind.LATE
            title = _("Terlambat: langkah %(n)s %(cycle)s") % {"n": run.number, "cycle": run.cycle}
            body = _("Batas waktu sudah lewat %(late)s (waktu kerja).") % {
                "late": selectors.minutes_label(calendars[agency_id], timing.late_minutes)
            }
        elif timing.status == "mendekati_batas":
            kind = ReminderKind.BEFORE
            title = _("Mendekati batas: langkah %(n)s %(cycle)s") % {
                "n": run.number,
                "cycle": run.cycle,
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
                    _notify([user], title=title, body=body, url=_run_url(run), at=now)
            except IntegrityError:
                continue  # already reminded
            sent += 1
    return sent
