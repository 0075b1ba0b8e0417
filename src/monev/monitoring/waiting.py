"""Who the monev steps wait on, told (issue #23): the Kepala Bidang whose blangko awaits his
tanggapan (step 5), and the Bidang whose recommendations are open or past their due date.

Each waiting item is in the home page's "Menunggu tindakan saya" (inbox providers in the shape
of `collection.inbox`) and announced through `sop.notifications.notify` (in the app, and by
e-mail where the user has an address): the Kepala Bidang when the team submits the blangko,
the Bidang's users when a submitted blangko gives them recommendations, and once more when a
recommendation is about to fall due or has fallen due (`monev send_reminders`).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from monev.accounts.choices import Role
from monev.accounts.models import User
from monev.core import inbox
from monev.core.access import scope_of
from monev.core.formats import document_day
from monev.monitoring.choices import RecommendationStatus, VisitStatus
from monev.monitoring.models import Recommendation, Visit
from monev.organization.selectors import own_units
from monev.sop.choices import ACTIVE_STEP_STATUSES, StepKey

#: A recommendation is "mendekati batas" this many days before its due date.
DUE_SOON_DAYS = 7
#: Statuses of a recommendation that is still open (the Bidang still has to act).
OPEN_STATUSES = (RecommendationStatus.BELUM, RecommendationStatus.DALAM_PROSES)
#: Roles of the Bidang that act on its recommendations (report the tindak lanjut).
BIDANG_ACTORS = (Role.OPERATOR_BIDANG, Role.KEPALA_BIDANG)


def _end_of(day: date) -> datetime:
    """The last minute of `day` in the agency's time zone (a due date is a whole day)."""
    return datetime.combine(day, time(23, 59), tzinfo=ZoneInfo(settings.TIME_ZONE))


def _step5_due(cycle_ids: set[int]) -> dict[int, datetime | None]:
    from monev.sop.models import StepRun

    if not cycle_ids:
        return {}
    runs = StepRun.objects.filter(
        cycle_id__in=cycle_ids,
        step__key=StepKey.PELAKSANAAN_MONEV,
        status__in=ACTIVE_STEP_STATUSES,
    )
    return {run.cycle_id: run.due_at for run in runs}


# --- Step 5: the Kepala Bidang's tanggapan ---------------------------------------------------


def awaiting_answer(user: User) -> list[Visit]:
    """Blangko submitted by the team to the user's Bidang and not answered yet (the user is
    the Kepala Bidang of the visited unit)."""
    if not user.is_authenticated or not user.has_role(Role.KEPALA_BIDANG) or not user.unit_id:
        return []
    return list(
        scope_of(user)
        .filter(Visit.objects)
        .filter(unit_id=user.unit_id, status=VisitStatus.DILAKSANAKAN)
        .select_related("cycle", "unit")
    )


def answer_items(user: User) -> list[inbox.InboxItem]:
    visits = awaiting_answer(user)
    due = _step5_due({v.cycle_id for v in visits})
    return [
        inbox.InboxItem(
            title=_("Beri tanggapan atas hasil monev %(unit)s") % {"unit": visit.unit},
            url=reverse("monitoring:visit", args=[visit.pk]),
            subtitle=_("%(cycle)s · blangko diajukan tim monev") % {"cycle": visit.cycle},
            due_at=due.get(visit.cycle_id),
        )
        for visit in visits
    ]


def kepala_bidang_of(visit: Visit) -> list[Any]:
    from monev.accounts.models import User

    return list(
        User.objects.filter(
            agency_id=visit.cycle.agency_id,
            is_active=True,
            official__unit_id=visit.unit_id,
            role_assignments__role=Role.KEPALA_BIDANG,
        )
        .distinct()
        .order_by("username")
    )


def bidang_users_of(unit_id: int, agency_id: int) -> list[Any]:
    from monev.accounts.models import User

    return list(
        User.objects.filter(
            agency_id=agency_id,
            is_active=True,
            official__unit_id=unit_id,
            role_assignments__role__in=BIDANG_ACTORS,
        )
        .distinct()
        .order_by("username")
    )


