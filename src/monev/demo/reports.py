"""Demo data of the report's review (SOP steps 9–12), through the report services with
explicit `now`s: Triwulan I and II are ratified with their nomor naskah (Triwulan I after one
return from verification, so it has more versions), Triwulan III is in discussion with open
and resolved threads. Used only when the demo renders reports (`DEMO_RENDER_REPORTS`)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.translation import gettext

from monev.accounts.models import User
from monev.reports import services
from monev.reports.choices import JobStatus
from monev.reports.models import RenderJob, Report
from monev.sop.choices import StepKey
from monev.sop.models import StepRun

log = logging.getLogger(__name__)

#: Nomor urut of each quarter's ratified report in the agency's agenda.
SEQUENCE: dict[int | None, int] = {1: 112, 2: 287, 3: 431, 4: 560, None: 58}  # None: LKjIP
RETURN_NOTE = (
    "Tabel capaian per Bidang belum memuat predikat; narasi BAB IV perlu menjelaskan faktor "
    "penghambat Bidang Tenaga Kerja."
)


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


def discussion(report: Report, started: datetime, ended: datetime, *, close: bool) -> None:
    """Step 9: the discussion opened, comments on sections (a Kepala Bidang mentions the
    Kasubag Program), one meeting's notulen; resolved when `close`, else left with open and
    resolved threads."""
    kasubag = _user(report, "kasubag_program")
    sekretaris = _user(report, "sekretaris")
    kadis = _user(report, "kepala_dinas")
    kabid, kabid2 = _user(report, "kepala_bidang", 0), _user(report, "kepala_bidang", 2)
    at = lambda share: _between(started, ended, share)  # noqa: E731
    services.discussion_open(actor=kasubag, report=report, now=at(0.02))
    t1 = services.thread_open(
        actor=sekretaris, report=report, section_key="penghambat",
        quote=_quote(_text(report, "penghambat")),
        body="Faktor penghambat Bidang Tenaga Kerja perlu diuraikan, jangan hanya disebut.",
        now=at(0.1),
    )  # fmt: skip
    services.comment_reply(
        actor=kasubag, thread=t1, now=at(0.15),
        body="Baik, akan ditambahkan uraian keterlambatan pencairan anggaran pelatihan.",
    )  # fmt: skip
    t2 = services.thread_open(
        actor=kabid, report=report, section_key="capaian_bidang",
        body="Mohon angka capaian Bidang Koperasi dicek lagi dengan data RAT. @kasubag",
        now=at(0.2),
    )  # fmt: skip
    t3 = services.thread_open(
        actor=kadis, report=report, section_key="saran", quote=_quote(_text(report, "saran"), 5),
        body="Saran untuk Renja berikutnya agar lebih konkret: sebut kegiatan dan targetnya.",
        now=at(0.3),
    )  # fmt: skip
    t4 = services.thread_open(
        actor=kabid2, report=report, section_key="tindak_lanjut",
        body="Tindak lanjut pelatihan kerja dibahas pada penyusunan Renja 2027.", now=at(0.35),
    )  # fmt: skip
    services.comment_reply(
        actor=kasubag, thread=t2, now=at(0.4),
        body="Sudah dicek: angka sesuai data yang diterima pada langkah 2.",
    )  # fmt: skip
    services.thread_set_status(actor=kabid, thread=t2, action="resolve", now=at(0.45))
    services.thread_set_status(
        actor=kabid2, thread=t4, action="defer", note="Dibahas pada forum Renja 2027.",
        now=at(0.5),
    )  # fmt: skip
    meeting_day = timezone.localdate(at(0.55))
    services.meeting_add(
        actor=kasubag, report=report, held_on=meeting_day, place="Aula Dinas, Paringin",
        attendees=[kadis, sekretaris, kabid, kabid2], other_attendees="Staf Program (2 orang)",
        summary="Pembahasan draf laporan monev per bab; catatan Sekretaris dan Kepala Dinas.",
        decisions="BAB IV dilengkapi uraian faktor penghambat; saran BAB V dibuat konkret.",
        now=at(0.55),
    )  # fmt: skip
    if not close:
        return
    # Each thread is resolved by whoever opened it (or a higher rank), not by the Kasubag.
    services.thread_set_status(actor=sekretaris, thread=t1, action="resolve", now=at(0.9))
    services.thread_set_status(actor=kadis, thread=t3, action="resolve", now=at(0.9))
    services.discussion_close(
        actor=kasubag, report=report, note="Catatan pembahasan dimasukkan.", now=ended
    )


def review_step(run: StepRun, *, done_at: datetime, approve_at: datetime, returns: bool) -> None:
    """Do the demo's step 9, 10, 11 or 12 of `run`'s cycle through the report services."""
    report = Report.objects.get(cycle_id=run.cycle_id)
    kasubag = _user(report, "kasubag_program")
    key = run.step.key
    if key == StepKey.PEMBAHASAN:
        discussion(report, run.started_at, done_at, close=True)
    elif key == StepKey.PERBAIKAN:
        edits = {
            "penghambat": _text(report, "penghambat")
            + "\nKeterlambatan pencairan anggaran pelatihan kerja menggeser jadwal dua angkatan "
            "pelatihan Bidang Tenaga Kerja ke triwulan berikutnya.",
            "saran": _text(report, "saran")
            + "\nRenja berikutnya memuat jadwal pelatihan per triwulan yang disesuaikan dengan "
            "jadwal pencairan anggaran.",
        }
        if run.round > 1:
            edits = {
                "capaian_bidang": _text(report, "capaian_bidang")
                + "\nPredikat capaian setiap Bidang tercantum pada Tabel 3.2."
            }
        for section, text in edits.items():
            services.section_save(actor=kasubag, report=report, key=section, text=text, now=done_at)
        version = services.version_render(actor=kasubag, report=report, now=done_at)
        services.revision_submit(
            actor=kasubag, report=report, now=done_at,
            note=f"Versi {version.number} memuat perbaikan sesuai catatan pembahasan.",
        )  # fmt: skip
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

    job = RenderJob.objects.select_related("report__cycle").get(pk=job_id)
    if job.status in (JobStatus.SELESAI, JobStatus.GAGAL):
        return
    RenderJob.objects.filter(pk=job_id).update(
        status=JobStatus.BERJALAN, started_at=timezone.now(), attempts=job.attempts + 1,
        progress=10, stage=gettext("Membuat dan menyegel dokumen akhir"),
    )  # fmt: skip
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
        RenderJob.objects.filter(pk=job_id).update(
            status=JobStatus.GAGAL, finished_at=timezone.now(),
            error=f"{type(error).__name__}: {error}",
        )  # fmt: skip
        return
    RenderJob.objects.filter(pk=job_id).update(
        status=JobStatus.SELESAI, finished_at=timezone.now(), progress=100,
        stage=gettext("Selesai"), version=report.versions.get(number=number),
    )  # fmt: skip


def in_discussion(report: Report, *, started: datetime) -> None:
    """Triwulan III: in discussion, with open and resolved threads."""
    discussion(report, started, started + timedelta(days=2), close=False)


__all__ = ["Any", "deferred_finals", "finish_final", "in_discussion", "review_step"]
