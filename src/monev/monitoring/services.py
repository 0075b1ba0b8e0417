"""Writes of monev visits (SOP steps 4–6): checklist templates, the plan, the blangko, the
Bidang's answer and the step 6 decisions on proposed corrections. Every write is audited;
every status change goes through `_transition` and the tables of `monev.domain.monitoring_flow`.
Recommendations and their follow-ups are in `monev.monitoring.followups`."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monev.accounts.choices import Role
from monev.core import audit, formats
from monev.domain import checklist
from monev.domain.monitoring_flow import (
    CORRECTION,
    VISIT,
    CorrectionAction,
    CorrectionState,
    VisitAction,
    VisitState,
    may_edit,
)
from monev.domain.transitions import StateMachine, TransitionRefused
from monev.monitoring import selectors
from monev.monitoring.choices import CorrectionStatus, VisitStatus
from monev.monitoring.models import (
    TEXT_MAX_CHARS,
    ChecklistTemplate,
    ChecklistVersion,
    Finding,
    Recommendation,
    TeamMember,
    Visit,
    VisitIndicator,
    VisitPhoto,
)
from monev.organization.models import Agency, Official, Unit
from monev.planning.models import Indicator
from monev.sop.choices import StepKey
from monev.sop.models import Cycle

M = TypeVar("M", bound=models.Model)


def _transition(
    machine: StateMachine[Any, Any],
    obj: M,
    action: str,
    parties: frozenset[str],
    *,
    actor: Any,
    field: str = "status",
    extra: Mapping[str, Any] | None = None,
    note: str = "",
) -> M:
    """Apply `action` to `obj` by the table `machine`, under a row lock, and audit it.

    Raises PermissionDenied when none of the parties may take the action, ValidationError when
    the object's state does not allow it. `extra` fields are set and audited with the status.
    """
    locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    before = audit.snapshot(locked, [field, *(extra or {})])
    require_party(machine, action, parties)
    try:
        to = machine.next_state(getattr(locked, field), action, parties)
    except TransitionRefused as refused:
        if refused.reason == "party":
            raise PermissionDenied from refused
        choices = getattr(type(locked)._meta.get_field(field), "choices", None) or []
        label = dict(choices).get(refused.state)
        raise ValidationError(
            _("Tindakan ini tidak dapat dilakukan pada status «%(s)s».")
            % {"s": label or refused.state},
            code="transition",
        ) from refused
    setattr(locked, field, str(to))
    for name, value in (extra or {}).items():
        setattr(locked, name, value)
    locked.save()
    audit.record_update(actor, locked, before, note=note or f"{machine.name}: {action}")
    return locked


def _locked(obj: M) -> M:
    """Return `obj` read again under a row lock: a service decides on the stored state, never
    on a copy the caller read earlier (which may be stale)."""
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def require_party(machine: StateMachine[Any, Any], action: str, parties: frozenset[str]) -> None:
    """Raise PermissionDenied unless some rule of `action` (from any state) names one of the
    parties: a missing role is a 403 before any question of state or input."""
    if not any(a == action and r.parties & parties for (_s, a), r in machine.table.items()):
        raise PermissionDenied


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


# --- Checklist templates -----------------------------------------------------------------------


def _check_template_editor(actor: Any) -> None:
    if not actor.has_role(Role.KASUBAG_PROGRAM, Role.ADMINISTRATOR):
        raise PermissionDenied


@transaction.atomic
def checklist_save(
    *, actor: Any, agency: Agency, name: str, text: str, template: ChecklistTemplate | None = None
) -> ChecklistVersion:
    """Create a template or save a new version of it (versions never change: a visit keeps
    the one it started with). Nothing is written when the text did not change."""
    if actor is not None:
        _check_template_editor(actor)
    try:
        sections = checklist.parse(text)
    except checklist.ChecklistError as error:
        raise ValidationError({"text": str(error)}) from error
    if not name.strip():
        raise ValidationError({"name": _("Tuliskan nama templat.")})
    if template is None:
        template = ChecklistTemplate.objects.create(agency=agency, name=name.strip())
        audit.record_create(actor, template)
    elif template.name != name.strip():
        before = audit.snapshot(template, ["name"])
        template.name = name.strip()
        template.save(update_fields=["name"])
        audit.record_update(actor, template, before)
    current = template.current
    data = checklist.to_data(sections)
    if current is not None and current.sections == data:
        return current
    version = ChecklistVersion.objects.create(
        template=template,
        number=(current.number + 1) if current else 1,
        sections=data,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record_create(actor, version)
    return version


def default_checklist(agency: Agency) -> ChecklistVersion:
    """Return the current version of the agency's default blangko (seeded when missing)."""
    template = (
        ChecklistTemplate.objects.filter(agency=agency, is_active=True).order_by("pk").first()
    )
    if template is not None and template.current is not None:
        return template.current
    return checklist_save(
        actor=None, agency=agency, name=_("Blangko monev standar"), text=checklist.DEFAULT_TEXT
    )