def notify_submitted(visit: Visit, *, at: datetime | None = None) -> None:
    """The team submitted the blangko: its Kepala Bidang is told his tanggapan is awaited, and
    the Bidang's users of the recommendations it gives them."""
    from monev.sop.notifications import notify

    url = reverse("monitoring:visit", args=[visit.pk])
    due = _step5_due({visit.cycle_id}).get(visit.cycle_id)
    body = _("Tim monev mengajukan blangko hasil monev %(cycle)s.") % {"cycle": visit.cycle}
    if due is not None:
        body += " " + _("Batas waktu langkah 5: %(due)s.") % {
            "due": document_day(timezone.localtime(due).date())
        }
    notify(
        kepala_bidang_of(visit),
        title=_("Hasil monev %(unit)s menunggu tanggapan Anda") % {"unit": visit.unit},
        body=body,
        url=url,
        at=at,
    )
    recommendations = list(visit.recommendations.all())
    if recommendations:
        first_due = min(r.due_date for r in recommendations)
        notify(
            bidang_users_of(visit.unit_id, visit.cycle.agency_id),
            title=ngettext(
                "%(n)d rekomendasi monev untuk %(unit)s",
                "%(n)d rekomendasi monev untuk %(unit)s",
                len(recommendations),
            )
            % {"n": len(recommendations), "unit": visit.unit},
            body=_("Laporkan tindak lanjutnya; batas waktu paling awal %(due)s.")
            % {"due": document_day(first_due)},
            url=reverse("monitoring:register") + f"?unit={visit.unit_id}",
            at=at,
        )


# --- Recommendations of the Bidang -----------------------------------------------------------


def open_recommendations(user: User) -> list[Recommendation]:
    """Open recommendations of the user's Bidang (operator or Kepala Bidang), soonest due
    first; those of a blangko the team has not submitted yet are not the Bidang's yet."""
    if not user.is_authenticated or not user.has_role(*BIDANG_ACTORS) or not user.unit_id:
        return []
    return list(
        scope_of(user)
        .filter(Recommendation.objects)
        .filter(unit_id__in=own_units(user), status__in=OPEN_STATUSES)
        .filter(
            Q(visit__isnull=True)
            | ~Q(visit__status__in=[VisitStatus.DIRENCANAKAN, VisitStatus.DISETUJUI])
        )
        .select_related("unit")
        .order_by("due_date", "pk")
    )


def timeliness(due_date: date, today: date) -> tuple[str, str]:
    """(status, label) of a recommendation's due date as the inbox shows it."""
    if today > due_date:
        return "terlambat", _("Lewat batas waktu")
    if (due_date - today).days <= DUE_SOON_DAYS:
        return "mendekati_batas", _("Mendekati batas waktu")
    return "tepat_waktu", _("Belum jatuh tempo")


def recommendation_items(user: User) -> list[inbox.InboxItem]:
    today = timezone.localdate()
    items = []
    for recommendation in open_recommendations(user):
        status, label = timeliness(recommendation.due_date, today)
        items.append(
            inbox.InboxItem(
                title=_("Tindak lanjuti rekomendasi: %(text)s")
                % {"text": _short(recommendation.text)},
                url=reverse("monitoring:recommendation", args=[recommendation.pk]),
                subtitle=_("%(unit)s · status: %(status)s")
                % {"unit": recommendation.unit, "status": recommendation.get_status_display()},
                due_at=_end_of(recommendation.due_date),
                status=status,
                status_label=label,
            )
        )
    return items


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def remind_recommendations(now: datetime | None = None) -> int:
    """Tell the Bidang's users once when an open recommendation is due within DUE_SOON_DAYS and
    once when it is past due (a notification already sent for the same item and kind is not
    sent again). Return how many users were told."""
    from monev.sop.models import Notification
    from monev.sop.notifications import notify

    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    found = (
        Recommendation.objects.filter(status__in=OPEN_STATUSES)
        .filter(due_date__lte=today + timedelta(days=DUE_SOON_DAYS))
        .filter(
            Q(visit__isnull=True)
            | ~Q(visit__status__in=[VisitStatus.DIRENCANAKAN, VisitStatus.DISETUJUI])
        )
        .select_related("unit")
    )
    for recommendation in found:
        status, _label = timeliness(recommendation.due_date, today)
        if status == "terlambat":
            title = _("Rekomendasi lewat batas waktu: %(text)s")
        else:
            title = _("Rekomendasi mendekati batas waktu: %(text)s")
        title %= {"text": _short(recommendation.text, 60)}
        url = reverse("monitoring:recommendation", args=[recommendation.pk])
        told = set(
            Notification.objects.filter(url=url, title=title).values_list("user_id", flat=True)
        )
        users = [
            u
            for u in bidang_users_of(recommendation.unit_id, recommendation.agency_id)
            if u.pk not in told
        ]
        if not users:
            continue
        notify(
            users,
            title=title,
            body=_("%(unit)s · batas waktu %(due)s. Laporkan tindak lanjutnya.")
            % {"unit": recommendation.unit, "due": document_day(recommendation.due_date)},
            url=url,
            at=now,
        )
        sent += len(users)
    return sent


def register() -> None:
    # Visits and recommendations do not replace the data token: called on every request.
    inbox.register(answer_items)
    inbox.register(recommendation_items)
    from monev.sop.notifications import register_reminders

    register_reminders(remind_recommendations)
