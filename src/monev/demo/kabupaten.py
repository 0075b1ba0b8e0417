"""Demo of a kabupaten instance (SPEC §14): two smaller agencies of Kabupaten Balangan beside
DKUKMTK — each with its units, officials, users, a small Renstra 2025–2029, the reported data
of 2025 and of 2026's first two quarters, and a Triwulan III 2026 cycle carried through the
real services up to step 3 (Dinas Perhubungan) or step 4 (Dinas Perpustakaan dan Kearsipan,
whose visit blangko to Bidang Perpustakaan awaits the Kepala Bidang's tanggapan, and whose
Triwulan IV 2026 is opened early and at step 2 with format isian to fill) — and the Bappeda
with its `bappeda` user, who reads every agency (the consolidated view).

Names of people are fictional; NIPs are well-formed but invented.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from monev.accounts import services as account_services
from monev.accounts.choices import Role
from monev.accounts.models import User
from monev.collection.models import BudgetRealization, Realization, Submission
from monev.organization import services
from monev.organization.models import Agency, Unit
from monev.planning.models import Budget, Indicator, PlanNode, RenstraPeriod, Target
from monev.sop import selectors as sop_selectors
from monev.sop import services as sop_services
from monev.sop.choices import StepKey
from monev.sop.models import Cycle

GOVERNMENT = "Pemerintah Kabupaten Balangan"
BAPPEDA_SHORT_NAME = "BAPPEDA"


@dataclass(frozen=True)
class Program:
    unit: str  # unit code
    code: str
    name: str
    kegiatan: str
    sub_kegiatan: str
    pagu_2026: int
    #: (name, satuan, annual targets 2025–2029, quarter targets 2026, aggregation, pace)
    indicators: tuple[tuple[str, str, tuple[int, ...], tuple[int, ...] | None, str], ...]


@dataclass(frozen=True)
class DemoAgency:
    short_name: str
    name: str
    slug: str  # suffix of the usernames
    email: str
    address: str
    units: tuple[tuple[str, str, str], ...]  # code, name, kind
    officials: tuple[tuple[str, str, str, str, str, str], ...]  # key, name, NIP, gol, jab, unit
    tujuan: str
    sasaran: str
    iku: tuple[str, str, tuple[int, ...]]  # name, satuan, annual targets 2025–2029
    programs: tuple[Program, ...]
    pace: dict[str, Decimal]  # per unit: realisation against target
    steps: int  # steps of the Triwulan III 2026 cycle done
    opened: datetime


def _wita(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    from zoneinfo import ZoneInfo

    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo("Asia/Makassar"))


AGENCIES = (
    DemoAgency(
        short_name="DISHUB",
        name="Dinas Perhubungan",
        slug="dishub",
        email="dishub@balangankab.go.id",
        address="Jl. A. Yani Km 3,5 Paringin, Kabupaten Balangan, Kalimantan Selatan 71662",
        units=(
            ("SEK", "Sekretariat", "sekretariat"),
            ("SUBBAG-PROG", "Subbagian Program dan Pelaporan", "subbagian"),
            ("BID-LLAJ", "Bidang Lalu Lintas dan Angkutan Jalan", "bidang"),
            ("BID-SARPRAS", "Bidang Prasarana dan Keselamatan", "bidang"),
        ),
        officials=(
            ("kadis", "Ir. Rahmadi Saleh, M.T.", "197006121996031003", "IV/b", "Kepala Dinas", ""),
            (
                "sekretaris",
                "Siti Aisyah, S.E., M.M.",
                "197604182003122004",
                "IV/a",
                "Sekretaris",
                "SEK",
            ),
            (
                "kasubag",
                "Fahrul Razi, S.Kom.",
                "198609232011011002",
                "III/c",
                "Kepala Subbagian Program dan Pelaporan",
                "SUBBAG-PROG",
            ),
            (
                "kabid.llaj",
                "Akhmad Yani, S.T.",
                "197912052006041009",
                "III/d",
                "Kepala Bidang Lalu Lintas dan Angkutan Jalan",
                "BID-LLAJ",
            ),
            (
                "operator.llaj",
                "Dewi Lestari, A.Md.",
                "199402142020122006",
                "II/c",
                "Pengelola Data Lalu Lintas",
                "BID-LLAJ",
            ),
            (
                "kabid.sarpras",
                "Hendra Gunawan, S.T., M.T.",
                "198103302008011004",
                "III/d",
                "Kepala Bidang Prasarana dan Keselamatan",
                "BID-SARPRAS",
            ),
            (
                "operator.sarpras",
                "Muhammad Arifin",
                "199206262019031008",
                "II/d",
                "Pengelola Prasarana Perhubungan",
                "BID-SARPRAS",
            ),
        ),
        tujuan="Meningkatnya kualitas layanan transportasi yang aman dan tertib",
        sasaran="Meningkatnya keselamatan dan kelancaran lalu lintas",
        iku=("Indeks kepuasan layanan perhubungan", "indeks", (76, 77, 78, 79, 80)),
        programs=(
            Program(
                "BID-LLAJ",
                "2.15.02",
                "Program Penyelenggaraan Lalu Lintas dan Angkutan Jalan (LLAJ)",
                "Penyediaan Perlengkapan Jalan di Jalan Kabupaten",
                "Pengadaan Rambu-Rambu Lalu Lintas",
                1_250_000_000,
                (
                    (
                        "Jumlah rambu lalu lintas yang terpasang",
                        "unit",
                        (60, 80, 80, 90, 90),
                        (10, 25, 25, 20),
                        "cumulative",
                    ),
                    (
                        "Jumlah kendaraan yang diuji berkala",
                        "unit",
                        (1800, 2000, 2100, 2200, 2300),
                        (450, 500, 550, 500),
                        "cumulative",
                    ),
                ),
            ),
            Program(
                "BID-SARPRAS",
                "2.15.03",
                "Program Pengelolaan Pelayaran",
                "Pembangunan Prasarana Pelabuhan Sungai",
                "Pemeliharaan Dermaga Sungai Balangan",
                640_000_000,
                (
                    (
                        "Persentase dermaga sungai dalam kondisi baik",
                        "%",
                        (60, 65, 70, 75, 80),
                        None,
                        "last",
                    ),
                    (
                        "Jumlah pemeriksaan kelaikan perahu penumpang",
                        "kali",
                        (24, 24, 28, 28, 32),
                        (6, 6, 8, 8),
                        "cumulative",
                    ),
                ),
            ),
        ),
        pace={"BID-LLAJ": Decimal("0.97"), "BID-SARPRAS": Decimal("0.78")},
        steps=3,
        opened=_wita(2026, 10, 12, 8, 10),
    ),
    DemoAgency(
        short_name="DISPUSIP",
        name="Dinas Perpustakaan dan Kearsipan",
        slug="dispusip",
        email="dispusip@balangankab.go.id",
        address="Jl. Jend. Sudirman No. 12 Paringin, Kabupaten Balangan, Kalimantan Selatan 71662",
        units=(
            ("SEK", "Sekretariat", "sekretariat"),
            ("SUBBAG-PROG", "Subbagian Perencanaan dan Keuangan", "subbagian"),
            ("BID-PUS", "Bidang Perpustakaan", "bidang"),
            ("BID-ARSIP", "Bidang Kearsipan", "bidang"),
        ),
        officials=(
            (
                "kadis",
                "Dra. Hj. Noor Aida, M.Si.",
                "196905141994032005",
                "IV/b",
                "Kepala Dinas",
                "",
            ),
            (
                "sekretaris",
                "Rudi Hartono, S.Sos.",
                "197711092005011006",
                "IV/a",
                "Sekretaris",
                "SEK",
            ),
            (
                "kasubag",
                "Nurul Hidayah, S.E.",
                "198807312012122003",
                "III/c",
                "Kepala Subbagian Perencanaan dan Keuangan",
                "SUBBAG-PROG",
            ),
            (
                "kabid.pus",
                "Syahrani, S.Pd., M.Pd.",
                "198002172005011003",
                "III/d",
                "Kepala Bidang Perpustakaan",
                "BID-PUS",
            ),
            (
                "operator.pus",
                "Rina Marlina, S.IP.",
                "199510082022032009",
                "III/a",
                "Pustakawan Ahli Pertama",
                "BID-PUS",
            ),
            (
                "kabid.arsip",
                "Abdul Gani, S.H.",
                "197808252007011012",
                "III/d",
                "Kepala Bidang Kearsipan",
                "BID-ARSIP",
            ),
            (
                "operator.arsip",
                "Fitri Handayani, A.Md.",
                "199607172020122010",
                "II/c",
                "Arsiparis Terampil",
                "BID-ARSIP",
            ),
        ),
        tujuan="Meningkatnya budaya literasi dan tertib arsip daerah",
        sasaran="Meningkatnya minat baca masyarakat dan kualitas pengelolaan arsip",
        iku=("Indeks pembangunan literasi masyarakat", "indeks", (55, 57, 59, 61, 63)),
        programs=(
            Program(
                "BID-PUS",
                "2.23.02",
                "Program Pembinaan Perpustakaan",
                "Pengelolaan Perpustakaan Tingkat Daerah Kabupaten/Kota",
                "Pengembangan Layanan Perpustakaan Keliling",
                420_000_000,
                (
                    (
                        "Jumlah pengunjung perpustakaan daerah",
                        "orang",
                        (12000, 14000, 15000, 16000, 17000),
                        (3200, 3600, 4000, 3200),
                        "cumulative",
                    ),
                    (
                        "Jumlah desa yang dilayani perpustakaan keliling",
                        "desa",
                        (60, 70, 80, 90, 100),
                        (15, 20, 25, 10),
                        "cumulative",
                    ),
                ),
            ),
            Program(
                "BID-ARSIP",
                "2.24.02",
                "Program Pengelolaan Arsip",
                "Pengelolaan Arsip Dinamis Pemerintah Daerah Kabupaten/Kota",
                "Pembinaan Kearsipan Perangkat Daerah",
                310_000_000,
                (
                    (
                        "Persentase Perangkat Daerah yang tertib arsip",
                        "%",
                        (40, 50, 60, 70, 80),
                        None,
                        "last",
                    ),
                    (
                        "Jumlah arsip inaktif yang ditata",
                        "berkas",
                        (3000, 3500, 4000, 4500, 5000),
                        (800, 900, 1000, 800),
                        "cumulative",
                    ),
                ),
            ),
        ),
        pace={"BID-PUS": Decimal("1.08"), "BID-ARSIP": Decimal("0.88")},
        steps=4,
        opened=_wita(2026, 10, 14, 9, 0),
    ),
)

BAPPEDA = {
    "short_name": BAPPEDA_SHORT_NAME,
    "name": "Badan Perencanaan Pembangunan Daerah",
    "email": "bappeda@balangankab.go.id",
    "address": "Jl. A. Yani Km 4,5 Paringin, Kabupaten Balangan, Kalimantan Selatan 71662",
    "official": (
        "Ir. H. Syarifuddin Noor, M.Si.",
        "197105021997031006",
        "IV/c",
        "Kepala Bappeda Kabupaten Balangan",
    ),
}

#: Actual duration as a share of each step's standard (> 1 = late), per agency.
PACE = {"DISHUB": [0.8, 1.3, 0.9], "DISPUSIP": [1.1, 0.7, 0.9, 1.0]}

#: Work in progress a newcomer meets at once (issue #23), at Dinas Perpustakaan dan Kearsipan:
#: Triwulan IV 2026 opened early (the quarter has not ended) and at step 2 — the format isian
#: of Bidang Perpustakaan a draft to go on with, Bidang Kearsipan's submitted — while the
#: Triwulan III visit to Bidang Perpustakaan waits for the Kepala Bidang's tanggapan.
EARLY_QUARTER_OPENED = _wita(2026, 12, 1, 9, 0)
VISIT_PLACES = {
    "BID-PUS": "Ruang baca Perpustakaan Daerah, Paringin",
    "BID-ARSIP": "Depo Arsip Daerah, Kantor Dispusip Paringin",
}


def _agency(short_name: str, name: str, email: str, address: str) -> Agency:
    return Agency.objects.create(
        name=name,
        short_name=short_name,
        government=GOVERNMENT,
        address=address,
        city="Paringin",
        email=email,
        letterhead_lines=f"{address}\nPos-el: {email}",
        evaluator_title="Kepala Bappeda Kabupaten Balangan",
        evaluator_name=str(BAPPEDA["official"][0]),
    )


ROLE_OF = {
    "kadis": Role.KEPALA_DINAS,
    "sekretaris": Role.SEKRETARIS,
    "kasubag": Role.KASUBAG_PROGRAM,
    "kabid": Role.KEPALA_BIDANG,
    "operator": Role.OPERATOR_BIDANG,
}


def _organisation(spec: DemoAgency, password: str) -> tuple[Agency, dict[str, Unit]]:
    agency = _agency(spec.short_name, spec.name, spec.email, spec.address)
    units: dict[str, Unit] = {}
    for order, (code, name, kind) in enumerate(spec.units, start=1):
        units[code] = services.unit_create(
            actor=None,
            agency=agency,
            code=code,
            name=name,
            kind=kind,
            parent=units["SEK"] if kind == "subbagian" else None,
            order=order,
        )
    for key, name, nip, golongan, position, unit in spec.officials:
        official = services.official_create(
            actor=None,
            agency=agency,
            name=name,
            nip=nip,
            golongan=golongan,
            position=position if unit or key != "kadis" else f"Kepala {spec.name}",
            unit=units[unit] if unit else None,
        )
        prefix = key.split(".")[0]
        username = f"{key}.{spec.slug}" if "." not in key else f"{key}"
        account_services.user_create(
            actor=None,
            agency=agency,
            username=username,
            password=password,
            roles=[ROLE_OF[prefix]],
            official=official,
            email=f"{username.replace('.', '_')}@balangankab.go.id",
        )
    return agency, units


def _plan(agency: Agency, spec: DemoAgency, units: dict[str, Unit]) -> None:
    period = RenstraPeriod.objects.create(
        agency=agency, name="Renstra 2025–2029", start_year=2025, end_year=2029
    )
    tujuan = PlanNode.objects.create(period=period, level="tujuan", code="T1", name=spec.tujuan)
    sasaran = PlanNode.objects.create(
        period=period,
        level="sasaran",
        code="S1.1",
        parent=tujuan,
        name=spec.sasaran,
        responsible_unit=units["SEK"],
    )
    name, satuan, annual = spec.iku
    iku = Indicator.objects.create(
        period=period,
        node=sasaran,
        code="IK.S1.1.01",
        name=name,
        unit_of_measure=satuan,
        aggregation="last",
        decimals=2,
        is_iku=True,
        responsible_unit=units["SEK"],
        end_target=Decimal(annual[-1]),
    )
    targets = [
        Target(indicator=iku, year=year, value=Decimal(value))
        for year, value in zip(range(2025, 2030), annual, strict=True)
    ]
    for order, program in enumerate(spec.programs, start=1):
        unit = units[program.unit]
        prog = PlanNode.objects.create(
            period=period,
            level="program",
            code=program.code,
            parent=sasaran,
            responsible_unit=unit,
            name=program.name,
            order=order,
        )
        kegiatan = PlanNode.objects.create(
            period=period,
            level="kegiatan",
            code=f"{program.code}.2.01",
            parent=prog,
            responsible_unit=unit,
            name=program.kegiatan,
        )
        sub = PlanNode.objects.create(
            period=period,
            level="sub_kegiatan",
            code=f"{program.code}.2.01.0001",
            parent=kegiatan,
            responsible_unit=unit,
            name=program.sub_kegiatan,
        )
        for number, (label, unit_of_measure, yearly, quarters, aggregation) in enumerate(
            program.indicators, start=1
        ):
            indicator = Indicator.objects.create(
                period=period,
                node=prog if number == 1 else sub,
                code=f"IK.{(prog if number == 1 else sub).code}.{number:02d}",
                name=label,
                unit_of_measure=unit_of_measure,
                aggregation=aggregation,
                decimals=2 if unit_of_measure == "%" else 0,
                responsible_unit=unit,
                end_target=Decimal(yearly[-1]),
                order=number,
            )
            targets += [
                Target(indicator=indicator, year=year, value=Decimal(value))
                for year, value in zip(range(2025, 2030), yearly, strict=True)
            ]
            targets += [
                Target(indicator=indicator, year=2026, quarter=q, value=Decimal(value))
                for q, value in enumerate(quarters or (), start=1)
            ]
        pagu = Decimal(program.pagu_2026)
        Budget.objects.create(node=sub, year=2025, pagu=(pagu * Decimal("0.9")).quantize(1))
        Budget.objects.create(
            node=sub,
            year=2026,
            pagu=pagu,
            cash_q1=pagu * Decimal("0.15"),
            cash_q2=pagu * Decimal("0.3"),
            cash_q3=pagu * Decimal("0.3"),
            cash_q4=pagu * Decimal("0.25"),
        )
    Target.objects.bulk_create(targets)


def _history_2026(agency: Agency, spec: DemoAgency) -> None:
    """Triwulan I and II of 2026, reported before this instance served the agency: each
    indicator's values at the pace of its Bidang, and the budget spent."""
    realizations = []
    for target in Target.objects.filter(
        indicator__period__agency=agency, year=2026, quarter__isnull=True
    ).select_related("indicator", "indicator__responsible_unit"):
        indicator = target.indicator
        pace = spec.pace.get(indicator.responsible_unit.code, Decimal("0.95"))
        quarterly = {
            t.quarter: t.value
            for t in Target.objects.filter(indicator=indicator, year=2026, quarter__isnull=False)
        }
        step = Decimal(1).scaleb(-indicator.decimals)
        for quarter in (1, 2):
            base = quarterly.get(quarter) or (
                target.value / 4 if indicator.aggregation == "cumulative" else target.value
            )
            realizations.append(
                Realization(
                    indicator=indicator,
                    year=2026,
                    quarter=quarter,
                    value=(base * pace).quantize(step),
                )
            )
    Realization.objects.bulk_create(realizations)
    BudgetRealization.objects.bulk_create(
        BudgetRealization(
            node_id=budget.node_id,
            year=2026,
            quarter=quarter,
            amount=(
                budget.pagu * share * spec.pace.get(_unit_code(budget.node), Decimal(1))
            ).quantize(Decimal(1000)),
        )
        for budget in Budget.objects.filter(node__period__agency=agency, year=2026).select_related(
            "node__responsible_unit"
        )
        for quarter, share in ((1, Decimal("0.12")), (2, Decimal("0.24")))
    )


