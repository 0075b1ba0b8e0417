"""Writes of the report: freeze the snapshot, edit sections, render versions, request
background renders and sweep render jobs whose worker died (step 8); the review of steps
9–12 — comment threads and notulen, uploaded DOCX versions, verification, the final
document and its ratification — through one audited transition function,
`report_transition`, over the table `monev.domain.report_flow.REPORT`."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monev.accounts.choices import Role
from monev.core import audit
from monev.core.transitions import locked, transition
from monev.domain import report_flow
from monev.domain.nip import NipError, validate_nip
from monev.domain.periods import roman
from monev.domain.sop_flow import Action
from monev.reports import document, docx_read, render_docx, render_pdf, sealing, sections
from monev.reports.builder import build_snapshot
from monev.reports.choices import (
    JobStatus,
    ReviewKind,
    SignatoryMode,
    ThreadStatus,
    VersionSource,
)
from monev.reports.models import (
    Comment,
    CommentThread,
    MeetingNote,
    RenderJob,
    Report,
    ReportSection,
    ReportVersion,
    VersionReview,
)
from monev.reports.snapshot import Snapshot
from monev.sop import notifications
from monev.sop import selectors as sop_selectors
from monev.sop import services as sop_services
from monev.sop.choices import StepKey, StepStatus
from monev.sop.models import Cycle, StepRun

log = logging.getLogger(__name__)
Progress = Callable[[int, str], None]


def _may_write(actor: Any) -> bool:
    return actor is None or bool(actor.has_role(Role.KASUBAG_PROGRAM))


@transaction.atomic
def report_freeze(*, actor: Any, cycle: Cycle, now: datetime | None = None) -> Report:
    """Return the cycle's report, freezing its snapshot the first time (step 8 starts its
    work). Later calls never change the snapshot."""
    existing = Report.objects.filter(cycle=cycle).first()
    if existing is not None:
        return existing
    if not _may_write(actor):
        raise PermissionDenied
    at = now or timezone.now()
    snap = build_snapshot(cycle, now=at)
    report = Report.objects.create(
        cycle=cycle, snapshot=snap.to_json(), snapshot_at=at, created_by=actor
    )
    if actor is not None:
        audit.record_create(actor, report)
    return report


def snapshot_of(report: Report) -> Snapshot:
    return Snapshot.from_json(report.snapshot)


def edited_sections(report: Report) -> dict[str, str]:
    return {s.key: s.text for s in report.sections.all()}


@transaction.atomic
def section_save(
    *, actor: Any, report: Report, key: str, text: str, now: datetime | None = None
) -> ReportSection | None:
    """Save the edited text of a narrative section; an empty text returns the section to the
    text the rules write (the edit is removed). Audited. Refused once the report is verified
    (its narrative is what the Sekretaris verified) or ratified."""
    if not _may_write(actor):
        raise PermissionDenied
    _require_editable(report)
    if key not in sections.TITLES:
        raise ValidationError(_("Bagian laporan tidak dikenal."))
    text = text.strip().replace("\r\n", "\n")
    current = ReportSection.objects.filter(report=report, key=key).first()
    if not text:
        if current is not None:
            audit.record_delete(actor, current, audit.snapshot(current, ["text"]))
            current.delete()
        return None
    if current is None:
        current = ReportSection.objects.create(
            report=report, key=key, text=text, edited_by=actor, edited_at=now or timezone.now()
        )
        audit.record_create(actor, current)
        return current
    before = audit.snapshot(current, ["text"])
    current.text, current.edited_by, current.edited_at = text, actor, now or timezone.now()
    current.save()
    audit.record_update(actor, current, before)
    return current


def render_bytes(
    snap: Snapshot,
    edited: dict[str, str],
    progress: Progress | None = None,
    *,
    final: dict[str, Any] | None = None,
    version: int = 0,
    created: datetime | None = None,
    report: Report | None = None,
) -> tuple[bytes, bytes, list[sections.SectionText]]:
    """Return (PDF, DOCX, sections) of a snapshot with its edited sections (and the final
    document's details), in the document's language (`LANGUAGE_CODE`) whoever asks.

    A draft (no final details) is marked "DRAF — Versi n" on every page; a final document
    whose details carry a seal is rendered sealed by the archive's sealer (PDF/A-3, code
    and QR on every page: `reports.sealing`), the only render that touches `report`.
    `created` (the version's own date) goes into both files' metadata; without it, the
    snapshot's date."""
    with translation.override(settings.LANGUAGE_CODE):
        return _render_bytes(snap, edited, progress, final, version, created, report)


def draft_mark(version: int) -> str:
    """The mark on every page of a draft: "DRAF — Versi n"."""
    if not version:
        return _("DRAF")
    return _("DRAF — Versi %(n)s") % {"n": version}


def _render_bytes(
    snap: Snapshot,
    edited: dict[str, str],
    progress: Progress | None,
    final: dict[str, Any] | None,
    version: int,
    created: datetime | None,
    report: Report | None,
) -> tuple[bytes, bytes, list[sections.SectionText]]:
    texts = sections.resolve(snap, edited)
    doc = document.build(snap, texts, final)
    if created is not None:  # in UTC: the DOCX writes its dates as UTC without an offset
        doc.created = created.astimezone(UTC)
    if not final:
        doc.draft_mark = draft_mark(version)
    logo = (
        f"data:{snap.agency.logo_mime};base64,{snap.agency.logo_base64}"
        if snap.agency.logo_base64
        else ""
    )
    if progress:
        progress(20, _("Membuat PDF"))
    sealer = sealing.sealer()
    if sealing.is_sealed(final) and sealer is not None and report is not None:
        assert final is not None
        pdf = sealer.render(report, texts, final, doc.created)
    else:
        pdf = render_pdf.render(doc, logo=logo, kop_lines=snap.agency.letterhead_lines)
    if progress:
        progress(70, _("Membuat DOCX"))
    docx = render_docx.render(
        doc, logo=logo, kop_lines=snap.agency.letterhead_lines, version=version
    )
    return pdf, docx, texts


def version_render(
    *,
    actor: Any,
    report: Report,
    now: datetime | None = None,
    progress: Progress | None = None,
    source: str = VersionSource.GENERATED,
    based_on: ReportVersion | None = None,
    outside_edits: list[dict[str, str]] | None = None,
    upload: tuple[str, bytes] | None = None,
) -> ReportVersion:
    """Render a new version from the frozen snapshot and the current section texts (with the
    nomor, date and signature block once the final document is being prepared: then it is
    sealed as it is rendered, `reports.sealing`). Nothing is saved unless both files were
    made; a ratified report gets no new version; a generated version the same as the
    latest (same texts, same final details) is refused with a message."""
    report.refresh_from_db()
    if report.status in report_flow.FIXED:
        raise ValidationError(_("Laporan sudah disahkan: versinya tetap, tidak ada versi baru."))
    if source == VersionSource.GENERATED:
        _refuse_unchanged(report)
    snap = snapshot_of(report)
    number = _next_version_number(report)
    final = final_details(report)
    sealer = sealing.sealer()
    if final and sealer is not None:
        final = {**final, **sealer.details(report, final)}
    at = now or timezone.now()
    pdf, docx, texts = render_bytes(
        snap, edited_sections(report), progress, final=final, version=number, created=at,
        report=report,
    )  # fmt: skip
    if progress:
        progress(90, _("Menyimpan versi"))
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.status in report_flow.FIXED:
            raise ValidationError(
                _("Laporan sudah disahkan: versinya tetap, tidak ada versi baru.")
            )
        if _next_version_number(locked) != number:
            raise ValidationError(_("Versi lain baru saja dibuat. Ulangi pembuatan versi."))
        stem = f"laporan-monev-{snap.year}-tw{snap.quarter}-v{number}"
        version = ReportVersion(
            report=locked,
            number=number,
            source=source,
            based_on=based_on,
            outside_edits=outside_edits or [],
            final=final,
            author=actor,
            created_at=at,
            snapshot=report.snapshot,
            sections=[
                {"key": t.key, "title": t.title, "text": t.text, "edited": t.edited} for t in texts
            ],
            sha256=hashlib.sha256(pdf).hexdigest(),
            docx_sha256=hashlib.sha256(docx).hexdigest(),
            pdf_pages=pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page"),
        )
        version.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
        version.docx.save(f"{stem}.docx", ContentFile(docx), save=False)
        if upload is not None:
            version.uploaded_docx.save(f"{stem}-unggahan.docx", ContentFile(upload[1]), save=False)
        version.save()
        if actor is not None:
            audit.record_create(actor, version)
    return version


@transaction.atomic
def generate_request(*, actor: Any, cycle: Cycle, now: datetime | None = None) -> RenderJob:
    """Ask for a new version to be rendered in the background; returns the job the page
    polls. One job at a time per report."""
    if not _may_write(actor):
        raise PermissionDenied
    report = report_freeze(actor=actor, cycle=cycle, now=now)
    if report.status in report_flow.FIXED:
        raise ValidationError(_("Laporan sudah disahkan: versinya tetap, tidak ada versi baru."))
    if report.status == report_flow.State.DIVERIFIKASI:  # only the final document, at step 12
        run = sop_selectors.current_run(cycle)
        if (
            run is None
            or run.step.key != StepKey.PENYUSUNAN_DOKUMEN
            or (run.status != StepStatus.BERJALAN)
        ):
            raise ValidationError(
                _("Versi terverifikasi sedang menunggu pengesahan; tidak ada versi baru.")
            )
    active = report.jobs.filter(status__in=[JobStatus.MENUNGGU, JobStatus.BERJALAN]).first()
    if active is not None:
        return active
    _refuse_unchanged(report)
    final = final_details(report)
    sealer = sealing.sealer()
    if final and sealer is not None:
        sealer.details(report, final)  # refused now, with its message, rather than in the job
    job = RenderJob.objects.create(
        report=report,
        requested_by=actor,
        requested_at=now or timezone.now(),
        stage=_("Menunggu pekerja"),
    )
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from monev.reports.tasks import render_report

    result = render_report.enqueue(job_id)
    RenderJob.objects.filter(pk=job_id, task_id="").update(task_id=str(result.id))


def job_run(job_id: int) -> None:
    """The body of the background task: render the job's version, recording progress; on any
    error the job is marked failed with the reason and no version is kept."""
    job = RenderJob.objects.select_related("report", "requested_by").get(pk=job_id)
    if job.status in (JobStatus.SELESAI, JobStatus.GAGAL):
        return
    RenderJob.objects.filter(pk=job_id).update(
        status=JobStatus.BERJALAN, started_at=timezone.now(), attempts=job.attempts + 1,
        progress=5, stage=_("Menyiapkan dokumen"),
    )  # fmt: skip

    def progress(percent: int, stage: str) -> None:
        RenderJob.objects.filter(pk=job_id).update(progress=percent, stage=stage)

    try:
        if job.upload:
            with job.upload.open("rb") as f:
                data = f.read()
            version = version_upload(
                actor=job.requested_by, report=job.report, data=data,
                filename=job.upload_name, progress=progress,
            )  # fmt: skip
        else:
            version = version_render(actor=job.requested_by, report=job.report, progress=progress)
    except ValidationError as error:  # what the file says: the message tells what to do
        RenderJob.objects.filter(pk=job_id).update(
            status=JobStatus.GAGAL, finished_at=timezone.now(), error=" ".join(error.messages)
        )
        return
    except Exception as error:
        log.exception("report render failed")
        reason = f"{type(error).__name__}: {error}"
        if job.upload:
            reason = _(
                "Kesalahan sistem saat membuat versi (%(e)s). Unggah lagi; bila gagal berulang, "
                "hubungi Administrator dan sertakan pesan ini."
            ) % {"e": reason}
        RenderJob.objects.filter(pk=job_id).update(
            status=JobStatus.GAGAL, finished_at=timezone.now(), error=reason
        )
        return
    RenderJob.objects.filter(pk=job_id).update(
        status=JobStatus.SELESAI, finished_at=timezone.now(), progress=100,
        stage=_("Selesai"), version=version,
    )  # fmt: skip


def sweep_stale_jobs(*, now: datetime | None = None) -> list[RenderJob]:
    """Find render jobs still "running" after the limit (their worker died): retry them
    while attempts remain, else mark them failed. Returns the jobs touched."""
    at = now or timezone.now()
    limit = at - timedelta(seconds=settings.REPORT_JOB_TIMEOUT)
    touched = []
    for job in RenderJob.objects.filter(status=JobStatus.BERJALAN, started_at__lt=limit):
        if job.attempts < settings.REPORT_JOB_MAX_ATTEMPTS:
            job.status, job.stage, job.progress, job.task_id = (
                JobStatus.MENUNGGU, _("Diulang: pekerja sebelumnya berhenti"), 0, "",
            )  # fmt: skip
            job.save()
            transaction.on_commit(partial(_enqueue, job.pk))
        else:
            job.status, job.finished_at = JobStatus.GAGAL, at
            job.error = _("Pekerja latar berhenti saat membuat laporan.")
            job.save()
        touched.append(job)
    return touched


def _next_version_number(report: Report) -> int:
    return (report.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1


def _require_editable(report: Report) -> None:
    if report.status not in report_flow.EDITABLE:
        raise ValidationError(
            _("Narasi tidak dapat diubah lagi: laporan berstatus «%(s)s».")
            % {"s": report.get_status_display()}
        )


FINAL_KEYS = ("number", "number_date", "signatory")


def _final_base(final: dict[str, Any] | None) -> dict[str, Any]:
    """A version's final details without the seal's (code, URL, retention)."""
    return {k: v for k, v in (final or {}).items() if k in FINAL_KEYS}


def unchanged_since(report: Report) -> ReportVersion | None:
    """The latest version when a new render would be the same document (the same section
    texts and the same final details), else None."""
    latest = latest_version(report)
    if latest is None:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        texts = sections.resolve(snapshot_of(report), edited_sections(report))
    same_texts = [(t.key, t.text) for t in texts] == [
        (s["key"], s["text"]) for s in latest.sections
    ]
    return latest if same_texts and _final_base(latest.final) == final_details(report) else None


def _refuse_unchanged(report: Report) -> None:
    same = unchanged_since(report)
    if same is not None:
        raise ValidationError(
            _("Tidak ada perubahan sejak versi %(n)s (narasi, nomor naskah dan penanda tangan "
              "sama): versi baru tidak dibuat. Sunting bagian laporan atau data dokumen akhir "
              "lebih dulu.") % {"n": same.number},
            code="unchanged",
        )  # fmt: skip


def final_details(report: Report) -> dict[str, Any]:
    """The final document's details a render carries (step 12): nomor, date, signatory;
    empty while the report has no nomor."""
    if not report.number:
        return {}
    return {
        "number": report.number,
        "number_date": report.number_date.isoformat() if report.number_date else "",
        "signatory": dict(report.signatory or {}),
    }


# --- The review: steps 9–12 ------------------------------------------------------------------

#: Who takes part in the discussion (step 9): comment, reply, resolve, reopen, defer.
PARTICIPANT_ROLES = (Role.SEKRETARIS, Role.KEPALA_DINAS, Role.KASUBAG_PROGRAM, Role.KEPALA_BIDANG)
MENTION = re.compile(r"@([\w.+-]+)")


def report_parties(actor: Any, report: Report) -> frozenset[str]:
    """The parties (`report_flow.Party`) `actor` is to `report`: their roles, inside the
    report's agency only."""
    if actor is None or getattr(actor, "agency_id", None) != report.cycle.agency_id:
        return frozenset()
    return frozenset(report_flow.parties(getattr(actor, "roles", frozenset())))


@transaction.atomic
def report_transition(
    *, actor: Any, report: Report, action: str, note: str = "", now: datetime | None = None
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


def latest_version(report: Report) -> ReportVersion | None:
    return report.versions.order_by("-number").first()


def _participants(report: Report, exclude: Any = None) -> list[Any]:
    from monev.accounts.models import User

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
def discussion_open(*, actor: Any, report: Report, now: datetime | None = None) -> Report:
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
        title=_("Pembahasan draf laporan monev Triwulan %(q)s %(y)s")
        % {"q": roman(cycle.quarter), "y": cycle.year},
        body=_("Versi %(n)s menunggu komentar Anda pada bagian-bagiannya.") % {"n": version.number},
        url=_report_url(report, f"versi-{version.number}"),
        at=now,
    )
    return report


def may_comment(user: Any) -> bool:
    return bool(user.has_role(*PARTICIPANT_ROLES))


def _require_discussion(actor: Any, report: Report) -> None:
    if not may_comment(actor) or report_parties_agency(actor, report) is False:
        raise PermissionDenied
    if report.status not in (report_flow.State.DIBAHAS, report_flow.State.DIPERBAIKI):
        raise ValidationError(
            _("Komentar hanya dapat ditulis selama pembahasan dan perbaikan (status «%(s)s»).")
            % {"s": report.get_status_display()}
        )


def report_parties_agency(actor: Any, report: Report) -> bool:
    return getattr(actor, "agency_id", None) == report.cycle.agency_id


def _mentions(report: Report, body: str) -> list[Any]:
    names = {m.group(1).rstrip(".") for m in MENTION.finditer(body)}
    if not names:
        return []
    return [u for u in _participants(report) if u.username in names]


def _comment(*, actor: Any, thread: CommentThread, body: str, at: datetime) -> Comment:
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
    actor: Any,
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
    *, actor: Any, thread: CommentThread, body: str, now: datetime | None = None
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


def may_close_thread(actor: Any, thread: CommentThread, author_roles: Any = None) -> bool:
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
    *, actor: Any, thread: CommentThread, action: str, note: str = "", now: datetime | None = None
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
    actor: Any,
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
    *, actor: Any, report: Report, note: str = "", now: datetime | None = None
) -> Report:
    """Step 9 ends (every thread resolved or deferred, else the step says how many are
    open): the report goes to revision (step 10)."""
    run = _run_at(report, StepKey.PEMBAHASAN)
    report_transition(actor=actor, report=report, action=report_flow.Action.PERBAIKI, now=now)
    sop_services.step_act(actor=actor, run=run, action=Action.COMPLETE, note=note, now=now)
    return report


@transaction.atomic
def revision_submit(
    *, actor: Any, report: Report, note: str = "", now: datetime | None = None
) -> Report:
    """Step 10 ends once a new version was made in it: the Sekretaris verifies (step 11)."""
    run = _run_at(report, StepKey.PERBAIKAN)
    sop_services.step_act(actor=actor, run=run, action=Action.COMPLETE, note=note, now=now)
    return report


def _review(version: ReportVersion, kind: str, actor: Any, note: str, at: datetime) -> None:
    review = VersionReview.objects.create(
        version=version, kind=kind, note=note.strip(), actor=actor, at=at
    )
    audit.record_create(actor, review)


@transaction.atomic
def verify(*, actor: Any, report: Report, note: str = "", now: datetime | None = None) -> Report:
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
    *, actor: Any, report: Report, note: str, now: datetime | None = None
) -> Report:
    """Step 11 «Tidak»: the Sekretaris returns the current version to step 10 with notes,
    which stand on that version and (through the SOP engine) on the holder's step card. The
    engine's return calls `step_returned`, so the same happens from the cycle page."""
    run = _run_at(report, StepKey.VERIFIKASI)
    if not note.strip():
        raise ValidationError({"note": _("Tuliskan catatan: apa yang harus diperbaiki.")})
    sop_services.step_act(actor=actor, run=run, action=Action.RETURN, note=note, now=now)
    return report