# --- Step 4: the plan ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanInput:
    unit: Unit
    starts_at: datetime
    ends_at: datetime
    place: str
    team: list[Official]
    leader: Official
    checklist: ChecklistVersion
    indicators: list[Indicator] | None = None  # None = every indicator of the Bidang


def plan_warnings(visit: Visit) -> list[str]:
    """Return the warnings (not refusals) of a planned visit: a team member booked elsewhere
    at the same time, and a visit on a day off of the agency calendar."""
    return warnings_for([visit]).get(visit.pk, [])


def warnings_for(visits: list[Visit]) -> dict[int, list[str]]:
    """Return the warnings of several visits of one agency at once (a fixed number of
    queries): `plan_warnings` per visit pk."""
    from monev.sop.selectors import work_calendar

    if not visits:
        return {}
    agency = visits[0].cycle.agency
    years = range(min(v.starts_at.year for v in visits), max(v.starts_at.year for v in visits) + 1)
    calendar = work_calendar(agency, years)
    members = list(
        TeamMember.objects.filter(
            visit__cycle__agency_id=agency.pk,
            visit__starts_at__lt=max(v.ends_at for v in visits),
            visit__ends_at__gt=min(v.starts_at for v in visits),
        ).select_related("official", "visit__unit")
    )
    warnings: dict[int, list[str]] = {}
    for visit in visits:
        found = warnings.setdefault(visit.pk, [])
        day = timezone.localtime(visit.starts_at, calendar.zone).date()
        if not calendar.is_working_day(day):
            found.append(
                _("Kunjungan ke %(unit)s jatuh pada hari libur (%(day)s).")
                % {"unit": visit.unit, "day": formats.day(day)}
            )
        team = {m.official_id for m in members if m.visit_id == visit.pk}
        for other in members:
            if (
                other.visit_id != visit.pk
                and other.official_id in team
                and other.visit.starts_at < visit.ends_at
                and other.visit.ends_at > visit.starts_at
            ):
                found.append(
                    _("%(name)s juga dijadwalkan pada kunjungan ke %(unit)s pada waktu yang sama.")
                    % {"name": other.official, "unit": other.visit.unit}
                )
    return warnings


def _check_plan(actor: Any, cycle: Cycle, data: PlanInput) -> None:
    from monev.sop.selectors import cycle_reached, work_calendar

    if not actor.has_role(Role.KASUBAG_PROGRAM) or actor.agency_id != cycle.agency_id:
        raise PermissionDenied
    if not cycle_reached(cycle, StepKey.RENCANA_MONEV):
        raise ValidationError(_("Rencana monev dibuat setelah siklus sampai pada langkah ini."))
    errors: dict[str, str] = {}
    calendar = work_calendar(cycle.agency, range(data.starts_at.year, data.starts_at.year + 1))
    start = timezone.localtime(data.starts_at, calendar.zone)
    end = timezone.localtime(data.ends_at, calendar.zone)
    if end <= start or start.date() != end.date():
        errors["ends_at"] = _("Waktu selesai harus setelah waktu mulai, pada hari yang sama.")
    elif start.time() < calendar.day_start or end.time() > calendar.day_end:
        errors["starts_at"] = _("Kunjungan harus dalam jam kerja (%(a)s–%(b)s).") % {
            "a": calendar.day_start.strftime("%H.%M"),
            "b": calendar.day_end.strftime("%H.%M"),
        }
    if not data.place.strip():
        errors["place"] = _("Tuliskan tempat kunjungan.")
    if data.leader not in data.team:
        errors["leader"] = _("Ketua tim harus salah satu anggota tim.")
    agency_ids = {o.agency_id for o in data.team} | {data.unit.agency_id}
    if agency_ids != {cycle.agency_id} or data.checklist.template.agency_id != cycle.agency_id:
        raise PermissionDenied
    if errors:
        raise ValidationError(errors)