def _unit_code(node: PlanNode) -> str:
    return node.responsible_unit.code if node.responsible_unit else ""


def _cycle(agency: Agency, spec: DemoAgency) -> Cycle:
    """Triwulan III 2026 through the real services, up to step `spec.steps`."""
    from monev.demo import collection
    from monev.demo.sop import _advance, _attach_output, _explain_flags, _user_with

    sop_services.definitions_load_defaults(agency=agency)
    sop_services.calendar_update(
        actor=None,
        agency=agency,
        workdays=sop_selectors.DEFAULT_WORKDAYS,
        day_start=sop_selectors.DEFAULT_DAY_START,
        day_end=sop_selectors.DEFAULT_DAY_END,
        timezone="Asia/Makassar",
    )
    cycle = sop_services.cycle_open(
        actor=_user_with(agency, Role.SEKRETARIS),
        agency=agency,
        year=2026,
        quarter=3,
        disposition="Kasubag Program agar menyiapkan format isian monev Triwulan III 2026.",
        now=spec.opened,
    )
    for pace in PACE[spec.short_name][: spec.steps]:
        run = sop_selectors.current_run(Cycle.objects.get(pk=cycle.pk))
        assert run is not None
        done_at = _advance(agency, run, pace)
        holder = _user_with(agency, run.step.actor)
        if run.step.key == StepKey.PENGUMPULAN_DATA:
            old = collection.PACE.copy()
            collection.PACE.update(spec.pace)
            try:
                collection.fill(cycle, kasubag=holder, now=done_at)
            finally:
                collection.PACE.clear()
                collection.PACE.update(old)
        if run.step.key == StepKey.OLAH_DATA:
            _explain_flags(cycle, holder)
        if run.step.key == StepKey.RENCANA_MONEV:
            _plan_visits(cycle, holder, done_at)
        _attach_output(run, holder, cycle)
        sop_services.step_complete(actor=holder, run=run, now=done_at)
        if run.step.approver:
            sop_services.step_approve(
                actor=_user_with(agency, run.step.approver), run=run, now=done_at
            )
    assert Submission.objects.filter(cycle=cycle).exists()
    return cycle