def step_returned(run: StepRun, actor: Any, note: str, at: datetime) -> None:
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


def number_for(report: Report, sequence: int) -> str:
    """The nomor naskah from the configured pattern (DOMAIN §8.3)."""
    snap = report.snapshot if isinstance(report.snapshot, dict) else json.loads(report.snapshot)
    fields = {
        "klasifikasi": settings.REPORT_NUMBER_CLASSIFICATION,
        "urut": sequence,
        "unit": snap["agency"]["short_name"],
        "tahun": report.cycle.year,
        "triwulan": roman(report.cycle.quarter),
    }
    try:
        return str(settings.REPORT_NUMBER_PATTERN).format(**fields)
    except (KeyError, IndexError, ValueError) as error:
        raise ValidationError(
            _("Pola nomor naskah tidak sah (%(e)s). Hubungi Administrator.") % {"e": error}
        ) from error


@transaction.atomic
def final_set(
    *,
    actor: Any,
    report: Report,
    sequence: int | None,
    number_date: date | None,
    mode: str,
    jabatan: str,
    name: str,
    pangkat: str,
    nip: str,
) -> Report:
    """Step 12: the Kasubag Program sets the nomor naskah (its sequence number in the
    configured pattern), its date and the Kepala Dinas' signature block (DOMAIN §8.2:
    definitif, Plt. or Plh.; jabatan, name, pangkat (golongan), NIP). A version is then
    rendered with them (the final document)."""
    if not _may_write(actor) or not report_parties_agency(actor, report):
        raise PermissionDenied
    run = _run_at(report, StepKey.PENYUSUNAN_DOKUMEN)
    if run.status != StepStatus.BERJALAN:
        raise ValidationError(_("Dokumen akhir sedang menunggu pengesahan Kepala Dinas."))
    row = locked(Report, report.pk, "cycle")
    errors: dict[str, Any] = {}
    if sequence is None or sequence < 1:
        errors["sequence"] = _("Isi nomor urut naskah (angka 1 atau lebih).")
    if number_date is None:
        errors["number_date"] = _("Isi tanggal naskah.")
    elif number_date < timezone.localdate(row.snapshot_at):
        errors["number_date"] = _("Tanggal naskah tidak boleh sebelum potret data laporan.")
    if mode not in SignatoryMode.values:
        errors["mode"] = _("Pilih kedudukan penanda tangan.")
    if not name.strip():
        errors["name"] = _("Isi nama penanda tangan.")
    if not jabatan.strip():
        errors["jabatan"] = _("Isi jabatan penanda tangan.")
    clean_nip = ""
    if nip.strip():
        try:
            clean_nip = validate_nip(nip)
        except NipError as error:
            errors["nip"] = error.message
    else:
        errors["nip"] = _("Isi NIP penanda tangan (18 digit).")
    number = number_for(row, sequence) if sequence and sequence > 0 else ""
    if (
        number
        and Report.objects.filter(cycle__agency_id=row.cycle.agency_id, number=number)
        .exclude(pk=row.pk)
        .exists()
    ):
        errors["sequence"] = _("Nomor naskah %(n)s sudah dipakai laporan lain.") % {"n": number}
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(row, ["number", "number_date", "number_sequence", "signatory"])
    row.number, row.number_date, row.number_sequence = number, number_date, sequence
    row.signatory = {
        "mode": mode, "jabatan": jabatan.strip(), "name": name.strip(),
        "pangkat": pangkat.strip(), "nip": clean_nip,
    }  # fmt: skip
    row.save(update_fields=["number", "number_date", "number_sequence", "signatory"])
    audit.record_update(actor, row, before)
    return row


