"""The review of the report (steps 9-12): the one audited transition function
`report_transition` over `monev.domain.report_flow.REPORT`, the threads and notulen of the
discussion, revisions, verification and returns."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from monev.accounts.choices import Role
from monev.accounts.models import User
from monev.core import audit
from monev.core.transitions import locked, transition
from monev.domain import report_flow
from monev.domain.sop_flow import Action
from monev.reports import kinds
from monev.reports.choices import (
    ReviewKind,
    ThreadStatus,
)
from monev.reports.models import (
    Comment,
    CommentThread,
    MeetingNote,
    Report,
    ReportVersion,
    VersionReview,
)
from monev.reports.services.drafting import _may_write, latest_version
from monev.sop import notifications
from monev.sop import selectors as sop_selectors
from monev.sop import services as sop_services
from monev.sop.choices import StepKey
from monev.sop.models import Cycle, StepRun

#: Who takes part in the discussion (step 9): comment, reply, resolve, reopen, defer.
PARTICIPANT_ROLES = (Role.SEKRETARIS, Role.KEPALA_DINAS, Role.KASUBAG_PROGRAM, Role.KEPALA_BIDANG)
MENTION = re.compile(r"@([\w.+-]+)")


def report_parties(actor: User | None, report: Report) -> frozenset[str]:
    """The parties (`report_flow.Party`) `actor` is to `report`: their roles, inside the
    report's agency only."""
    if actor is None or getattr(actor, "agency_id", None) != report.cycle.agency_id:
        return frozenset()
    return frozenset(report_flow.parties(getattr(actor, "roles", frozenset())))


@transaction.atomic
def report_transition(
    *, actor: User, report: Report, action: str, note: str = "", now: datetime | None = None
) -> Report:
    """Take `action` (a `report_flow.Action`) on the report: the one function that changes a
    report's status. Locks the row, asks the table (403 for a user who is no party that may
    take it, a message naming the status when it is not possible from there), writes the new
    status and one audit entry. The archive (step 13) calls it with "arsipkan"."""
    row = transition(
        report_flow.REPORT,
        report,
        action,
        actor=actor,
        parties=lambda locked_row: report_parties(actor, locked_row),
        related=("cycle",),
        note=note,
    )
    report.status = row.status
    return row


def _run_at(report: Report, key: str) -> StepRun:
    """The cycle's current step run, which must be the step with `key`."""
    run = sop_selectors.current_run(
        Cycle.objects.prefetch_related("runs__step").get(pk=report.cycle_id)
    )
    if run is None or run.step.key != key:
        raise ValidationError(
            _("Tindakan ini belum/tidak dapat dilakukan: siklus tidak pada langkah «%(s)s».")
            % {"s": StepKey(key).label}
        )
    return run


def _participants(report: Report, exclude: User | None = None) -> list[User]:
    users = User.objects.filter(
        agency_id=report.cycle.agency_id,
        is_active=True,
        role_assignments__role__in=PARTICIPANT_ROLES,
    ).distinct()
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return list(users.order_by("username"))


def _report_url(report: Report, anchor: str = "") -> str:
    url = reverse("reports:report", args=[report.cycle_id])
    return f"{url}#{anchor}" if anchor else url


@transaction.atomic
def discussion_open(*, actor: User, report: Report, now: datetime | None = None) -> Report:
    """Step 9 begins: the Kasubag Program sends the current version to the participants
    (Sekretaris, Kepala Dinas, each Kepala Bidang), who are notified with a link to it."""
    _run_at(report, StepKey.PEMBAHASAN)
    version = latest_version(report)
    if version is None:
        raise ValidationError(_("Belum ada versi laporan untuk dibahas."))
    report_transition(actor=actor, report=report, action=report_flow.Action.BAHAS, now=now)
    cycle = report.cycle
    notifications.notify(
        _participants(report, exclude=actor),
        title=_("Pembahasan draf %(doc)s")
        % {"doc": kinds.for_report(report).label(cycle.year, cycle.quarter)},
        body=_("Versi %(n)s menunggu komentar Anda pada bagian-bagiannya.") % {"n": version.number},
        url=_report_url(report, f"versi-{version.number}"),
        at=now,
    )
    return report


def may_comment(user: User) -> bool:
    return bool(user.has_role(*PARTICIPANT_ROLES))


def _require_discussion(actor: User, report: Report) -> None:
    if not may_comment(actor) or report_parties_agency(actor, report) is False:
        raise PermissionDenied
    if report.status not in (report_flow.State.DIBAHAS, report_flow.State.DIPERBAIKI):
        raise ValidationError(
            _("Komentar hanya dapat ditulis selama pembahasan dan perbaikan (status «%(s)s»).")
            % {"s": report.get_status_display()}
        )


def report_parties_agency(actor: User | None, report: Report) -> bool:
    return getattr(actor, "agency_id", None) == report.cycle.agency_id


def _mentions(report: Report, body: str) -> list[Any]:
    names = {m.group(1).rstrip(".") for m in MENTION.finditer(body)}
    if not names:
        return []
    return [u for u in _participants(report) if u.username in names]


