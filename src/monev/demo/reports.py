"""Demo data of the report's review (SOP steps 9–12), through the report services with
explicit `now`s: Triwulan I and II are ratified with their nomor naskah (Triwulan I after one
return from verification, so it has more versions), Triwulan III is in discussion with open
and resolved threads. What the reviewers say is data (`Review`: the quarterly report's
`QUARTERLY`, the LKjIP's `demo.annual.LKJIP`), walked by one `review_step`. Used only when the
demo renders reports (`DEMO_RENDER_REPORTS`)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.translation import gettext

from monev.accounts.models import User
from monev.demo.sop import RETURN_NOTE
from monev.reports import services
from monev.reports.choices import JobStatus
from monev.reports.models import CommentThread, RenderJob, Report
from monev.sop.choices import StepKey
from monev.sop.models import StepRun

log = logging.getLogger(__name__)

#: Nomor urut of each quarter's ratified report in the agency's agenda.
SEQUENCE: dict[int | None, int] = {1: 112, 2: 287, 3: 431, 4: 560, None: 58}  # None: LKjIP


def _user(report: Report, role: str, nth: int = 0) -> User:
    users = User.objects.filter(
        agency_id=report.cycle.agency_id, role_assignments__role=role
    ).order_by("username")
    return users[nth]


def _text(report: Report, key: str) -> str:
    version = services.latest_version(report)
    assert version is not None
    return next(s["text"] for s in version.sections if s["key"] == key)


def _quote(text: str, words: int = 6) -> str:
    return " ".join(text.split()[:words])


def _between(start: datetime, end: datetime, share: float) -> datetime:
    return start + (end - start) * share


@dataclass(frozen=True)
class Thread:
    """A comment thread of the demo's discussion (step 9): opened by the `nth` holder of `role`
    (by username) on a section, quoting the first `quote` words of its text (0: no quote), at
    a share of the step's time."""

    role: str
    section: str
    body: str
    at: float
    quote: int = 0
    nth: int = 0


@dataclass(frozen=True)
class Reply:
    """The Kasubag Program's reply to the `thread`-th thread of the discussion."""

    thread: int
    body: str
    at: float


@dataclass(frozen=True)
class Settle:
    """The `thread`-th thread resolved or deferred (`action`) by whoever opened it: a thread is
    closed by its author or a higher rank, not by the Kasubag (`may_close_thread`)."""

    thread: int
    action: str
    at: float
    note: str = ""


@dataclass(frozen=True)
class Meeting:
    """A discussion meeting's notulen, recorded by the Kasubag Program; `attendees` are
    (role, nth) as in `Thread`."""

    attendees: tuple[tuple[str, int], ...]
    place: str
    other_attendees: str
    summary: str
    decisions: str
    at: float


@dataclass(frozen=True)
class Review:
    """What the demo's reviewers do to one report in steps 9 and 10: the discussion, in order
    (`closing`: what is left for when it is closed), and the paragraph the revision adds to
    each section (`again`: the revision after a return from verification)."""

    opened: float
    discussion: tuple[Thread | Reply | Settle | Meeting, ...]
    closing: tuple[Settle, ...]
    close_note: str
    revision: dict[str, str]
    again: dict[str, str] = field(default_factory=dict)


#: The quarterly report's review: a Kepala Bidang mentions the Kasubag Program, one thread is
#: deferred to the Renja, one meeting's notulen.
QUARTERLY = Review(
    opened=0.02,
    discussion=(
        Thread(
            "sekretaris",
            "penghambat",
            quote=6,
            at=0.1,
            body="Faktor penghambat Bidang Tenaga Kerja perlu diuraikan, jangan hanya disebut.",
        ),
        Reply(
            0,
            at=0.15,
            body="Baik, akan ditambahkan uraian keterlambatan pencairan anggaran pelatihan.",
        ),
        Thread(
            "kepala_bidang",
            "capaian_bidang",
            at=0.2,
            body="Mohon angka capaian Bidang Koperasi dicek lagi dengan data RAT. @kasubag",
        ),
        Thread(
            "kepala_dinas",
            "saran",
            quote=5,
            at=0.3,
            body="Saran untuk Renja berikutnya agar lebih konkret: sebut kegiatan dan targetnya.",
        ),
        Thread(
            "kepala_bidang",
            "tindak_lanjut",
            nth=2,
            at=0.35,
            body="Tindak lanjut pelatihan kerja dibahas pada penyusunan Renja 2027.",
        ),
        Reply(1, at=0.4, body="Sudah dicek: angka sesuai data yang diterima pada langkah 2."),
        Settle(1, "resolve", at=0.45),
        Settle(3, "defer", at=0.5, note="Dibahas pada forum Renja 2027."),
        Meeting(
            attendees=(
                ("kepala_dinas", 0),
                ("sekretaris", 0),
                ("kepala_bidang", 0),
                ("kepala_bidang", 2),
            ),
            place="Aula Dinas, Paringin",
            other_attendees="Staf Program (2 orang)",
            summary="Pembahasan draf laporan monev per bab; catatan Sekretaris dan Kepala Dinas.",
            decisions="BAB IV dilengkapi uraian faktor penghambat; saran BAB V dibuat konkret.",
            at=0.55,
        ),
    ),
    closing=(Settle(0, "resolve", at=0.9), Settle(2, "resolve", at=0.9)),
    close_note="Catatan pembahasan dimasukkan.",
    revision={
        "penghambat": "Keterlambatan pencairan anggaran pelatihan kerja menggeser jadwal dua "
        "angkatan pelatihan Bidang Tenaga Kerja ke triwulan berikutnya.",
        "saran": "Renja berikutnya memuat jadwal pelatihan per triwulan yang disesuaikan dengan "
        "jadwal pencairan anggaran.",
    },
    again={"capaian_bidang": "Predikat capaian setiap Bidang tercantum pada Tabel 3.2."},
)


