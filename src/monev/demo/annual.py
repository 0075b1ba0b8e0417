"""Demo of the annual SOP "Penyusunan Laporan Kinerja Tahunan" (SPEC §16, issue #27 item 5),
through the real services with explicit `now`s:

- 2025's cycle finished: the Perjanjian Kinerja 2025 made by the Kasubag Program and signed by
  the Kepala Dinas in January 2025 (step 1); steps 2–9 after the year's data were in (January–
  February 2026): the year's recap and analysis, the LKjIP 2025 drafted, discussed, revised,
  verified, ratified (paraf, paraf, the Kepala Dinas' signature) and archived. 2025 was reported
  before the app was in use (`demo.collection.fill_history`): it has no monev cycles, so step 2
  waits for TW IV's imported data (`evaluation.annual.recap_blockers`).
- 2026's cycle open: PK 2026 made and signed in January (step 1 done); step 2 waits for TW IV
  2026's monev cycle. (No PK version after the APBD Perubahan: each PK version renders a PDF
  and a DOCX per party and the load time of `make demo` counts; the PK page offers the Kasubag
  Program to make it, `annual.selectors.YearPk.update_available`.)

The PKs of the plan's original stage are made by `agreements_before_perubahan`, called while the
plan is loaded (before the APBD-P stage exists: a PK follows the plan's last stage). When the
demo does not render reports (tests), there is no agency seal: the PKs are made but not signed
and the steps are done by hand, as the quarterly cycles are.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings

from monev.accounts.models import User
from monev.demo.reports import Reply, Review, Settle, Thread
from monev.organization.models import Agency
from monev.sop import selectors, services
from monev.sop.choices import StepKey
from monev.sop.models import Cycle, SopDefinition

WITA = ZoneInfo("Asia/Makassar")

#: When each year's annual cycle opens, and when its PK is made and signed.
OPENED = {
    2025: datetime(2025, 1, 6, 8, 10, tzinfo=WITA),
    2026: datetime(2026, 1, 5, 8, 20, tzinfo=WITA),
}
PK_MADE = {
    2025: datetime(2025, 1, 8, 9, 30, tzinfo=WITA),
    2026: datetime(2026, 1, 7, 10, 0, tzinfo=WITA),
}
PK_SIGNED = {
    2025: datetime(2025, 1, 10, 14, 0, tzinfo=WITA),
    2026: datetime(2026, 1, 9, 13, 30, tzinfo=WITA),
}
#: Step 2 of 2025 starts its work once TW IV 2025's data are in.
YEAR_DATA_IN = datetime(2026, 1, 12, 8, 0, tzinfo=WITA)
#: Actual duration as a share of each step's standard, steps 2–9 of 2025.
PACE = {2: 0.9, 3: 1.1, 4: 0.9, 5: 0.8, 6: 1.0, 7: 0.7, 8: 0.6, 9: 0.5}
NOTES: dict[str, str] = {
    StepKey.PERJANJIAN_KINERJA: "Perjanjian Kinerja ditandatangani Kepala Dinas.",
    StepKey.REKAP_TAHUNAN: "Rekap capaian TW I–IV seluruh IKU sudah diperiksa.",
    StepKey.ANALISIS_TAHUNAN: "Analisis capaian tahunan per IKU disusun dari catatan "
    "triwulanan dan temuan monev.",
}


#: Steps 5 and 6 of the LKjIP 2025: a discussion with the Sekretaris' and the Kepala Dinas'
#: notes on its sections, resolved; the revision answering them as a new version.
LKJIP = Review(
    opened=0.05,
    discussion=(
        Thread(
            "sekretaris",
            "analisis_penyebab",
            quote=6,
            at=0.2,
            body="Penyebab capaian IKU yang di bawah target perlu diuraikan per Bidang.",
        ),
        Thread(
            "kepala_dinas",
            "langkah",
            at=0.3,
            body="Langkah ke depan agar menyebut kegiatan Renja 2026 yang menjawabnya.",
        ),
        Reply(
            0, at=0.4, body="Baik, uraian per Bidang ditambahkan dari catatan analisis triwulanan."
        ),
        Settle(0, "resolve", at=0.8),
        Settle(1, "resolve", at=0.85),
    ),
    closing=(),
    close_note="Catatan pembahasan LKjIP dimasukkan.",
    revision={
        "analisis_penyebab": "Capaian Bidang Tenaga Kerja sedikit di bawah target karena dua "
        "angkatan pelatihan bergeser ke tahun berikutnya menunggu pergeseran anggaran.",
        "langkah": "Renja 2026 memuat jadwal pelatihan per triwulan dan pendampingan RAT koperasi.",
    },
)


def annual_sop(agency: Agency) -> SopDefinition:
    found = SopDefinition.objects.filter(agency=agency, cadence="tahunan", is_current=True).first()
    assert found is not None, "the annual SOP is loaded with the defaults (demo.sop.load)"
    return found


def _signing() -> bool:
    return bool(settings.DEMO_RENDER_REPORTS)  # the demo seal exists only then (demo.signing)


def make_pk(agency: Agency, year: int, made: datetime, signed: datetime) -> None:
    """The Kasubag Program makes the year's PK; the Kepala Dinas signs it with the demo seal."""
    from monev.annual import services as pk_services
    from monev.annual.signing import pk_sign
    from monev.demo.sop import _user_with

    versions = pk_services.pk_create(
        actor=_user_with(agency, "kasubag_program"), agency=agency, year=year, now=made
    )
    if _signing():
        pk_sign(actor=_user_with(agency, "kepala_dinas"), version=versions[0], use_seal=True,
                now=signed)  # fmt: skip


