"""Demo SOP data: the default SOP, the working calendar, and three 2026 monev cycles.

Triwulan I and II are finished, with realistic timings (some steps late, one return from
verification to correction); Triwulan III is in progress at step 9 (pembahasan draft). When
the demo renders reports, steps 9–12 go through the report's review (`monev.demo.reports`):
Triwulan I and II ratified with their nomor, Triwulan III in discussion with threads.
Timings are driven through the real services with explicit `now`s.
"""

from __future__ import annotations

from contextlib import nullcontext
from datetime import datetime
from io import BytesIO
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from monev.accounts.models import User
from monev.collection.models import Submission
from monev.demo.archive import archive_ratified
from monev.domain.holidays_id import cuti_bersama_suggestions
from monev.domain.periods import roman
from monev.domain.workcalendar import TimeUnit, add_working_time
from monev.organization.models import Agency
from monev.sop import selectors, services
from monev.sop.choices import StepKey
from monev.sop.models import Cycle, Notification, StepRun

if TYPE_CHECKING:
    from monev.demo.reports import Review

#: Steps 9–12, done through the report's review when the demo renders reports.
REVIEW_KEYS = (
    StepKey.PEMBAHASAN,
    StepKey.PERBAIKAN,
    StepKey.VERIFIKASI,
    StepKey.PENYUSUNAN_DOKUMEN,
)

WITA = ZoneInfo("Asia/Makassar")
#: The Sekretaris' note when Triwulan I's draft returns from verification to correction.
RETURN_NOTE = (
    "Tabel capaian per Bidang belum memuat predikat; narasi BAB IV perlu menjelaskan faktor "
    "penghambat Bidang Tenaga Kerja."
)

#: Actual duration as a share of each step's standard (> 1 = late), per cycle.
PACE = {
    1: [0.7, 1.3, 0.9, 1.0, 1.15, 0.8, 0.6, 1.0, 0.9, 0.7, 0.5, 0.5, 0.8, 0.9, 0.5],
    2: [1.0, 0.9, 1.2, 0.8, 0.95, 1.4, 0.9, 1.1, 0.8, 0.6, 0.9, 0.9, 1.0],
    3: [0.8, 1.1, 1.0, 0.9, 1.05, 0.9, 0.8, 0.9],
}
OPENED = {
    1: datetime(2026, 4, 6, 8, 0, tzinfo=WITA),
    2: datetime(2026, 7, 6, 8, 15, tzinfo=WITA),
    3: datetime(2026, 10, 21, 8, 5, tzinfo=WITA),
}
#: The holder's note when completing a step, by step key.
NOTES: dict[str, str] = {
    StepKey.PENGUMPULAN_DATA: "Data kinerja Bidang Koperasi, UKM dan Tenaga Kerja terkumpul "
    "lengkap.",
    StepKey.PELAKSANAAN_MONEV: "Monev lapangan ke tiga Bidang dan UPTD BLK selesai; temuan "
    "dicatat pada blangko.",
    StepKey.PEMBAHASAN: "Pembahasan bersama Kepala Dinas dan para Kepala Bidang; catatan "
    "dimasukkan.",
    StepKey.VERIFIKASI: "Draft sudah sesuai catatan verifikasi.",
    StepKey.PENYUSUNAN_DOKUMEN: "Dokumen ditandatangani Kepala Dinas.",
}


def _pdf(title: str, lines: list[str]) -> bytes:
    buffer = BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont("Helvetica-Bold", 14)
    page.drawString(72, 770, title)
    page.setFont("Helvetica", 11)
    for i, line in enumerate(lines):
        page.drawString(72, 740 - 18 * i, line)
    page.showPage()
    page.save()
    return buffer.getvalue()


def _user_with(agency: Agency, role: str) -> User:
    user = User.objects.filter(agency=agency, role_assignments__role=role).order_by("pk").first()
    assert user is not None, role
    return user


def _advance(agency: Agency, run: StepRun, pace: float, start: datetime | None = None) -> datetime:
    """Return when `run` is done: `pace` times its standard (at least 5 minutes) in working
    time from `start` (default: its start)."""
    calendar = selectors.work_calendar(agency)
    minutes = max(int(selectors.standard_minutes(calendar, run.step) * pace), 5)
    return add_working_time(calendar, start or run.started_at, minutes, TimeUnit.MENIT)