def final_is_rendered(report: Report) -> bool:
    """Whether the latest version is the final document with the current details."""
    version = latest_version(report)
    return (
        bool(report.number)
        and version is not None
        and _final_base(version.final) == final_details(report)
    )


@transaction.atomic
def final_submit(
    *, actor: Any, report: Report, note: str = "", now: datetime | None = None
) -> Report:
    """Step 12: the Kasubag Program hands the final document to the Kepala Dinas."""
    run = _run_at(report, StepKey.PENYUSUNAN_DOKUMEN)
    sop_services.step_act(actor=actor, run=run, action=Action.COMPLETE, note=note, now=now)
    return report


@transaction.atomic
def ratify(
    *,
    actor: Any,
    report: Report,
    note: str = "",
    now: datetime | None = None,
    version_number: int | None = None,
) -> Report:
    """Step 12: the Kepala Dinas ratifies (mengesahkan) the final document — exactly the
    version (and so the bytes) they read: `version_number`, when given, must still be the
    latest. The ratified version is fixed: stored as `final_version`, with who and when; no
    edit, no new version afterwards; its sealed PDF is what step 13 archives. A report
    ratified already says so."""
    report.refresh_from_db()
    if report.status in report_flow.FIXED:
        raise ValidationError(already_ratified(report), code="ratified")
    run = _run_at(report, StepKey.PENYUSUNAN_DOKUMEN)
    version = latest_version(report)
    if version is None or not final_is_rendered(report):
        raise ValidationError(_("Dokumen akhir dengan nomor naskah belum dibuat."))
    if version_number is not None and version_number != version.number:
        raise ValidationError(
            _("Versi yang Anda periksa (versi %(seen)s) bukan lagi versi terbaru (versi "
              "%(n)s). Periksa versi terbaru sebelum mengesahkan.")
            % {"seen": version_number, "n": version.number}
        )  # fmt: skip
    at = now or timezone.now()
    row = report_transition(
        actor=actor, report=report, action=report_flow.Action.SAHKAN, note=note, now=at
    )
    before = audit.snapshot(row, ["final_version", "ratified_at"])
    row.final_version, row.ratified_by, row.ratified_at = version, actor, at
    row.save(update_fields=["final_version", "ratified_by", "ratified_at"])
    audit.record_update(actor, row, before)
    _review(version, ReviewKind.DISAHKAN, actor, note, at)
    sop_services.step_act(actor=actor, run=run, action=Action.APPROVE, note=note, now=at)
    report.final_version, report.ratified_by, report.ratified_at = version, actor, at
    return report