def _plan_visits(cycle: Cycle, kasubag: User, now: datetime) -> None:
    """Step 4: one visit per Bidang on the working days after the plan, 09.00–11.30, led by
    the Kasubag with the Kepala of the other Bidang."""
    from datetime import timedelta

    from monev.domain.workcalendar import next_working_moment
    from monev.monitoring import services as monitoring

    calendar = sop_selectors.work_calendar(cycle.agency)
    checklist = monitoring.default_checklist(cycle.agency)
    moment = now + timedelta(days=1)
    bidang = list(Unit.objects.filter(agency=cycle.agency, kind="bidang").order_by("order"))
    for unit in bidang:
        other = next(u for u in bidang if u != unit)
        colleague = User.objects.get(official__unit=other, role_assignments__role="kepala_bidang")
        assert kasubag.official is not None and colleague.official is not None
        day = next_working_moment(calendar, moment).astimezone(calendar.zone).date()
        start = datetime(day.year, day.month, day.day, 9, 0, tzinfo=calendar.zone)
        monitoring.visit_plan(
            actor=kasubag,
            cycle=cycle,
            data=monitoring.PlanInput(
                unit=unit,
                starts_at=start,
                ends_at=start + timedelta(hours=2, minutes=30),
                place=VISIT_PLACES[unit.code],
                team=[kasubag.official, colleague.official],
                leader=kasubag.official,
                checklist=checklist,
            ),
        )
        moment = start + timedelta(days=1)


