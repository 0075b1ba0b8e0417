"""What collection puts in the home page's "Menunggu tindakan saya"."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from monev.accounts.choices import BIDANG_ROLES, Role
from monev.accounts.models import User
from monev.collection.choices import SubmissionStatus
from monev.collection.models import Submission
from monev.collection.selectors import SECRETARIAT_KINDS
from monev.core import inbox
from monev.core.access import scope_of
from monev.organization.selectors import own_units
from monev.sop.choices import ACTIVE_STEP_STATUSES, StepKey


def items_for(user: User) -> list[inbox.InboxItem]:
    """Bidang users: their form while it is a draft or returned, during step 2.
    Kasubag Program: forms submitted and waiting for review."""
    if not user.is_authenticated or not user.roles:
        return []
    items: list[inbox.InboxItem] = []
    open_cycles = (
        scope_of(user)
        .filter(Submission.objects)
        .filter(
            cycle__runs__step__key=StepKey.PENGUMPULAN_DATA,
            cycle__runs__status__in=ACTIVE_STEP_STATUSES,
        )
        .select_related("cycle", "unit")
    )
    to_fill = open_cycles.filter(status__in=[SubmissionStatus.DRAFT, SubmissionStatus.DIKEMBALIKAN])
    if user.roles & BIDANG_ROLES and user.unit_id:
        own = to_fill.filter(unit_id__in=own_units(user))
    elif user.has_role(Role.KASUBAG_PROGRAM):
        own = to_fill.filter(unit__kind__in=SECRETARIAT_KINDS)
    else:
        own = to_fill.none()
    mine = list(own)
    due = _step2_due({s.cycle_id for s in mine})
    if mine:
        for submission in mine:
            returned = submission.status == SubmissionStatus.DIKEMBALIKAN
            items.append(
                inbox.InboxItem(
                    title=(
                        _("Perbaiki format isian %(unit)s")
                        if returned
                        else _("Isi format isian %(unit)s")
                    )
                    % {"unit": submission.unit},
                    url=reverse("collection:form", args=[submission.pk]),
                    subtitle=str(submission.cycle),
                    due_at=due.get(submission.cycle_id),
                    status="terlambat" if returned else "",
                    status_label=str(_("Dikembalikan")) if returned else "",
                )
            )
    if user.has_role(Role.KASUBAG_PROGRAM):
        for submission in open_cycles.filter(status=SubmissionStatus.DIAJUKAN):
            items.append(
                inbox.InboxItem(
                    title=_("Periksa laporan %(unit)s") % {"unit": submission.unit},
                    url=reverse("collection:form", args=[submission.pk]),
                    subtitle=str(submission.cycle),
                )
            )
    return items


def _step2_due(cycle_ids: set[int]) -> dict[int, Any]:
    """The deadline of the running data-collection step (step 2) of each cycle (one query)."""
    from monev.sop.models import StepRun

    if not cycle_ids:
        return {}
    runs = StepRun.objects.filter(
        cycle_id__in=cycle_ids, step__key=StepKey.PENGUMPULAN_DATA, status__in=ACTIVE_STEP_STATUSES
    )
    return {run.cycle_id: run.due_at for run in runs}


def register() -> None:
    # Submissions, step runs and units replace the data token when written: may be kept.
    inbox.register(items_for, kept=True)