def discussion(
    report: Report, review: Review, started: datetime, ended: datetime, *, close: bool
) -> None:
    """Step 9: the discussion opened, `review`'s threads, replies and meeting at their shares
    of the time from `started` to `ended`; closed at `ended` when `close`, else left with its
    open and resolved threads."""
    kasubag = _user(report, "kasubag_program")
    at = lambda share: _between(started, ended, share)  # noqa: E731
    services.discussion_open(actor=kasubag, report=report, now=at(review.opened))
    threads: list[tuple[CommentThread, User]] = []
    for event in review.discussion + (review.closing if close else ()):
        if isinstance(event, Thread):
            author = _user(report, event.role, event.nth)
            quote = _quote(_text(report, event.section), event.quote) if event.quote else ""
            thread = services.thread_open(
                actor=author, report=report, section_key=event.section, quote=quote,
                body=event.body, now=at(event.at),
            )  # fmt: skip
            threads.append((thread, author))
        elif isinstance(event, Reply):
            services.comment_reply(
                actor=kasubag, thread=threads[event.thread][0], body=event.body, now=at(event.at)
            )
        elif isinstance(event, Settle):
            thread, author = threads[event.thread]
            services.thread_set_status(
                actor=author, thread=thread, action=event.action, note=event.note,
                now=at(event.at),
            )  # fmt: skip
        else:
            services.meeting_add(
                actor=kasubag, report=report, held_on=timezone.localdate(at(event.at)),
                place=event.place, attendees=[_user(report, *a) for a in event.attendees],
                other_attendees=event.other_attendees, summary=event.summary,
                decisions=event.decisions, now=at(event.at),
            )  # fmt: skip
    if close:
        services.discussion_close(actor=kasubag, report=report, note=review.close_note, now=ended)


def revise(report: Report, review: Review, *, again: bool, done_at: datetime) -> None:
    """Step 10: the Kasubag Program adds `review`'s paragraph to each section (its `again`
    paragraphs after a return from verification), makes a version and submits it."""
    kasubag = _user(report, "kasubag_program")
    additions = review.again if again and review.again else review.revision
    edits = {key: _text(report, key) + "\n" + text for key, text in additions.items()}
    for section, text in edits.items():
        services.section_save(actor=kasubag, report=report, key=section, text=text, now=done_at)
    version = services.version_render(actor=kasubag, report=report, now=done_at)
    services.revision_submit(
        actor=kasubag, report=report, now=done_at,
        note=f"Versi {version.number} memuat perbaikan sesuai catatan pembahasan.",
    )  # fmt: skip


def review_step(
    run: StepRun, review: Review, *, done_at: datetime, approve_at: datetime, returns: bool
) -> None:
    """Do the demo's step 9, 10, 11 or 12 of `run`'s cycle through the report services, the
    discussion and revision as `review` says (the steps 5–8 of the annual SOP alike)."""
    report = Report.objects.get(cycle_id=run.cycle_id)
    kasubag = _user(report, "kasubag_program")
    key = run.step.key
    if key == StepKey.PEMBAHASAN:
        discussion(report, review, run.started_at, done_at, close=True)
    elif key == StepKey.PERBAIKAN:
        revise(report, review, again=run.round > 1, done_at=done_at)
    elif key == StepKey.VERIFIKASI:
        sekretaris = _user(report, "sekretaris")
        if returns:
            services.verification_return(
                actor=sekretaris, report=report, note=RETURN_NOTE, now=done_at
            )
        else:
            services.verify(
                actor=sekretaris, report=report, note="Sudah sesuai catatan.", now=done_at
            )
    elif key == StepKey.PENYUSUNAN_DOKUMEN:
        if _DEFER_FINALS.get():
            _queue_final(report, kasubag=kasubag, done_at=done_at, approve_at=approve_at)
            return
        _final(report, kasubag=kasubag, done_at=done_at, approve_at=approve_at)