def already_ratified(report: Report) -> str:
    """The message for a report ratified already (a second ratification, a late return)."""
    version = report.final_version
    who = report.ratified_by.full_name if report.ratified_by else "–"
    when = (
        document.date_text(timezone.localtime(report.ratified_at).date().isoformat())
        if report.ratified_at
        else "–"
    )
    return _("Laporan ini sudah disahkan (versi %(n)s, %(when)s oleh %(who)s).") % {
        "n": version.number if version else "–",
        "when": when,
        "who": who,
    }


@transaction.atomic
def ratification_return(
    *, actor: Any, report: Report, note: str, now: datetime | None = None
) -> Report:
    """Step 12: the Kepala Dinas returns the final document to the Kasubag Program with a
    note (on the version, through `step_returned`, and on the holder's step card)."""
    report.refresh_from_db()
    if report.status in report_flow.FIXED:
        raise ValidationError(already_ratified(report), code="ratified")
    run = _run_at(report, StepKey.PENYUSUNAN_DOKUMEN)
    if not note.strip():
        raise ValidationError({"note": _("Tuliskan catatan: apa yang harus diperbaiki.")})
    sop_services.step_act(actor=actor, run=run, action=Action.RETURN_APPROVAL, note=note, now=now)
    return report


@transaction.atomic
def upload_request(
    *, actor: Any, report: Report, data: bytes, filename: str = "", now: datetime | None = None
) -> RenderJob:
    """Step 10: queue an edited DOCX (already through the upload form's checks) to be read
    back and rendered as a new version in the background, like a generation; returns the
    job the page polls. What the file says (which report and version, its sections) is
    checked by the job, which fails with a message saying what to do."""
    if not _may_write(actor) or not report_parties_agency(actor, report):
        raise PermissionDenied
    _require_editable(report)
    if report.jobs.filter(status__in=[JobStatus.MENUNGGU, JobStatus.BERJALAN]).exists():
        raise ValidationError(
            _("Versi lain sedang dibuat. Tunggu sampai selesai, lalu unggah DOCX ini lagi.")
        )
    job = RenderJob(
        report=report, requested_by=actor, requested_at=now or timezone.now(),
        stage=_("Menunggu pekerja"), upload_name=(filename or "")[-255:],
    )  # fmt: skip
    job.upload.save("unggahan.docx", ContentFile(data), save=False)
    job.save()
    transaction.on_commit(partial(_enqueue, job.pk))
    return job


