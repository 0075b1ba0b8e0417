"""The documents of steps 4 and 5 as plain snapshots: the "Jadwal" (the monev plan) and the
berita acara of a visit. Built from the database here; `monitoring.pdf` renders them without
touching the ORM."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from monev.core.formats import EMPTY
from monev.domain.periods import roman
from monev.monitoring import selectors
from monev.monitoring.models import TEXT_MAX_CHARS, Visit
from monev.organization.models import Agency
from monev.sop.models import Cycle


@dataclass(frozen=True)
class Kop:
    """The agency's letterhead (DOMAIN §8.1) as plain values, with the logo's bytes (empty
    when the agency stored none: the printed sheet then shows the emblem's outline)."""

    government: str
    agency: str
    lines: list[str]
    address: str
    city: str
    phone: str = ""
    email: str = ""
    logo: bytes = b""


@dataclass(frozen=True)
class Person:
    name: str
    nip: str
    position: str
    role: str = ""


@dataclass(frozen=True)
class PlanRow:
    unit: str
    day: date
    start: str
    end: str
    place: str
    team: list[Person]
    indicators: int
    flagged: int


@dataclass(frozen=True)
class Jadwal:
    kop: Kop
    title: str
    rows: list[PlanRow]
    printed: date
    signer: Person | None


@dataclass(frozen=True)
class CheckedIndicator:
    code: str
    name: str
    unit_of_measure: str
    reported: Decimal | None
    verified: Decimal | None
    verdict: str
    reason: str
    proposed: Decimal | None


@dataclass(frozen=True)
class BeritaAcara:
    kop: Kop
    title: str
    unit: str
    day: date
    time: str
    place: str
    team: list[Person]
    indicators: list[CheckedIndicator]
    checklist: list[tuple[str, str, str]]  # section, item, answer
    findings: list[tuple[str, str, str, str]]  # text, category, indicator, dispute reason
    # text, unit, due date, number of the finding it answers in the findings (0: none)
    recommendations: list[tuple[str, str, date, int]]
    summary: str
    leader: Person | None
    head: Person | None
    answer: str
    printed: date = field(default_factory=date.today)


def kop(agency: Agency) -> Kop:
    from monev.organization.selectors import logo_bytes

    logo = logo_bytes(agency)
    return Kop(
        agency.government,
        agency.name,
        agency.letterhead,
        agency.address,
        agency.city,
        agency.phone,
        agency.email,
        logo,
    )


def clip(text: str, limit: int = TEXT_MAX_CHARS) -> str:
    """Return `text` as a document prints it: whole up to the blangko's limit (what the forms
    accept); a longer text stored before the limit existed is cut there with a note, so a
    document's rendering stays bounded whatever the database holds."""
    if len(text) <= limit:
        return text
    length = f"{len(text):,}".replace(",", ".")
    return f"{text[:limit]} … [dipotong; teks lengkap {length} karakter ada di aplikasi]"


def _person(official: object, role: str = "") -> Person:
    return Person(
        getattr(official, "name", ""),
        getattr(official, "nip_display", ""),
        getattr(official, "position", ""),
        role,
    )


def _local(value: datetime) -> datetime:
    return timezone.localtime(value)


def jadwal(cycle: Cycle, today: date | None = None) -> Jadwal:
    from monev.organization.models import Official

    rows = []
    for visit in selectors.visits_of_cycle(cycle):
        start, end = _local(visit.starts_at), _local(visit.ends_at)
        lines = list(visit.indicators.all())
        rows.append(
            PlanRow(
                unit=visit.unit.name,
                day=start.date(),
                start=start.strftime("%H.%M"),
                end=end.strftime("%H.%M"),
                place=visit.place,
                team=[
                    _person(m.official, "Ketua" if m.is_leader else "Anggota")
                    for m in visit.team.all()
                ],
                indicators=len(lines),
                flagged=sum(1 for line in lines if line.flagged),
            )
        )
    signer = (
        Official.objects.filter(
            agency_id=cycle.agency_id, user__role_assignments__role="sekretaris"
        )
        .order_by("pk")
        .first()
    )
    approved = (
        cycle.runs.filter(step__key="rencana_monev", status="selesai")
        .order_by("-completed_at")
        .values_list("completed_at", flat=True)
        .first()
    )
    return Jadwal(
        kop=kop(cycle.agency),
        title=f"JADWAL MONITORING DAN EVALUASI KINERJA TRIWULAN {roman(cycle.quarter)} "
        f"TAHUN {cycle.year}",
        rows=rows,
        printed=today or (timezone.localdate(approved) if approved else timezone.localdate()),
        signer=_person(signer) if signer else None,
    )


def _answer_text(kind: str, answer: str) -> str:
    """An answer as the berita acara prints it: "Ya"/"Tidak" for a yes/no item, "–" for none."""
    if not answer:
        return EMPTY
    return {"ya": "Ya", "tidak": "Tidak"}.get(answer, answer) if kind == "yes_no" else answer


def berita_acara(visit: Visit, today: date | None = None) -> BeritaAcara:
    from monev.organization.models import Official

    visit = selectors.with_details(Visit.objects.filter(pk=visit.pk)).get()
    start, end = _local(visit.starts_at), _local(visit.ends_at)
    team = list(visit.team.all())
    leader = next((m.official for m in team if m.is_leader), None)
    head = (
        Official.objects.filter(unit_id=visit.unit_id, user__role_assignments__role="kepala_bidang")
        .order_by("pk")
        .first()
    )
    answer = {
        "diakui": "Kepala Bidang menyetujui hasil monev.",
        "dibantah": "Kepala Bidang tidak menyetujui sebagian temuan (lihat alasan).",
    }.get(visit.status, "Belum ditanggapi Kepala Bidang.")
    # the number each finding has in section D, which section E refers to
    number = {f.pk: n for n, f in enumerate(visit.findings.all(), start=1)}
    return BeritaAcara(
        kop=kop(visit.cycle.agency),
        title=f"BERITA ACARA MONITORING DAN EVALUASI KINERJA TRIWULAN "
        f"{roman(visit.cycle.quarter)} TAHUN {visit.cycle.year}",
        unit=visit.unit.name,
        day=start.date(),
        time=f"{start:%H.%M}–{end:%H.%M}",
        place=visit.place,
        team=[_person(m.official, "Ketua" if m.is_leader else "Anggota") for m in team],
        indicators=[
            CheckedIndicator(
                line.indicator.code,
                line.indicator.name,
                line.indicator.unit_of_measure,
                line.reported_value,
                line.verified_value,
                line.get_verdict_display() if line.verdict else "",
                clip(line.verdict_reason),
                line.proposed_value,
            )
            for line in visit.indicators.all()
        ],
        checklist=[
            (line.section, line.item.label, clip(_answer_text(line.item.kind, line.answer)))
            for line in selectors.checklist_lines(visit)
        ],
        findings=[
            (
                clip(f.text),
                f.get_category_display(),
                f.indicator.name if f.indicator else "",
                clip(f.dispute_reason) if f.disputed else "",
            )
            for f in visit.findings.all()
        ],
        recommendations=[
            (clip(r.text), r.unit.name, r.due_date, number.get(r.finding_id or 0, 0))
            for r in visit.recommendations.all()
        ],
        summary=clip(visit.summary),
        leader=_person(leader, "Ketua Tim Monev") if leader else None,
        head=_person(head, "Kepala Bidang") if head else None,
        answer=answer + (f" {clip(visit.answer_note)}" if visit.answer_note else ""),
        printed=today or timezone.localdate(),
    )
