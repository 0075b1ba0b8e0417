"""Demo monev visits (SOP steps 4–6) and recommendations across quarters, entered through the
real services with explicit `now`s (called by the demo cycles before steps 4, 5 and 6).

Triwulan I: four visits, findings, a disagreement by the Kepala Bidang UKM, one correction
accepted (Bidang Koperasi) and one rejected (Bidang Tenaga Kerja). Triwulan II and III: the
Bidang report follow-ups of earlier recommendations, the next visit's team verifies them —
some `sesuai`, some still `dalam_proses`, one `tidak_dapat_ditindaklanjuti`, the rest carried.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from monev.accounts.models import User
from monev.collection.models import Submission
from monev.domain.workcalendar import next_working_moment
from monev.monitoring import followups, selectors, services
from monev.monitoring.models import Visit
from monev.sop import selectors as sop_selectors
from monev.sop.models import Cycle

PLACES = {
    "BID-KOP": "Ruang rapat Bidang Koperasi, Kantor DKUKMTK Paringin",
    "BID-UKM": "Rumah Produksi UKM Juai, Kecamatan Juai",
    "BID-NAKER": "Ruang layanan Bidang Tenaga Kerja, Kantor DKUKMTK",
    "UPTD-BLK": "Workshop UPTD Balai Latihan Kerja, Batumandi",
}
FINDINGS = {
    "BID-KOP": [
        (
            "data",
            "Jumlah koperasi yang diperiksa pada format isian melebihi daftar hadir "
            "pemeriksaan yang dapat ditunjukkan.",
        ),
        ("administrasi", "Berita acara pemeriksaan dua koperasi belum ditandatangani pengurus."),
    ],
    "BID-UKM": [
        ("pelaksanaan", "Pelatihan kewirausahaan triwulan ini bergeser ke triwulan berikutnya."),
        ("bukti", "Foto kegiatan pendampingan belum dilengkapi daftar hadir peserta."),
    ],
    "BID-NAKER": [
        ("data", "Jumlah pencari kerja yang ditempatkan belum dipisahkan per perusahaan."),
    ],
    "UPTD-BLK": [
        ("anggaran", "Realisasi belanja bahan praktik belum sesuai jadwal anggaran kas."),
    ],
}
#: One recommendation per visit, answering the finding at the given position of `FINDINGS`
#: (the other findings of Bidang Koperasi and Bidang UKM are recorded without one).
RECOMMENDATIONS = {
    "BID-KOP": (
        1,
        "Lengkapi berita acara dan daftar hadir pemeriksaan koperasi sebelum melaporkan realisasi.",
    ),
    "BID-UKM": (0, "Susun ulang jadwal pelatihan kewirausahaan sesuai pencairan anggaran."),
    "BID-NAKER": (
        0,
        "Pisahkan data penempatan tenaga kerja per perusahaan dan simpan bukti penempatannya.",
    ),
    "UPTD-BLK": (0, "Sesuaikan jadwal belanja bahan praktik dengan anggaran kas."),
}
#: Verification verdicts of earlier recommendations, by the quarter that verifies them.
VERDICTS = {
    2: {"BID-KOP": "sesuai", "BID-UKM": "dalam_proses", "BID-NAKER": "tidak_dapat_ditindaklanjuti"},
    3: {"BID-UKM": "sesuai", "UPTD-BLK": "dalam_proses"},
}
#: Bidang whose follow-up of the previous quarter's recommendation is reported but not yet
#: verified, by quarter (step 6 lists it as awaiting verification).
AWAITING = {3: {"UPTD-BLK"}}


def _user(**filters: Any) -> User:
    user = User.objects.filter(**filters).order_by("pk").first()
    assert user is not None, filters
    return user


def _units(cycle: Cycle) -> list[Any]:
    return [
        s.unit
        for s in Submission.objects.filter(cycle=cycle).select_related("unit")
        if s.unit.code in PLACES
    ]


def plan(cycle: Cycle, *, kasubag: User, now: datetime) -> None:
    """Step 4: one visit per Bidang on the working days after the plan, 09.00–11.30 WITA."""
    calendar = sop_selectors.work_calendar(cycle.agency)
    staf = _user(username="staf.program")
    checklist = services.default_checklist(cycle.agency)
    moment = now + timedelta(days=1)
    for unit in _units(cycle):
        day = next_working_moment(calendar, moment).astimezone(calendar.zone).date()
        start = datetime(day.year, day.month, day.day, 9, 0, tzinfo=calendar.zone)
        leader = kasubag if unit.code in {"BID-KOP", "BID-UKM"} else staf
        other = staf if leader == kasubag else kasubag
        assert leader.official is not None and other.official is not None
        services.visit_plan(
            actor=kasubag,
            cycle=cycle,
            data=services.PlanInput(
                unit=unit,
                starts_at=start,
                ends_at=start + timedelta(hours=2, minutes=30),
                place=PLACES[unit.code],
                team=[leader.official, other.official],
                leader=leader.official,
                checklist=checklist,
            ),
        )
        moment = start + timedelta(days=1)


def carry_out(cycle: Cycle, *, now: datetime) -> None:
    """Step 5: the Bidang report follow-ups of earlier recommendations; each team verifies
    them, fills the blangko and its leader submits it."""
    for visit in Visit.objects.filter(cycle=cycle).select_related("unit", "cycle__agency"):
        leader = _user(official__teammember__visit=visit, official__teammember__is_leader=True)
        at = visit.ends_at
        _follow_up_earlier(visit, leader, at)
        answers = {
            item.key: (
                "ya"
                if item.kind == "yes_no"
                else item.choices[0]
                if item.choices
                else "Sesuai dengan dokumen yang ditunjukkan Bidang."
            )
            for section in selectors.sections_of(visit)
            for item in section.items
            if item.required
        }
        answers["1.4"] = "12"
        services.answers_save(actor=leader, visit=visit, answers=answers)
        lines = list(visit.indicators.select_related("indicator").order_by("indicator__code"))
        for n, line in enumerate(lines):
            corrected = (
                n == 0
                and visit.unit.code in {"BID-KOP", "BID-NAKER"}
                and line.reported_value is not None
                and line.reported_value > 1
            )
            value = (line.reported_value - 1) if corrected and line.reported_value else None
            services.indicator_verify(
                actor=leader,
                line=line,
                verified_value=value if corrected else line.reported_value,
                verdict="kurang" if corrected else "cukup",
                reason="Bukti dukung hanya mendukung nilai yang lebih kecil." if corrected else "",
                proposed_value=value,
            )
        findings = [
            services.finding_add(
                actor=leader,
                visit=visit,
                text=text,
                category=category,
                indicator=lines[0].indicator if category == "data" and lines else None,
            )
            for category, text in FINDINGS[visit.unit.code]
        ]
        position, text = RECOMMENDATIONS[visit.unit.code]
        services.recommendation_add(
            actor=leader,
            visit=visit,
            text=text,
            unit=visit.unit,
            due_date=_due(cycle),
            finding=findings[position],
            now=at,
        )
        services.summary_save(
            actor=leader,
            visit=visit,
            summary="Data kinerja Bidang pada umumnya didukung bukti; temuan dicatat untuk "
            "ditindaklanjuti.",
        )
        services.visit_submit(actor=leader, visit=visit, now=at + timedelta(minutes=30))


def _due(cycle: Cycle) -> date:
    month = cycle.quarter * 3 + 2
    year = cycle.year + (1 if month > 12 else 0)
    return date(year, (month - 1) % 12 + 1, 28)


def _follow_up_earlier(visit: Visit, leader: User, at: datetime) -> None:
    bidang = _user(official__unit=visit.unit, role_assignments__role="kepala_bidang")
    verdicts = VERDICTS.get(visit.cycle.quarter, {})
    for recommendation in selectors.open_for_unit(visit.unit_id, visit.cycle):
        follow_up = followups.follow_up_report(
            actor=bidang,
            recommendation=recommendation,
            cycle=visit.cycle,
            text="Sudah ditindaklanjuti sebagian; dokumen pendukung dilampirkan pada format isian.",
            now=at - timedelta(days=5),
        )
        if visit.unit.code in AWAITING.get(visit.cycle.quarter, set()) and (
            recommendation.cycle.quarter == visit.cycle.quarter - 1
        ):
            continue  # reported days before the visit; the team has not verified it yet
        verdict = verdicts.get(visit.unit.code, "belum_ditindaklanjuti")
        followups.follow_up_verify(
            actor=leader,
            follow_up=follow_up,
            status=verdict,
            note="Kewenangan ada pada OPD lain (perizinan), tidak dapat dilaksanakan Bidang."
            if verdict == "tidak_dapat_ditindaklanjuti"
            else "Diperiksa pada kunjungan monev.",
            now=at,
        )


def compile_results(cycle: Cycle, *, kasubag: User, now: datetime) -> None:
    """Step 6: each Kepala Bidang answers (Bidang UKM disputes a finding); the Kasubag Program
    accepts Bidang Koperasi's correction and rejects Bidang Tenaga Kerja's."""
    for visit in Visit.objects.filter(cycle=cycle).select_related("unit"):
        head = _user(official__unit=visit.unit, role_assignments__role="kepala_bidang")
        disputes = {}
        if visit.unit.code == "BID-UKM":
            finding = visit.findings.order_by("pk").first()
            if finding is not None:
                disputes[finding.pk] = (
                    "Pergeseran jadwal sudah disetujui Kepala Dinas melalui nota dinas; "
                    "bukan kelalaian Bidang."
                )
        services.visit_answer(
            actor=head, visit=visit, disputes=disputes, now=now - timedelta(hours=2)
        )
    for line in selectors.proposed_corrections(cycle).select_related("visit__unit", "visit__cycle"):
        if line.correction_status != "diusulkan":
            continue
        accept = line.visit.unit.code == "BID-KOP"
        services.correction_decide(
            actor=kasubag,
            line=line,
            accept=accept,
            reason="Sesuai bukti dukung yang diperiksa tim."
            if accept
            else "Bidang menunjukkan bukti tambahan setelah kunjungan; nilai laporan tetap.",
            now=now - timedelta(hours=1),
        )