def _comment(*, actor: User, thread: CommentThread, body: str, at: datetime) -> Comment:
    body = body.strip().replace("\r\n", "\n")
    if not body:
        raise ValidationError({"body": _("Tuliskan komentar.")})
    comment = Comment.objects.create(thread=thread, author=actor, body=body, created_at=at)
    mentioned = [u for u in _mentions(thread.report, body) if u.pk != actor.pk]
    if mentioned:
        comment.mentions.set(mentioned)
        notifications.notify(
            mentioned,
            title=_("%(who)s menyebut Anda dalam pembahasan laporan") % {"who": actor.full_name},
            body=body[:300],
            url=_report_url(thread.report, f"utas-{thread.pk}"),
            at=at,
        )
    audit.record_create(actor, comment)
    return comment


@transaction.atomic
def thread_open(
    *,
    actor: User,
    report: Report,
    section_key: str,
    body: str,
    quote: str = "",
    now: datetime | None = None,
) -> CommentThread:
    """Open a thread on a section of the current version, anchored to a quoted passage when
    one was chosen (it must be in the section's text)."""
    _require_discussion(actor, report)
    version = latest_version(report)
    assert version is not None  # a report in discussion has a version
    texts = {s["key"]: s["text"] for s in version.sections}
    if section_key not in texts:
        raise ValidationError({"section": _("Bagian laporan tidak dikenal.")})
    quote = " ".join(quote.split())
    if quote and quote not in " ".join(texts[section_key].split()):
        raise ValidationError(
            {"quote": _("Kutipan tidak ditemukan pada bagian ini; salin dari teks bagiannya.")}
        )
    at = now or timezone.now()
    thread = CommentThread.objects.create(
        report=report, version=version, section_key=section_key, quote=quote,
        created_by=actor, created_at=at,
    )  # fmt: skip
    audit.record_create(actor, thread)
    _comment(actor=actor, thread=thread, body=body, at=at)
    return thread


@transaction.atomic
def comment_reply(
    *, actor: User, thread: CommentThread, body: str, now: datetime | None = None
) -> Comment:
    _require_discussion(actor, thread.report)
    return _comment(actor=actor, thread=thread, body=body, at=now or timezone.now())


THREAD_ACTIONS = {
    "resolve": ThreadStatus.SELESAI,
    "defer": ThreadStatus.DITUNDA,
    "reopen": ThreadStatus.TERBUKA,
}


#: Who outranks whom in the discussion (step 9): a thread is resolved or deferred by its
#: author or by someone of a higher rank. The Kepala Bidang (eselon III) ranks above the
#: Kasubag Program (eselon IV), who answers comments but does not close them for others.
THREAD_RANK: dict[str, int] = {
    Role.KEPALA_DINAS: 4,
    Role.SEKRETARIS: 3,
    Role.KEPALA_BIDANG: 2,
    Role.KASUBAG_PROGRAM: 1,
}


def thread_rank(roles: frozenset[str] | set[str]) -> int:
    return max((THREAD_RANK.get(r, 0) for r in roles), default=0)


def may_close_thread(actor: User, thread: CommentThread, author_roles: Any = None) -> bool:
    """Whether `actor` may resolve or defer `thread`: its author, or a higher rank
    (`THREAD_RANK`); anyone taking part when its author is gone. `author_roles` spares a
    query when the caller knows them."""
    if thread.created_by_id is None or thread.created_by_id == getattr(actor, "pk", None):
        return True
    if author_roles is None:
        author_roles = thread.created_by.roles if thread.created_by else frozenset()
    return thread_rank(getattr(actor, "roles", frozenset())) > thread_rank(author_roles)


@transaction.atomic
def thread_set_status(
    *, actor: User, thread: CommentThread, action: str, note: str = "", now: datetime | None = None
) -> CommentThread:
    """Resolve a thread, defer it (with a reason: it is taken up later, e.g. in the next
    Renja) or reopen it. Audited. Resolving and deferring are for the thread's author or a
    higher rank (`may_close_thread`); anyone taking part may reopen."""
    _require_discussion(actor, thread.report)
    thread = locked(CommentThread, thread.pk, "report__cycle")
    target = THREAD_ACTIONS.get(action)
    if target is None:
        raise ValidationError(_("Tindakan tidak dikenal."))
    if target != ThreadStatus.TERBUKA and not may_close_thread(actor, thread):
        raise PermissionDenied(
            _("Utas ini hanya dapat diselesaikan atau ditunda oleh pembuatnya atau pejabat "
              "di atasnya.")
        )  # fmt: skip
    if (target == ThreadStatus.TERBUKA) == (thread.status == ThreadStatus.TERBUKA):
        raise ValidationError(
            _("Utas ini sudah berstatus «%(s)s».") % {"s": thread.get_status_display()}
        )
    if target == ThreadStatus.DITUNDA and not note.strip():
        raise ValidationError({"note": _("Tuliskan alasan utas ini ditunda.")})
    before = audit.snapshot(thread, ["status", "status_note"])
    at = now or timezone.now()
    thread.status = target
    thread.status_note = note.strip() if target == ThreadStatus.DITUNDA else ""
    thread.closed_by = None if target == ThreadStatus.TERBUKA else actor
    thread.closed_at = None if target == ThreadStatus.TERBUKA else at
    thread.save()
    audit.record_update(actor, thread, before, note=note.strip())
    return thread


