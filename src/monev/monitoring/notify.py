"""Telling the team and the Bidang that the monev plan is approved: an in-app notification and
an e-mail carrying an iCalendar (`.ics`) invitation for each visit."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from monev.accounts.choices import Role
from monev.accounts.models import User
from monev.core import formats
from monev.domain import ical
from monev.monitoring.models import Visit


def recipients(visit: Visit) -> list[User]:
    """The team's users and the visited Bidang's Kepala Bidang and operators."""
    team = visit.team.values("official_id")
    bidang = User.objects.filter(
        official__unit_id=visit.unit_id,
        role_assignments__role__in=[Role.KEPALA_BIDANG, Role.OPERATOR_BIDANG],
    )
    found = User.objects.filter(is_active=True).filter(official_id__in=team) | bidang
    return list(found.filter(is_active=True).distinct().order_by("pk"))


def invitation(visit: Visit, *, stamp: datetime) -> str:
    """Return the `.ics` text inviting to `visit`."""
    team = list(visit.team.select_related("official"))
    attendees = tuple((u.full_name, u.email) for u in recipients(visit) if u.email)
    description = _("Monev %(cycle)s ke %(unit)s. Tim: %(team)s.") % {
        "cycle": visit.cycle,
        "unit": visit.unit,
        "team": ", ".join(f"{m.official}{' (ketua)' if m.is_leader else ''}" for m in team),
    }
    event = ical.Event(
        uid=f"monev-visit-{visit.pk}@monev-kinerja",
        start=visit.starts_at,
        end=visit.ends_at,
        summary=_("Monev %(unit)s") % {"unit": visit.unit},
        location=visit.place,
        description=description,
        organizer=settings.DEFAULT_FROM_EMAIL.split("<")[-1].rstrip(">"),
        attendees=attendees,
    )
    return ical.calendar([event], stamp=stamp)


def notify_plan(visits: list[Visit], *, at: datetime) -> None:
    from monev.sop.notifications import notify

    for visit in visits:
        users = recipients(visit)
        url = reverse("monitoring:visit", args=[visit.pk])
        when = formats.moment(visit.starts_at)
        title = _("Jadwal monev %(unit)s disetujui") % {"unit": visit.unit}
        body = _("Kunjungan monev ke %(unit)s pada %(when)s di %(place)s.") % {
            "unit": visit.unit,
            "when": when,
            "place": visit.place,
        }
        ics = invitation(visit, stamp=at)
        attachment = ["undangan-monev.ics", ics, "text/calendar; method=REQUEST; charset=utf-8"]
        notify(users, title=title, body=body, url=url, at=at, attachments=[attachment])