#: The demo's Bupati: a FICTIONAL name (no claim about who holds the office in Balangan).
REGIONAL_HEAD = "H. Syamsul Bahri, S.E., M.M."


def agreements_before_perubahan(agency: Agency) -> None:
    """The kepala daerah set by the Administrator, then PK 2025 and PK 2026 as the plan stood
    at the start of each year (before the APBD-P)."""
    from monev.organization.services import settings_update

    admin = User.objects.get(username="admin")
    settings_update(actor=admin, agency=agency, regional_head_name=REGIONAL_HEAD)
    for year in (2025, 2026):
        make_pk(agency, year, PK_MADE[year], PK_SIGNED[year])


@contextmanager
def _by_hand() -> Iterator[None]:
    """Without the demo seal the PK cannot be signed: step 1 is done by hand too, as steps 4–8
    are (`reports.handlers.done_by_hand`)."""
    if _signing():
        yield
        return
    from monev.reports.handlers import done_by_hand
    from monev.sop import handlers

    with handlers.done_by_hand(StepKey.PERJANJIAN_KINERJA), done_by_hand():
        yield


def _open(agency: Agency, year: int) -> Cycle:
    from monev.demo.sop import _user_with

    return services.cycle_open(
        actor=_user_with(agency, "sekretaris"), agency=agency, year=year, quarter=None,
        sop=annual_sop(agency), now=OPENED[year],
        disposition=f"Kasubag Program agar menyusun Perjanjian Kinerja {year} dan "
        f"menyiapkan Laporan Kinerja (LKjIP) {year} sesuai jadwal.",
    )  # fmt: skip


def _step_one(cycle: Cycle) -> None:
    from monev.demo.sop import _attach_output, _user_with

    agency = cycle.agency
    run = selectors.current_run(cycle)
    assert run is not None and run.step.key == StepKey.PERJANJIAN_KINERJA
    kasubag = _user_with(agency, "kasubag_program")
    done_at = PK_SIGNED[cycle.year].replace(hour=15, minute=0)
    if not _signing():
        _attach_output(run, kasubag, cycle)
    services.step_complete(actor=kasubag, run=run, note=NOTES[run.step.key], now=done_at)
    services.step_approve(
        actor=_user_with(agency, "kepala_dinas"), run=run,
        now=done_at.replace(hour=16, minute=0),
    )  # fmt: skip


def _finish(cycle: Cycle) -> None:
    """Steps 2–9 of 2025's cycle, after the year's data are in, as the quarterly cycles' steps
    (`demo.sop.step_do`); steps 5 and 6 with the LKjIP's own review (`LKJIP`)."""
    from monev.demo import sop

    last_run = None
    while True:
        run = selectors.current_run(Cycle.objects.get(pk=cycle.pk))
        if run is None or run.pk == last_run:  # finished, or step 8 waits for the worker
            return
        last_run = run.pk
        start = max(run.started_at, YEAR_DATA_IN)
        done_at = sop._advance(cycle.agency, run, PACE[run.number], start)
        sop.step_do(run, cycle, LKJIP, done_at=done_at, notes=NOTES)


def load(agency: Agency) -> None:
    """The two annual cycles (after the quarterly ones: `demo.sop`)."""
    from monev.demo.sop import OPENED as QUARTER_OPENED
    from monev.sop.models import Notification

    with _by_hand():
        cycle_2025 = _open(agency, 2025)
        _step_one(cycle_2025)
        _finish(cycle_2025)
        cycle_2026 = _open(agency, 2026)
        _step_one(cycle_2026)
    # As for the quarterly cycles: the notifications before TW III 2026 have long been read.
    Notification.objects.filter(
        created_at__lt=QUARTER_OPENED[3], read_at__isnull=True, user__agency=agency
    ).update(read_at=QUARTER_OPENED[3])


def run_all() -> None:
    from monev.demo.organization import demo_agency

    agency = demo_agency()
    assert agency is not None
    load(agency)