def _reported_values(cycle: Cycle, indicator_ids: list[int]) -> dict[int, Decimal | None]:
    from monev.collection.models import Realization

    rows = Realization.objects.filter(
        indicator_id__in=indicator_ids, year=cycle.year, quarter=cycle.quarter
    ).values_list("indicator_id", "value")
    return dict(rows)


def _flag_labels(cycle: Cycle) -> dict[int, str]:
    """Return, per indicator, the labels of step 3's data-quality flags of the quarter."""
    from monev.evaluation.flags import LABELS
    from monev.evaluation.services import open_flags

    labels: dict[int, list[str]] = {}
    for result, flag, _resolution in open_flags(cycle):
        labels.setdefault(result.indicator.pk, []).append(str(LABELS.get(flag.code, flag.code)))
    return {pk: "; ".join(names)[:200] for pk, names in labels.items()}


@transaction.atomic
def visit_plan(
    *, actor: Any, cycle: Cycle, data: PlanInput, visit: Visit | None = None
) -> tuple[Visit, list[str]]:
    """Plan (or re-plan, while still planned) the visit to one Bidang; return it with its
    warnings. Indicators default to every indicator of the Bidang in the cycle's plan, each
    with the reported value of the quarter and step 3's flags marked."""
    from monev.collection.selectors import period_of

    _check_plan(actor, cycle, data)
    if visit is not None:
        if not may_edit("plan", visit.status, selectors.parties(actor, visit)):
            raise ValidationError(_("Kunjungan yang sudah disetujui tidak dapat diubah."))
        before = audit.snapshot(visit, ["unit_id", "starts_at", "ends_at", "place", "checklist_id"])
    else:
        if Visit.objects.filter(cycle=cycle, unit=data.unit).exists():
            raise ValidationError(
                {"unit": _("Bidang ini sudah punya kunjungan pada triwulan ini.")}
            )
        visit = Visit(cycle=cycle)
        before = None
    visit.unit = data.unit
    visit.starts_at, visit.ends_at = data.starts_at, data.ends_at
    visit.place = data.place.strip()
    visit.checklist = data.checklist
    visit.save()
    visit.team.all().delete()
    TeamMember.objects.bulk_create(
        [TeamMember(visit=visit, official=o, is_leader=o == data.leader) for o in data.team]
    )
    indicators = data.indicators
    if indicators is None:
        period = period_of(cycle)
        indicators = list(
            Indicator.objects.filter(period=period, responsible_unit=data.unit).order_by("code")
        )
    ids = [i.pk for i in indicators]
    visit.indicators.exclude(indicator_id__in=ids).delete()
    kept = set(visit.indicators.values_list("indicator_id", flat=True))
    values = _reported_values(cycle, ids)
    flags = _flag_labels(cycle)
    VisitIndicator.objects.bulk_create(
        [
            VisitIndicator(
                visit=visit,
                indicator_id=pk,
                reported_value=values.get(pk),
                verified_value=values.get(pk),
                flagged=flags.get(pk, ""),
            )
            for pk in ids
            if pk not in kept
        ]
    )
    team = ", ".join(f"{o}{' (ketua)' if o == data.leader else ''}" for o in data.team)
    if before is None:
        audit.record_create(actor, visit, note=_("Tim: %(t)s") % {"t": team})
    else:
        audit.record_update(actor, visit, before, note=_("Tim: %(t)s") % {"t": team})
    return visit, plan_warnings(visit)


@transaction.atomic
def visit_delete(*, actor: Any, visit: Visit) -> None:
    if not may_edit("plan", visit.status, selectors.parties(actor, visit)):
        raise PermissionDenied
    before = audit.snapshot(visit)
    audit.record_delete(actor, visit, before)
    visit.delete()


