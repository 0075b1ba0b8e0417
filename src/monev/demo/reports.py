"""Demo data of the report's review (SOP steps 9–12), through the report services with
explicit `now`s: Triwulan I and II are ratified with their nomor naskah (Triwulan I after one
return from verification, so it has more versions), Triwulan III is in discussion with open
and resolved threads. Used only when the demo renders reports (`DEMO_RENDER_REPORTS`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from monev.accounts.models import User
from monev.reports import services
from monev.reports.models import Report
from monev.sop.choices import StepKey
from monev.sop.models import StepRun

#: Nomor urut of each quarter's ratified report in the agency's agenda.
SEQUENCE = {1: 112, 2: 287, 3: 431, 4: 560}
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
        snap = services.snapshot_of(report)
        services.final_set(
            actor=kasubag, report=report, sequence=SEQUENCE[report.cycle.quarter],
            number_date=timezone.localdate(done_at), mode="definitif",
            jabatan=snap.head.title, name=snap.head.name, pangkat=snap.head.pangkat,
            nip=snap.head.nip,
        )  # fmt: skip
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
            return
        services.ratify(
            actor=_user(report, "kepala_dinas"), report=report, note="Disahkan.", now=approve_at,
            version_number=final.number,
        )  # fmt: skip


def in_discussion(report: Report, *, started: datetime) -> None:
    """Triwulan III: in discussion, with open and resolved threads."""
    discussion(report, started, started + timedelta(days=2), close=False)


__all__ = ["Any", "in_discussion", "review_step"]