def step_do(
    run: StepRun,
    cycle: Cycle,
    review: Review,
    *,
    done_at: datetime,
    notes: dict[str, str],
    returns: bool = False,
) -> None:
    """Do the demo's `run` of `cycle` as its holder, done at `done_at`, as every demo cycle
    (quarterly or annual) does a step, by the step's key: the report's steps 9–12 through its
    review (`review`) when the demo renders reports; step 13 by archiving the ratified report;
    a verification that `returns` sends the draft back; else the step's own work, its output
    (the report's first version at step 8, a document attached by hand otherwise), completed
    with its note (`notes`) and approved 45 working minutes later."""
    agency = cycle.agency
    holder = _user_with(agency, run.step.actor)
    key = run.step.key
    approve_at = add_working_time(selectors.work_calendar(agency), done_at, 45, TimeUnit.MENIT)
    if settings.DEMO_RENDER_REPORTS and key in REVIEW_KEYS:
        from monev.demo import reports as demo_reports

        demo_reports.review_step(
            run, review, done_at=done_at, approve_at=approve_at, returns=returns
        )
        return
    if key == StepKey.PENYIMPANAN and archive_ratified(run.cycle, holder, done_at):
        return  # archiving the ratified report completes step 13 (and the cycle)
    if key == StepKey.VERIFIKASI and returns:
        services.step_return(actor=holder, run=run, now=done_at, note=RETURN_NOTE)
        return
    _work(run, holder, done_at)
    if key == StepKey.DRAFT_LAPORAN and settings.DEMO_RENDER_REPORTS:
        _draft_report(run.cycle, holder, done_at)
    else:
        _attach_output(run, holder, cycle)
    services.step_complete(actor=holder, run=run, note=notes.get(key, ""), now=done_at)
    if run.step.approver:
        approver = _user_with(agency, run.step.approver)
        services.step_approve(actor=approver, run=run, now=approve_at)


def _run_cycle(agency: Agency, quarter: int) -> Cycle:
    from monev.demo.reports import QUARTERLY

    sekretaris = _user_with(agency, "sekretaris")
    cycle = services.cycle_open(
        actor=sekretaris,
        agency=agency,
        year=2026,
        quarter=quarter,
        disposition=f"Kasubag Program agar segera menyiapkan format isian monev Triwulan "
        f"{roman(quarter)} 2026 dan mengoordinasikan para Kepala Bidang.",
        now=OPENED[quarter],
    )
    paces = list(PACE[quarter])
    returned = quarter != 1  # Triwulan I returns once from verification to correction
    while paces:
        run = selectors.current_run(Cycle.objects.get(pk=cycle.pk))
        assert run is not None
        done_at = _advance(agency, run, paces.pop(0))
        returns = run.step.key == StepKey.VERIFIKASI and not returned
        returned = returned or returns
        step_do(run, cycle, QUARTERLY, done_at=done_at, notes=NOTES, returns=returns)
    if settings.DEMO_RENDER_REPORTS and quarter == 3:  # in discussion (step 9)
        from monev.demo import reports as demo_reports
        from monev.reports.models import Report

        run = selectors.current_run(Cycle.objects.get(pk=cycle.pk))
        assert run is not None and run.step.key == StepKey.PEMBAHASAN
        demo_reports.in_discussion(Report.objects.get(cycle=cycle), started=run.started_at)
    return cycle


def _work(run: StepRun, holder: User, done_at: datetime) -> None:
    """The work of a demo step done by hand, by its key: the Bidang's data (step 2), the flags
    explained (3), the visits (4–6, `_fill_monev`), the analysis note (7); none for the other
    steps."""
    key = run.step.key
    if key == StepKey.PENGUMPULAN_DATA and Submission.objects.filter(cycle=run.cycle).exists():
        from monev.demo.collection import fill

        fill(
            run.cycle,
            kasubag=holder,
            now=done_at,
            return_unit="BID-UKM" if run.cycle.quarter == 3 else None,
        )
    if key == StepKey.OLAH_DATA:
        _explain_flags(run.cycle, holder)
    if key == StepKey.ANALISIS:
        _write_analysis(run.cycle, holder)
    _fill_monev(key, run.cycle, holder, done_at)