def open_thread_count(report: Report) -> int:
    return report.threads.filter(status=ThreadStatus.TERBUKA).count()


@transaction.atomic
def meeting_add(
    *,
    actor: User,
    report: Report,
    held_on: date,
    place: str,
    attendees: list[Any],
    other_attendees: str,
    summary: str,
    decisions: str,
    now: datetime | None = None,
) -> MeetingNote:
    """Record the notulen of a discussion meeting (Kasubag Program): attendees (users of the
    agency, and others by name) and the decisions."""
    if not _may_write(actor) or not report_parties_agency(actor, report):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if not place.strip():
        errors["place"] = _("Tuliskan tempat rapat.")
    if not summary.strip():
        errors["summary"] = _("Tuliskan pokok pembahasan.")
    if not decisions.strip():
        errors["decisions"] = _("Tuliskan keputusan rapat.")
    if not attendees and not other_attendees.strip():
        errors["attendees"] = _("Pilih peserta rapat.")
    if any(u.agency_id != report.cycle.agency_id for u in attendees):
        errors["attendees"] = _("Peserta harus pengguna instansi ini.")
    if errors:
        raise ValidationError(errors)
    note = MeetingNote.objects.create(
        report=report, held_on=held_on, place=place.strip(),
        other_attendees=other_attendees.strip(), summary=summary.strip(),
        decisions=decisions.strip(), created_by=actor, created_at=now or timezone.now(),
    )  # fmt: skip
    note.attendees.set(attendees)
    audit.record_create(actor, note)
    return note


@transaction.atomic
def discussion_close(
    *, actor: User, report: Report, note: str = "", now: datetime | None = None
) -> Report:
    """Step 9 ends (every thread resolved or deferred, else the step says how many are
    open): the report goes to revision (step 10)."""
    run = _run_at(report, StepKey.PEMBAHASAN)
    report_transition(actor=actor, report=report, action=report_flow.Action.PERBAIKI, now=now)
    sop_services.step_act(actor=actor, run=run, action=Action.COMPLETE, note=note, now=now)
    return report


@transaction.atomic
def revision_submit(
    *, actor: User, report: Report, note: str = "", now: datetime | None = None
) -> Report:
    """Step 10 ends once a new version was made in it: the Sekretaris verifies (step 11)."""
    run = _run_at(report, StepKey.PERBAIKAN)
    sop_services.step_act(actor=actor, run=run, action=Action.COMPLETE, note=note, now=now)
    return report


def _review(version: ReportVersion, kind: str, actor: User, note: str, at: datetime) -> None:
    review = VersionReview.objects.create(
        version=version, kind=kind, note=note.strip(), actor=actor, at=at
    )
    audit.record_create(actor, review)


@transaction.atomic
def verify(*, actor: User, report: Report, note: str = "", now: datetime | None = None) -> Report:
    """Step 11: the Sekretaris verifies the current version."""
    run = _run_at(report, StepKey.VERIFIKASI)
    version = latest_version(report)
    assert version is not None
    at = now or timezone.now()
    report_transition(actor=actor, report=report, action=report_flow.Action.VERIFIKASI, now=at)
    _review(version, ReviewKind.DIVERIFIKASI, actor, note, at)
    sop_services.step_act(actor=actor, run=run, action=Action.COMPLETE, note=note, now=at)
    return report


@transaction.atomic
def verification_return(
    *, actor: User, report: Report, note: str, now: datetime | None = None
) -> Report:
    """Step 11 «Tidak»: the Sekretaris returns the current version to step 10 with notes,
    which stand on that version and (through the SOP engine) on the holder's step card. The
    engine's return calls `step_returned`, so the same happens from the cycle page."""
    run = _run_at(report, StepKey.VERIFIKASI)
    if not note.strip():
        raise ValidationError({"note": _("Tuliskan catatan: apa yang harus diperbaiki.")})
    sop_services.step_act(actor=actor, run=run, action=Action.RETURN, note=note, now=now)
    return report


def step_returned(run: StepRun, actor: User, note: str, at: datetime) -> None:
    """The report's side of returning step 11 (to revision) or step 12 (the ratification
    refused), called by the SOP engine whichever page the return was taken on: the report
    transition (its table decides who may) and the note on the current version."""
    report = Report.objects.filter(cycle_id=run.cycle_id).first()
    version = latest_version(report) if report is not None else None
    if report is None or version is None:
        raise ValidationError(_("Belum ada versi laporan yang dapat dikembalikan."))
    kind = (
        ReviewKind.DIKEMBALIKAN_VERIFIKASI
        if run.step.key == StepKey.VERIFIKASI
        else ReviewKind.DIKEMBALIKAN_PENGESAHAN
    )
    report_transition(
        actor=actor, report=report, action=report_flow.Action.KEMBALIKAN, note=note, now=at
    )
    _review(version, kind, actor, note, at)