def plan_ready(cycle: Cycle) -> bool:
    """Step 4's output: at least one visit, each with a team leader."""
    visits = Visit.objects.filter(cycle=cycle)
    return visits.exists() and not visits.exclude(team__is_leader=True).exists()


@transaction.atomic
def plan_approved(*, cycle: Cycle, actor: Any = None, now: datetime | None = None) -> list[Visit]:
    """The Sekretaris approved step 4 (the plan): every planned visit becomes `disetujui`; the
    team and each Bidang are notified in the app and by e-mail with an `.ics` invitation."""
    from monev.monitoring.notify import notify_plan

    approved = [
        _transition(
            VISIT,
            visit,
            VisitAction.APPROVE,
            frozenset({"sekretaris"}),
            actor=actor,
            note=_("Disetujui bersama rencana monev (langkah 4)."),
        )
        for visit in Visit.objects.filter(cycle=cycle, status=VisitStatus.DIRENCANAKAN)
    ]
    notify_plan(approved, at=_now(now))
    return approved


# --- Step 5: the blangko -------------------------------------------------------------------------


def check_filler(actor: Any, visit: Visit) -> None:
    """Raise PermissionDenied unless the actor is on the team, ValidationError when the blangko
    may no longer change (submitted, or the plan not yet approved)."""
    found = selectors.parties(actor, visit)
    if not found & {"team_member", "team_leader"}:
        raise PermissionDenied
    if not may_edit("blangko", visit.status, found):
        raise ValidationError(
            _("Blangko berstatus «%(s)s» tidak dapat diubah.") % {"s": visit.get_status_display()}
        )


def stamp_fields(visit: Visit, keys: list[str], at: datetime | None = None) -> None:
    """Record that the blangko fields `keys` were written at `at` (now by default), under a row
    lock of the visit, so a later sync from an offline phone knows which value is newer."""
    if not keys:
        return
    locked = Visit.objects.select_for_update().only("pk", "field_stamps").get(pk=visit.pk)
    stamps = dict(locked.field_stamps or {})
    moment = _now(at).astimezone(UTC).isoformat()
    stamps.update(dict.fromkeys(keys, moment))
    Visit.objects.filter(pk=visit.pk).update(field_stamps=stamps)
    visit.field_stamps = stamps


def line_key(line: VisitIndicator, field: str) -> str:
    return f"line:{line.pk}:{field}"


@transaction.atomic
def indicator_verify(
    *,
    actor: Any,
    line: VisitIndicator,
    verified_value: Decimal | None,
    verdict: str,
    reason: str,
    proposed_value: Decimal | None,
    at: datetime | None = None,
) -> VisitIndicator:
    """Save one indicator's verification on the blangko (a draft, saved field by field);
    the changed fields are stamped with `at` (now by default, see `stamp_fields`)."""
    check_filler(actor, line.visit)
    if verdict and verdict not in {"cukup", "kurang", "tidak_ada"}:
        raise ValidationError({"verdict": _("Pilih penilaian bukti dukung.")})
    if verdict in {"kurang", "tidak_ada"} and not reason.strip():
        raise ValidationError({"verdict_reason": _("Tuliskan alasan penilaian bukti dukung.")})
    for value in (verified_value, proposed_value):
        if value is not None and value < 0:
            raise ValidationError(_("Nilai tidak boleh negatif."))
    fields = ["verified_value", "verdict", "verdict_reason", "proposed_value"]
    before = audit.snapshot(line, fields)
    line.verified_value, line.verdict = verified_value, verdict
    line.verdict_reason, line.proposed_value = reason.strip(), proposed_value
    line.save(update_fields=fields)
    audit.record_update(actor, line, before)
    after = audit.snapshot(line, fields)
    stamp_fields(line.visit, [line_key(line, f) for f in fields if before[f] != after[f]], at)
    return line


@transaction.atomic
def answers_save(
    *, actor: Any, visit: Visit, answers: Mapping[str, str], at: datetime | None = None
) -> Visit:
    """Save checklist answers (only the given items; others are kept), stamped with `at`."""
    check_filler(actor, visit)
    items = {i.key: i for s in selectors.sections_of(visit) for i in s.items}
    merged = dict(visit.answers)
    errors = {}
    for key, raw in answers.items():
        if key not in items:
            continue
        try:
            merged[key] = checklist.clean_answer(items[key], raw)
        except ValueError as error:
            errors[key] = f"{items[key].label}: {error}"
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(visit, ["answers"])
    changed = [f"answer:{k}" for k, v in merged.items() if visit.answers.get(k) != v]
    visit.answers = merged
    visit.save(update_fields=["answers"])
    audit.record_update(actor, visit, before)
    stamp_fields(visit, changed, at)
    return visit