def _fill_monev(key: str, cycle: Cycle, holder: User, done_at: datetime) -> None:
    """Steps 4–6 of the demo: plan the visits, carry them out, compile (monev.demo.monitoring)."""
    from monev.demo import monitoring

    if key == StepKey.RENCANA_MONEV:
        monitoring.plan(cycle, kasubag=holder, now=done_at)
    elif key == StepKey.PELAKSANAAN_MONEV:
        monitoring.carry_out(cycle, now=done_at)
    elif key == StepKey.KOMPILASI_HASIL:
        monitoring.compile_results(cycle, kasubag=holder, now=done_at)


def _attach_output(run: StepRun, holder: User, cycle: Cycle) -> None:
    """A step done by hand: its holder attaches the output document."""
    services.document_attach(
        actor=holder,
        run=run,
        upload=SimpleUploadedFile(
            f"langkah-{run.number:02d}-{run.step.output[:40] or 'output'}.pdf".replace(" ", "-"),
            _pdf(
                run.step.output or run.step.description,
                [str(cycle), f"Langkah {run.number}: {run.step.description}"],
            ),
            "application/pdf",
        ),
    )


def _draft_report(cycle: Cycle, kasubag: User, now: datetime) -> None:
    """Step 8 of the demo: the report's snapshot is frozen and its first version rendered
    synchronously (in production a background worker renders it)."""
    from monev.reports import services as reports

    report = reports.report_freeze(actor=kasubag, cycle=cycle, now=now)
    reports.version_render(actor=kasubag, report=report, now=now)


def _explain_flags(cycle: Cycle, kasubag: User) -> None:
    """Step 3 of the demo: the Kasubag Program explains every data-quality flag."""
    from monev.evaluation.services import flag_resolve, open_flags

    for result, flag, resolution in open_flags(cycle):
        if resolution is None:
            flag_resolve(
                actor=kasubag,
                cycle=cycle,
                indicator=result.indicator,
                code=flag.code,
                note="Sudah dikonfirmasi dengan Bidang; bukti dukung menyusul pada monev lapangan.",
            )


#: The agency's analysis of each demo quarter (step 7): the footer rows of Formulir E.81.
ANALYSIS = {
    "drivers": "Pendampingan koperasi yang rutin dan kerja sama penempatan tenaga kerja dengan "
    "perusahaan di Balangan mendorong capaian Bidang Koperasi dan UPTD BLK di atas target.",
    "obstacles": "Pencairan anggaran pelatihan UKM menunggu pergeseran anggaran, dan sebagian "
    "koperasi belum menyelenggarakan RAT tepat waktu.",
    "next_quarter": "Percepatan pelatihan kewirausahaan UKM, layanan perizinan jemput bola di "
    "kecamatan, dan pendampingan RAT koperasi.",
    "next_renja": "Menyesuaikan target triwulanan pelatihan UKM dengan jadwal pencairan "
    "anggaran dan menambah indikator kualitas koperasi.",
}


def _write_analysis(cycle: Cycle, kasubag: User) -> None:
    """Step 7 of the demo: the Kasubag Program writes the agency's analysis note."""
    from monev.evaluation.services import analysis_note_save

    analysis_note_save(actor=kasubag, cycle=cycle, unit=None, values=ANALYSIS)


def load(agency: Agency) -> None:
    services.definitions_load_defaults(agency=agency)  # the monev SOP and the annual SOP
    services.calendar_update(
        actor=None,
        agency=agency,
        workdays=selectors.DEFAULT_WORKDAYS,
        day_start=selectors.DEFAULT_DAY_START,
        day_end=selectors.DEFAULT_DAY_END,
        timezone="Asia/Makassar",
    )
    for day, name in cuti_bersama_suggestions([2026]).items():
        services.day_off_add(
            actor=None, agency=agency, date=day, kind="cuti_bersama", description=name
        )
    from monev.reports.handlers import done_by_hand

    with nullcontext() if settings.DEMO_RENDER_REPORTS else done_by_hand():
        for quarter in (1, 2, 3):
            _run_cycle(agency, quarter)
    # Notifications of finished cycles have long been read.
    Notification.objects.filter(created_at__lt=OPENED[3]).update(read_at=OPENED[3])


def run_all(**_: Any) -> None:
    from monev.demo.organization import demo_agency

    agency = demo_agency()
    assert agency is not None
    load(agency)