def _blangko_awaiting_tanggapan(cycle: Cycle, unit_code: str) -> None:
    """Step 5: the team fills the blangko of the visit to `unit_code` and its leader submits
    it, so it waits for the Kepala Bidang's tanggapan; the other visit is still to come."""
    from datetime import timedelta

    from monev.monitoring import selectors as monitoring_selectors
    from monev.monitoring import services as monitoring
    from monev.monitoring.models import Visit

    visit = Visit.objects.select_related("unit", "cycle__agency").get(
        cycle=cycle, unit__code=unit_code
    )
    leader = User.objects.get(
        official__teammember__visit=visit, official__teammember__is_leader=True
    )
    answers = {
        item.key: (
            "ya"
            if item.kind == "yes_no"
            else item.choices[0]
            if item.choices
            else "Sesuai dengan dokumen yang ditunjukkan Bidang."
        )
        for section in monitoring_selectors.sections_of(visit)
        for item in section.items
        if item.required
    }
    monitoring.answers_save(actor=leader, visit=visit, answers=answers)
    for line in visit.indicators.select_related("indicator").order_by("indicator__code"):
        monitoring.indicator_verify(
            actor=leader,
            line=line,
            verified_value=line.reported_value,
            verdict="cukup",
            reason="",
            proposed_value=None,
        )
    monitoring.finding_add(
        actor=leader,
        visit=visit,
        text="Buku tamu pengunjung perpustakaan keliling belum direkap per desa.",
        category="bukti",
        indicator=None,
    )
    monitoring.summary_save(
        actor=leader,
        visit=visit,
        summary="Capaian layanan perpustakaan didukung bukti; rekap buku tamu per desa perlu "
        "dilengkapi.",
    )
    monitoring.visit_submit(actor=leader, visit=visit, now=visit.ends_at + timedelta(minutes=30))