@transaction.atomic
def summary_save(*, actor: Any, visit: Visit, summary: str, at: datetime | None = None) -> Visit:
    check_filler(actor, visit)
    check_length("summary", summary.strip(), _("Kesimpulan tim"))
    before = audit.snapshot(visit, ["summary"])
    changed = visit.summary != summary.strip()
    visit.summary = summary.strip()
    visit.save(update_fields=["summary"])
    audit.record_update(actor, visit, before)
    stamp_fields(visit, ["summary"] if changed else [], at)
    return visit


def check_length(field: str, text: str, what: str) -> None:
    """Raise ValidationError (Indonesian, on `field`) when `text` is longer than a blangko
    text may be (`TEXT_MAX_CHARS`): the documents print every character of it."""
    if len(text) > TEXT_MAX_CHARS:
        raise ValidationError(
            {
                field: _(
                    "%(what)s terlalu panjang: %(n)s karakter, paling banyak %(max)s. "
                    "Ringkas uraiannya; dokumen pendukung dilampirkan sebagai foto atau bukti."
                )
                % {"what": what, "n": f"{len(text):,}".replace(",", "."),
                   "max": f"{TEXT_MAX_CHARS:,}".replace(",", ".")}
            }
        )  # fmt: skip


def _existing(model: type[M], actor: Any, visit: Visit, client_id: Any) -> M | None:
    """The row a phone already sent with `client_id` (a retried sync), for a team member."""
    if client_id is None:
        return None
    if not selectors.parties(actor, visit) & {"team_member", "team_leader"}:
        raise PermissionDenied
    return model._default_manager.filter(visit=visit, client_id=client_id).first()


@transaction.atomic
def finding_add(
    *,
    actor: Any,
    visit: Visit,
    text: str,
    category: str,
    indicator: Indicator | None,
    client_id: Any = None,
) -> Finding:
    """Add a finding; with the `client_id` the phone made, a second call (a retried sync, a
    double tap) returns the finding already stored — even once the blangko is submitted."""
    existing = _existing(Finding, actor, visit, client_id)
    if existing is not None:
        return existing
    check_filler(actor, visit)
    if not text.strip():
        raise ValidationError({"text": _("Tuliskan temuan.")})
    check_length("text", text.strip(), _("Temuan"))
    if indicator is not None and not visit.indicators.filter(indicator=indicator).exists():
        raise ValidationError({"indicator": _("Indikator tidak termasuk kunjungan ini.")})
    # Every finding has an id the blangko names it by (a recommendation answers one), made
    # here when the page did not give one (a form sent without JavaScript).
    finding = Finding(
        visit=visit,
        text=text.strip(),
        category=category,
        indicator=indicator,
        client_id=client_id or uuid.uuid4(),
    )
    finding.full_clean(exclude=["visit", "indicator", "client_id"])
    finding.save()
    audit.record_create(actor, finding)
    return finding


@transaction.atomic
def finding_delete(*, actor: Any, finding: Finding) -> None:
    check_filler(actor, finding.visit)
    if finding.recommendations.exists():
        raise ValidationError(
            _("Temuan ini punya rekomendasi; hapus rekomendasinya dahulu, lalu temuannya.")
        )
    audit.record_delete(actor, finding, audit.snapshot(finding))
    finding.delete()