UNREADABLE = gettext_lazy(
    "Berkas ini bukan DOCX yang dapat dibaca. Buka berkasnya di Word atau LibreOffice Writer, "
    "simpan sebagai «Word 2007–365 (.docx)», lalu unggah lagi."
)


def version_upload(
    *,
    actor: Any,
    report: Report,
    data: bytes,
    filename: str = "",
    now: datetime | None = None,
    progress: Progress | None = None,
) -> ReportVersion:
    """Step 10: a new version from an edited DOCX (saved by Word or LibreOffice Writer). The
    sections are found again by their anchors (`docx_read`) and replace the section texts
    they changed; text edited outside the sections and table cells changed are reported on
    the version (a cell naming its table, row and column) and not taken. A DOCX of another
    report, or of an older version than the latest, is refused with a message."""
    if not _may_write(actor) or not report_parties_agency(actor, report):
        raise PermissionDenied
    _require_editable(report)
    if len(data) > settings.MONEV_DOCUMENT_MAX_MB * 2**20:
        raise ValidationError(_("Berkas terlalu besar."))
    if progress:
        progress(10, _("Memeriksa DOCX"))
    try:
        identifier = docx_read.read(data).origin  # which report and version, before the rest
    except docx_read.UnreadableDocx as error:
        raise ValidationError(str(UNREADABLE)) from error
    latest = latest_version(report)
    assert latest is not None
    expected = document_identifier(report)
    base_id, number = identifier
    if base_id != expected:
        raise ValidationError(
            _("DOCX ini bukan dari laporan ini (%(found)s). Unduh DOCX versi terbaru laporan ini, "
              "sunting, lalu unggah kembali.") % {"found": base_id or _("tanpa penanda")}
        )  # fmt: skip
    if number != latest.number:
        raise ValidationError(
            _("DOCX ini dari versi %(old)s, sedangkan versi terbaru adalah versi %(new)s. "
              "Unduh DOCX versi %(new)s dan sunting ulang agar perubahan sesudahnya tidak hilang.")
            % {"old": number or "?", "new": latest.number}
        )  # fmt: skip
    if progress:
        progress(15, _("Membaca bagian laporan"))
    with latest.docx.open("rb") as f:
        original = docx_read.read(f.read())
    back = docx_read.read(data, base=original.layout())
    if not back.sections:
        raise ValidationError(
            _("Bagian-bagian laporan tidak ditemukan dalam DOCX ini: judul bab dan penanda "
              "bagiannya terhapus. Unduh DOCX versi %(n)s, ubah hanya teks di bawah judul bab "
              "dan subbab, simpan sebagai .docx, lalu unggah lagi.") % {"n": latest.number}
        )  # fmt: skip
    before_texts = {s["key"]: docx_read.normalise(s["text"]) for s in latest.sections}
    changed = {
        key: text
        for key, text in back.sections.items()
        if key in before_texts and text != before_texts[key]
    }
    missing = [key for key in before_texts if key not in back.sections]
    outside: list[dict[str, Any]] = docx_read.outside_changes(original.outside, back.outside)
    for change in docx_read.table_changes(original.tables, back.tables):
        outside.append({**change, "where": _table_place(change)})
    if missing:
        titles = {s["key"]: s["title"] for s in latest.sections}
        outside.insert(0, {"before": ", ".join(str(titles.get(k, k)) for k in missing),
                           "after": _("(bagian dihapus)")})  # fmt: skip
    if not changed and not outside:
        raise ValidationError(
            _("DOCX ini sama dengan versi %(n)s: tidak ada perubahan. Sunting teks laporan, "
              "simpan, lalu unggah lagi.") % {"n": latest.number}
        )  # fmt: skip
    previous = {s.key: s.text for s in report.sections.filter(key__in=list(changed))}
    with transaction.atomic():
        for key, text in changed.items():
            section_save(actor=actor, report=report, key=key, text=text, now=now)
    try:
        return version_render(
            actor=actor, report=report, now=now, source=VersionSource.UPLOADED, based_on=latest,
            outside_edits=outside, upload=(filename, data), progress=progress,
        )  # fmt: skip
    except Exception:
        # No version made: the narrative goes back to what it was (audited both ways), so a
        # failed upload changes nothing; the user still has the file to upload again.
        with transaction.atomic():
            for key in changed:
                section_save(actor=actor, report=report, key=key, text=previous.get(key, ""))
        raise


def _table_place(change: dict[str, Any]) -> str:
    """Where a table edit is, for a reader: "Tabel 3.4, baris 1 (Bidang Koperasi), kolom 3
    «Pagu (Rp)»"."""
    place = str(change["table"])
    if change.get("row") is None:
        return place
    place += ", " + _("baris %(n)s") % {"n": change["row"]}
    if change.get("row_label"):
        place += f" ({change['row_label']})"
    if change.get("column") is None:
        return place
    place += ", " + _("kolom %(n)s") % {"n": change["column"]}
    if change.get("column_label"):
        place += f" «{change['column_label']}»"
    return place


def document_identifier(report: Report) -> str:
    snap = snapshot_of(report)
    return f"monev-{snap.agency.short_name}-{snap.year}-{snap.quarter}-{snap.cycle_id}"