def _early_quarter(agency: Agency) -> Cycle:
    """Triwulan IV 2026 opened early (allowed by the Administrator) and carried to step 2."""
    from monev.demo import collection
    from monev.demo.sop import _advance, _attach_output, _user_with

    sop_services.calendar_update(actor=None, agency=agency, allow_early_cycle_open=True)
    cycle = sop_services.cycle_open(
        actor=_user_with(agency, Role.SEKRETARIS),
        agency=agency,
        year=2026,
        quarter=4,
        disposition="Triwulan IV dibuka lebih awal: Kasubag Program agar menyiapkan format "
        "isian supaya Bidang dapat mengisi sebelum libur akhir tahun.",
        now=EARLY_QUARTER_OPENED,
    )
    run = sop_selectors.current_run(Cycle.objects.get(pk=cycle.pk))
    assert run is not None and run.number == 1
    done_at = _advance(agency, run, 0.8)
    holder = _user_with(agency, run.step.actor)
    _attach_output(run, holder, cycle)
    sop_services.step_complete(actor=holder, run=run, now=done_at)
    if run.step.approver:
        sop_services.step_approve(actor=_user_with(agency, run.step.approver), run=run, now=done_at)
    from monev.collection import services as collection_services

    for submission in Submission.objects.filter(cycle=cycle).select_related("unit", "cycle"):
        user = collection._bidang_user(submission, holder)
        if user is None or submission.unit.code not in {"BID-PUS", "BID-ARSIP"}:
            continue
        if submission.unit.code == "BID-ARSIP":  # entered in full and submitted
            collection._enter(submission, user)
            collection_services.submission_submit(
                actor=user, submission=Submission.objects.get(pk=submission.pk), now=done_at
            )
            continue
        # Bidang Perpustakaan: a draft with the first value, the rest still to fill
        from monev.collection import selectors as collection_selectors

        lines, _budget = collection_selectors.form_rows(submission)
        first = lines[0]
        collection_services.submission_save(
            actor=user,
            submission=submission,
            version=submission.version,
            indicators={
                first.indicator.pk: collection_services.IndicatorInput(
                    collection._value(first, Decimal("1.02")),
                    note="Rekap buku tamu Oktober dan November; Desember menyusul.",
                )
            },
            budgets={},
            narratives={"drivers": "Layanan perpustakaan keliling menjangkau desa baru."},
        )
    return cycle