@transaction.atomic
def recommendation_add(
    *,
    actor: Any,
    visit: Visit,
    text: str,
    unit: Unit,
    due_date: date | None,
    finding: Finding | None,
    now: datetime | None = None,
    client_id: Any = None,
) -> Recommendation:
    """A recommendation of the visit answering one of its findings: what `unit` (by default
    the visited Bidang) must do; idempotent with a `client_id` like `finding_add`."""
    existing = _existing(Recommendation, actor, visit, client_id)
    if existing is not None:
        return existing
    check_filler(actor, visit)
    if not text.strip():
        raise ValidationError({"text": _("Tuliskan rekomendasi.")})
    check_length("text", text.strip(), _("Rekomendasi"))
    if finding is None:
        raise ValidationError(
            {
                "finding": _("Pilih temuan yang ditindaklanjuti rekomendasi ini.")
                if visit.findings.exists()
                else _("Catat temuannya dahulu: setiap rekomendasi menindaklanjuti satu temuan.")
            }
        )
    if finding.visit_id != visit.pk:
        raise ValidationError({"finding": _("Temuan tidak termasuk kunjungan ini.")})
    if due_date is None:
        raise ValidationError({"due_date": _("Tentukan batas waktu.")})
    if unit.agency_id != visit.cycle.agency_id:
        raise PermissionDenied
    recommendation = Recommendation.objects.create(
        agency_id=visit.cycle.agency_id,
        unit=unit,
        visit=visit,
        finding=finding,
        cycle=visit.cycle,
        text=text.strip(),
        due_date=due_date,
        created_at=_now(now),
        client_id=client_id,
    )
    audit.record_create(actor, recommendation)
    return recommendation


@transaction.atomic
def recommendation_delete(*, actor: Any, recommendation: Recommendation) -> None:
    if recommendation.visit is None:
        raise PermissionDenied
    check_filler(actor, recommendation.visit)
    audit.record_delete(actor, recommendation, audit.snapshot(recommendation))
    recommendation.delete()


def store_image(upload: Any) -> Any:
    """Check and store an uploaded photo through `core.files.store_upload` (kind by content:
    images only; the evidence size limit); return the `StoredFile`. Nothing is stored when it
    is refused (ValidationError with the reason)."""
    from django.conf import settings

    from monev.core.files import store_upload
    from monev.domain import filetypes

    return store_upload(
        upload,
        folder="kunjungan",
        allowed_kinds=(filetypes.JPEG, filetypes.PNG, filetypes.GIF, filetypes.WEBP),
        max_bytes=settings.MONEV_EVIDENCE_MAX_MB * 2**20,
    )


@transaction.atomic
def photo_add(*, actor: Any, visit: Visit, upload: Any) -> VisitPhoto:
    check_filler(actor, visit)
    stored = store_image(upload)
    photo = VisitPhoto(
        visit=visit,
        original_name=stored.original_name,
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
        uploaded_by=actor,
    )
    photo.file.name = stored.name
    photo.save()
    audit.record_create(actor, photo)
    return photo


def submit_problems(visit: Visit) -> list[str]:
    """Return what keeps the blangko from being submitted (empty when it may be)."""
    problems = [
        _("Butir wajib belum diisi: %(l)s") % {"l": item.label}
        for item in checklist.missing_required(selectors.sections_of(visit), visit.answers)
    ]
    for line in visit.indicators.select_related("indicator"):
        if not line.verdict:
            problems.append(_("Bukti dukung belum dinilai: %(i)s") % {"i": line.indicator.name})
    return problems


@transaction.atomic
def visit_submit(*, actor: Any, visit: Visit, now: datetime | None = None) -> Visit:
    """The team leader submits the blangko; proposed corrections go to step 6."""
    visit = _locked(visit)
    require_party(VISIT, VisitAction.SUBMIT, selectors.parties(actor, visit))
    problems = submit_problems(visit)
    if problems and VISIT.allows(
        VisitState(visit.status), VisitAction.SUBMIT, selectors.parties(actor, visit)
    ):
        raise ValidationError(problems)
    visit = _transition(
        VISIT,
        visit,
        VisitAction.SUBMIT,
        selectors.parties(actor, visit),
        actor=actor,
        extra={"submitted_at": _now(now), "submitted_by": actor},
    )
    for line in visit.indicators.all():
        proposed = line.proposed_value is not None and line.proposed_value != line.reported_value
        status = CorrectionStatus.DIUSULKAN if proposed else CorrectionStatus.TIDAK_ADA
        if line.correction_status != status:
            before = audit.snapshot(line, ["correction_status"])
            line.correction_status = status
            line.save(update_fields=["correction_status"])
            audit.record_update(actor, line, before)
    from monev.monitoring.waiting import notify_submitted

    notify_submitted(visit, at=_now(now))  # the Kepala Bidang's tanggapan is awaited
    return visit