def _final(report: Report, *, kasubag: User, done_at: datetime, approve_at: datetime) -> int:
    """Step 12: the nomor and signatory set, the final document rendered (sealed), handed
    over, signed (paraf, paraf, pengesahan) or ratified; returns the final version's number."""
    if not report.number:  # set already when the final was queued (`_queue_final`)
        _set_final_details(report, kasubag=kasubag, done_at=done_at)
    final = services.version_render(actor=kasubag, report=report, now=done_at)
    services.final_submit(
        actor=kasubag, report=report, now=done_at,
        note=f"Dokumen akhir versi {final.number} dengan nomor {report.number} siap disahkan.",
    )  # fmt: skip
    from monev.reports import policies

    if policies.signing_enabled(report.cycle.agency_id):  # the demo seal (demo/signing.py)
        from monev.demo import signing

        signing.sign_and_ratify(
            report, kasubag=kasubag, sekretaris=_user(report, "sekretaris"),
            kadis=_user(report, "kepala_dinas"), done_at=done_at, approve_at=approve_at,
            number=final.number,
        )  # fmt: skip
        return final.number
    services.ratify(
        actor=_user(report, "kepala_dinas"), report=report, note="Disahkan.", now=approve_at,
        version_number=final.number,
    )  # fmt: skip
    return final.number


def _set_final_details(report: Report, *, kasubag: User, done_at: datetime) -> None:
    snap = services.snapshot_of(report)
    services.final_set(
        actor=kasubag, report=report, sequence=SEQUENCE[report.cycle.quarter],
        number_date=timezone.localdate(done_at), mode="definitif",
        jabatan=snap.head.title, name=snap.head.name, pangkat=snap.head.pangkat,
        nip=snap.head.nip,
    )  # fmt: skip
    report.refresh_from_db()


# --- The final documents left to the worker (`monev demo`, issue #26) ------------------------

#: While set (`deferred_finals`), step 12 of a demo cycle sets the nomor and queues the rest.
_DEFER_FINALS: ContextVar[bool] = ContextVar("demo_defer_finals", default=False)


@contextmanager
def deferred_finals() -> Iterator[None]:
    """Inside: step 12 of the demo's TW I and II sets the nomor naskah at once and leaves the
    final document — its sealed render, the paraf and the pengesahan, then step 13's archive
    — to the background worker beside the server (`monev.demo.tasks.finish_final`), with a
    job the report page shows as being made. Sealing, signing (each signature is validated
    again) and archiving were most of `make demo`'s load (issue #26, item 7); the worker
    does them with the same explicit times, so the demo ends with the same data."""
    token = _DEFER_FINALS.set(True)
    try:
        yield
    finally:
        _DEFER_FINALS.reset(token)


def _queue_final(report: Report, *, kasubag: User, done_at: datetime, approve_at: datetime) -> None:
    """Set the nomor and queue the rest of step 12 and step 13 (once: the demo's loop comes
    back to step 12 while it waits for the worker)."""
    if report.number:
        return
    _set_final_details(report, kasubag=kasubag, done_at=done_at)
    job = RenderJob.objects.create(
        report=report, requested_by=kasubag, requested_at=done_at, status=JobStatus.MENUNGGU,
        stage=gettext("Menunggu pekerja"),
    )  # fmt: skip
    transaction.on_commit(
        partial(_enqueue_final, job.pk, done_at.isoformat(), approve_at.isoformat())
    )


def _enqueue_final(job_id: int, done_at: str, approve_at: str) -> None:
    from monev.demo import tasks

    result = tasks.finish_final.enqueue(job_id, done_at, approve_at)
    RenderJob.objects.filter(pk=job_id, task_id="").update(task_id=str(result.id))


def finish_final(job_id: int, done_at: datetime, approve_at: datetime) -> None:
    """The worker's part of a queued demo final: step 12 (render, sign, ratify) and step 13
    (archive), as the loading would have done them, recording the job's progress."""
    from monev.demo.archive import archive_step
    from monev.notifications.services import quiet as channels_quiet
    from monev.reports.services import worker

    job = worker.job_start(job_id, progress=10, stage=gettext("Membuat dan menyegel dokumen akhir"))
    if job is None:
        return
    report = job.report
    quiet = override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
    try:
        # No transaction around it all: on SQLite (IMMEDIATE) it would hold the write lock
        # for the whole render and signing, and the demo's first logins would wait on it;
        # each service writes in its own short transaction after its slow part.
        with quiet, channels_quiet():
            from monev.demo import sop
            from monev.sop.models import Notification

            last = Notification.objects.order_by("-pk").values_list("pk", flat=True).first()
            kasubag = _user(report, "kasubag_program")
            number = _final(report, kasubag=kasubag, done_at=done_at, approve_at=approve_at)
            archive_step(report.cycle)
            # Read long ago, as the loading marks the notifications of the finished cycles.
            Notification.objects.filter(
                pk__gt=last or 0, created_at__lt=sop.OPENED[3], read_at__isnull=True
            ).update(read_at=sop.OPENED[3])
    except Exception as error:
        log.exception("demo final document failed")
        worker.job_failed(job_id, f"{type(error).__name__}: {error}")
        return
    worker.job_done(job_id, report.versions.get(number=number))


def in_discussion(report: Report, *, started: datetime) -> None:
    """Triwulan III: in discussion, with open and resolved threads."""
    discussion(report, QUARTERLY, started, started + timedelta(days=2), close=False)


__all__ = ["Any", "deferred_finals", "finish_final", "in_discussion", "review_step"]