def _bappeda(password: str) -> None:
    name, nip, golongan, position = BAPPEDA["official"]
    agency = _agency(
        str(BAPPEDA["short_name"]),
        str(BAPPEDA["name"]),
        str(BAPPEDA["email"]),
        str(BAPPEDA["address"]),
    )
    official = services.official_create(
        actor=None, agency=agency, name=name, nip=nip, golongan=golongan, position=position
    )
    account_services.user_create(
        actor=None,  # the instance's own loader: only it (or a superuser) grants Bappeda
        agency=agency,
        username="bappeda",
        password=password,
        roles=[Role.BAPPEDA],
        official=official,
        email="bappeda@balangankab.go.id",
    )


def load(*, password: str) -> None:
    """Load the two smaller agencies and the Bappeda (after DKUKMTK)."""
    from monev.core.freshness import results_changed
    from monev.demo.collection import fill_history

    for spec in AGENCIES:
        agency, units = _organisation(spec, password)
        _plan(agency, spec, units)
        fill_history(agency)
        _history_2026(agency, spec)
        results_changed(agency.pk)  # the bulk rows above send no signals
        cycle = _cycle(agency, spec)
        if spec.short_name == "DISPUSIP":
            _blangko_awaiting_tanggapan(cycle, "BID-PUS")
            _early_quarter(agency)
    _bappeda(password)