@transaction.atomic
def visit_reopen(*, actor: Any, visit: Visit, note: str) -> Visit:
    """The Kasubag Program sends a submitted blangko back to the team (with a note)."""
    require_party(VISIT, VisitAction.REOPEN, selectors.parties(actor, visit))
    if not note.strip():
        raise ValidationError({"note": _("Tuliskan apa yang harus dilengkapi.")})
    visit = _transition(
        VISIT, visit, VisitAction.REOPEN, selectors.parties(actor, visit), actor=actor, note=note
    )
    visit.indicators.filter(correction_status=CorrectionStatus.DIUSULKAN).update(
        correction_status=CorrectionStatus.TIDAK_ADA
    )
    return visit


@transaction.atomic
def visit_answer(
    *,
    actor: Any,
    visit: Visit,
    disputes: Mapping[int, str],
    note: str = "",
    now: datetime | None = None,
) -> Visit:
    """The Kepala Bidang answers the result: agrees (no disputes) or disagrees with findings,
    each with a reason."""
    visit = _locked(visit)
    found = selectors.parties(actor, visit)
    action = VisitAction.DISPUTE if disputes else VisitAction.ACKNOWLEDGE
    require_party(VISIT, action, found)
    if not VISIT.allows(VisitState(visit.status), action, found):
        return _transition(VISIT, visit, action, found, actor=actor)  # raises the refusal
    findings = {f.pk: f for f in visit.findings.all()}
    for pk, reason in disputes.items():
        if pk not in findings:
            raise ValidationError(_("Temuan tidak dikenal."))
        if not reason.strip():
            raise ValidationError(_("Tuliskan alasan untuk setiap temuan yang dibantah."))
        check_length("reason", reason.strip(), _("Alasan bantahan"))
    check_length("note", note.strip(), _("Catatan Kepala Bidang"))
    visit = _transition(
        VISIT,
        visit,
        action,
        found,
        actor=actor,
        extra={"answered_at": _now(now), "answered_by": actor, "answer_note": note.strip()},
    )
    for pk, reason in disputes.items():
        finding = findings[pk]
        before = audit.snapshot(finding, ["disputed", "dispute_reason"])
        finding.disputed, finding.dispute_reason = True, reason.strip()
        finding.save(update_fields=["disputed", "dispute_reason"])
        audit.record_update(actor, finding, before)
    return visit


# --- Step 6: decisions on proposed corrections ---------------------------------------------------


@transaction.atomic
def correction_decide(
    *, actor: Any, line: VisitIndicator, accept: bool, reason: str, now: datetime | None = None
) -> VisitIndicator:
    """The Kasubag Program accepts a proposed correction — applied to the locked data as a
    recorded correction (before, after, reason, who), so results follow at once — or rejects
    it with a reason."""
    from monev.collection.models import Realization
    from monev.collection.services import realization_correct

    line = _locked(line)
    own_agency = actor.agency_id == line.visit.cycle.agency_id
    parties = (
        frozenset({"kasubag_program"})
        if actor.has_role(Role.KASUBAG_PROGRAM) and own_agency
        else frozenset()
    )
    require_party(CORRECTION, CorrectionAction.ACCEPT, parties)
    if not reason.strip():
        raise ValidationError({"reason": _("Tuliskan alasan keputusan.")})
    action = CorrectionAction.ACCEPT if accept else CorrectionAction.REJECT
    extra: dict[str, Any] = {
        "decision_reason": reason.strip(),
        "decided_by": actor,
        "decided_at": _now(now),
    }
    if accept and CORRECTION.allows(CorrectionState(line.correction_status), action, parties):
        visit = line.visit
        realization, _created = Realization.objects.get_or_create(
            indicator_id=line.indicator_id,
            year=visit.cycle.year,
            quarter=visit.cycle.quarter,
            defaults={"updated_by": actor},
        )
        extra["correction"] = realization_correct(
            actor=actor,
            realization=realization,
            value=line.proposed_value,
            reason=_("Hasil monev %(unit)s: %(r)s") % {"unit": visit.unit, "r": reason.strip()},
            now=now,
        )
    return _transition(
        CORRECTION, line, action, parties, actor=actor, field="correction_status", extra=extra
    )
