"""The SOP engine: opening a cycle, completing, approving and returning steps.

The only code that changes a cycle's or a step run's status, through the one transition
service (`monev.core.transitions.begin`). Every transition is recorded (`StepTransition`: who,
when, from, to, note) and audited, in one transaction. `now` may be passed in (demo data,
tests); it defaults to the current time.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monev.accounts.models import User
from monev.core import audit, transitions
from monev.core.choices import AuditAction
from monev.domain import sop_flow
from monev.domain.sop_flow import Action
from monev.domain.workcalendar import WorkCalendar, working_minutes_between
from monev.organization.models import Agency
from monev.sop import handlers, notifications, policies, selectors
from monev.sop.choices import Cadence, CycleStatus, StepStatus, TransitionAction
from monev.sop.models import (
    Cycle,
    SopDefinition,
    StepDocument,
    StepRun,
    StepTransition,
)


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _record(
    *,
    cycle: Cycle,
    run: StepRun | None,
    action: str,
    actor: User,
    at: datetime,
    from_step: int | None,
    to_step: int | None,
    note: str = "",
) -> StepTransition:
    transition = StepTransition.objects.create(
        cycle=cycle,
        run=run,
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        at=at,
        from_step=from_step,
        to_step=to_step,
        note=note,
    )
    audit.record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=cycle,
        before={"step": from_step},
        after={"step": to_step, "action": action},
        note=note,
    )
    return transition


def _start_run(cycle: Cycle, number: int, at: datetime) -> StepRun:
    step = cycle.definition.steps.get(number=number)
    previous = cycle.runs.filter(number=number).order_by("-round").first()
    calendar = selectors.work_calendar(cycle.agency)
    run = StepRun.objects.create(
        cycle=cycle,
        step=step,
        number=number,
        round=(previous.round + 1) if previous else 1,
        status=StepStatus.BERJALAN,
        started_at=at,
        due_at=selectors.due_time(calendar, at, step),
    )
    notifications.notify_new_work(run)
    return run


def _close_clock(calendar: WorkCalendar, run: StepRun) -> datetime:
    """Before a run ends: a step that waited on something outside its cycle keeps the deadline
    counted from when it could begin (`selectors.run_clock`), so that the record of the finished
    run, and every count of runs on time, judge it by that one. Return when its clock started."""
    clock = selectors.run_clock(calendar, run)
    if clock is None:  # ended while still waiting (completed anyway): the stored deadline
        return run.started_at
    start, run.due_at = clock
    return start


def _check_period(
    agency: Agency, definition: SopDefinition, year: int, quarter: int | None, at: datetime
) -> None:
    """The quarter rule, the engine's one branch on an SOP's cadence: a quarterly SOP's cycle
    needs a quarter and opens once the quarter has ended (its data exist); a yearly SOP's cycle
    takes no quarter and opens from 1 January of its year (step 1, the Perjanjian Kinerja,
    runs at the start of the year). The Administrator may allow early opening (work calendar
    setting `allow_early_cycle_open`)."""
    from monev.domain.periods import format_date_long_id

    if definition.cadence == Cadence.TAHUNAN:
        if quarter is not None:
            raise ValidationError(
                {"quarter": _("SOP ini berjalan sekali setahun: siklusnya tanpa triwulan.")}
            )
    elif quarter is None or not 1 <= quarter <= 4:
        raise ValidationError({"quarter": _("Triwulan harus 1 sampai 4.")})
    first = selectors.opens_on(agency, year, quarter, timezone.localdate(at))
    if first is None:
        return
    if quarter is None:
        message = _(
            "Siklus tahun %(y)s dapat dibuka mulai %(date)s. Administrator dapat mengizinkan "
            "pembukaan lebih awal pada pengaturan kalender kerja."
        ) % {"y": year, "date": format_date_long_id(first)}
    else:
        message = _(
            "Triwulan %(q)s %(y)s belum berakhir; siklusnya dapat dibuka mulai "
            "%(date)s. Administrator dapat mengizinkan pembukaan lebih awal pada "
            "pengaturan kalender kerja."
        ) % {"q": _roman(quarter), "y": year, "date": format_date_long_id(first)}
    raise ValidationError({"year" if quarter is None else "quarter": message})


def _definition_to_open(agency: Agency, sop: SopDefinition | str | None) -> SopDefinition:
    """The version in force of the SOP to open: given by its number or any of its versions;
    None means the agency's monev SOP (`selectors.current_definition`)."""
    number = sop.number if isinstance(sop, SopDefinition) else sop
    if isinstance(sop, SopDefinition) and sop.agency_id != agency.pk:
        raise ValidationError(_("SOP ini bukan milik instansi Anda."))
    definition = selectors.current_definition(agency, number)
    if definition is None or not definition.steps.exists():
        raise ValidationError(_("Belum ada definisi SOP yang berlaku. Hubungi Administrator."))
    return definition


def cycle_open(
    *,
    actor: User,
    agency: Agency,
    year: int,
    quarter: int | None = None,
    disposition: str,
    sop: SopDefinition | str | None = None,
    now: datetime | None = None,
) -> Cycle:
    """Open a cycle of the SOP `sop` (its number or a definition; default the monev SOP) and
    start its first step (the Sekretaris' "Mulai", with a disposition). A quarterly SOP's
    cycle is per quarter, a yearly SOP's per year (`quarter` None): one cycle per SOP and
    period. The cycle runs the version in force now for as long as it runs."""
    if not policies.may_open_cycle(actor):
        raise PermissionDenied
    at = _now(now)
    definition = _definition_to_open(agency, sop)
    if not disposition.strip():
        raise ValidationError({"disposition": _("Tuliskan disposisi untuk pelaksana langkah 1.")})
    _check_period(agency, definition, year, quarter, at)
    title = Cycle(agency=agency, year=year, quarter=quarter, definition=definition).title
    if Cycle.objects.filter(
        agency=agency, sop_number=definition.number, year=year, quarter=quarter
    ).exists():
        raise ValidationError(
            _("Siklus %(cycle)s sudah dibuka; satu periode hanya satu siklus.") % {"cycle": title}
        )
    try:
        with transaction.atomic():
            cycle = Cycle.objects.create(
                agency=agency,
                year=year,
                quarter=quarter,
                definition=definition,
                sop_number=definition.number,
                disposition=disposition.strip(),
                opened_by=actor,
                opened_at=at,
            )
    except IntegrityError as error:  # a second Sekretaris clicking at the same moment
        raise ValidationError(_("Siklus %(cycle)s sudah dibuka.") % {"cycle": title}) from error
    audit.record_create(actor, cycle)
    first = definition.steps.order_by("number").first()
    assert first is not None
    run = _start_run(cycle, first.number, at)
    _record(
        cycle=cycle,
        run=run,
        action=TransitionAction.OPEN,
        actor=actor,
        at=at,
        from_step=None,
        to_step=first.number,
        note=disposition.strip(),
    )
    return cycle


def _roman(quarter: int) -> str:
    from monev.domain.periods import roman

    return roman(quarter)


def _begin(actor: User, run: StepRun, action: str) -> tuple[StepRun, str]:
    """Lock the run and decide `action` by the table (`monev.core.transitions.begin`: 403 /
    a clear message); return the locked run and its next status. A step's move writes more
    than its row (the run ends, the next one starts) and keeps its own history
    (`StepTransition`, audited on the cycle by `_record`), so it writes that itself."""
    move = transitions.begin(
        sop_flow.STEP_RUN,
        run,
        action,
        parties=lambda row: policies.run_parties(actor, row),
        related=("step", "cycle", "cycle__agency"),
    )
    return move.obj, move.to


@transaction.atomic
def document_attach(*, actor: User, run: StepRun, upload: UploadedFile) -> StepDocument:
    """Attach an output document to a running step (by its holder)."""
    if not policies.may_attach_document(actor, run):
        raise PermissionDenied  # documents belong to the holder's work, not to the approval
    from django.conf import settings

    from monev.core.files import store_upload

    try:
        stored = store_upload(
            upload, folder="sop", max_bytes=settings.MONEV_DOCUMENT_MAX_MB * 2**20
        )
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    document = StepDocument(run=run, uploaded_by=actor, **stored.row_fields())
    document.file.name = stored.name
    document.save()
    audit.record_create(actor, document)
    return document


def step_act(
    *,
    actor: User,
    run: StepRun,
    action: str,
    note: str = "",
    override_reason: str = "",
    now: datetime | None = None,
) -> StepRun:
    """Take `action` (a `monev.domain.sop_flow.Action`) on a step run: the one entry point of
    views and API. "complete" on a step with an approver submits it for approval. Returns the
    run acted on (for "return", the new run of the «Tidak» step)."""
    if action == Action.COMPLETE:
        return step_complete(
            actor=actor, run=run, note=note, override_reason=override_reason, now=now
        )
    if action == Action.APPROVE:
        return step_approve(actor=actor, run=run, note=note, now=now)
    if action == Action.RETURN_APPROVAL:
        return step_return_approval(actor=actor, run=run, note=note, now=now)
    if action == Action.RETURN:
        return step_return(actor=actor, run=run, note=note, now=now)
    raise ValidationError(_("Tindakan tidak dikenal."))


@transaction.atomic
def step_complete(
    *,
    actor: User,
    run: StepRun,
    note: str = "",
    now: datetime | None = None,
    override_reason: str = "",
) -> StepRun:
    """Mark a step done by its holder. Needs its output; a step with an approver goes to the
    approver first (e.g. step 12: the Kepala Dinas ratifies). Where the step's handler allows
    it, the holder may complete without the output by giving a reason (recorded)."""
    action = sop_flow.holder_action(has_approver=bool(run.step.approver))
    run, new_status = _begin(actor, run, action)
    at = _now(now)
    handler = handlers.for_run(run)
    if override_reason.strip() and handler is not None and handler.allows_override:
        note = "\n".join(
            filter(
                None,
                [
                    _("Dilanjutkan tanpa output lengkap: %(r)s") % {"r": override_reason.strip()},
                    note,
                ],
            )
        )
    else:
        missing = handlers.blockers(run)
        if missing:
            raise ValidationError(
                _("Langkah %(n)s belum dapat diselesaikan: %(why)s")
                % {"n": run.number, "why": " ".join(missing)},
                code="blocked",
            )
    if note.strip():
        run.note = "\n\n".join(filter(None, [run.note, note.strip()]))
    if action == Action.SUBMIT:
        run.status = new_status
        run.awaiting_approval_since = at
        run.save(update_fields=["status", "awaiting_approval_since", "note"])
        _record(
            cycle=run.cycle,
            run=run,
            action=TransitionAction.SUBMIT,
            actor=actor,
            at=at,
            from_step=run.number,
            to_step=run.number,
            note=note,
        )
        notifications.notify_new_work(run)
        return run
    return _finish(actor=actor, run=run, at=at, note=note, action=TransitionAction.COMPLETE)


@transaction.atomic
def step_approve(
    *, actor: User, run: StepRun, note: str = "", now: datetime | None = None
) -> StepRun:
    """The approver (Sekretaris for step 4, Kepala Dinas for step 12) approves; the step ends."""
    run, _status = _begin(actor, run, Action.APPROVE)
    return _finish(actor=actor, run=run, at=_now(now), note=note, action=TransitionAction.APPROVE)


@transaction.atomic
def step_return_approval(
    *, actor: User, run: StepRun, note: str, now: datetime | None = None
) -> StepRun:
    """The approver refuses, with a required note: the work goes back to the holder in the
    same run (status back to "berjalan", same round, same deadline). The note and who returned
    it stand on the holder's step card (the run's return transitions)."""
    run, new_status = _begin(actor, run, Action.RETURN_APPROVAL)
    if not note.strip():
        raise ValidationError({"note": _("Tuliskan catatan: apa yang harus diperbaiki.")})
    at = _now(now)
    _on_return(run, actor, note.strip(), at)
    run.status = new_status
    run.awaiting_approval_since = None
    run.save(update_fields=["status", "awaiting_approval_since"])
    _record(
        cycle=run.cycle,
        run=run,
        action=TransitionAction.RETURN_APPROVAL,
        actor=actor,
        at=at,
        from_step=run.number,
        to_step=run.number,
        note=note.strip(),
    )
    notifications.notify_returned(run, note.strip(), at)
    return run


def _on_return(run: StepRun, actor: User, note: str, at: datetime) -> None:
    handler = handlers.for_run(run)
    if handler is not None and handler.on_return is not None:
        handler.on_return(run, actor, note, at)


def _finish(*, actor: User, run: StepRun, at: datetime, note: str, action: str) -> StepRun:
    handler = handlers.for_run(run)
    if handler is not None and handler.on_complete is not None:
        # The hook sees who completes (or approves) the step as `run.completed_by`.
        previous, run.completed_by = run.completed_by, actor
        try:
            handler.on_complete(run)
        except Exception:
            run.completed_by = previous
            raise
    calendar = selectors.work_calendar(run.cycle.agency)
    clock_start = _close_clock(calendar, run)
    run.status = StepStatus.SELESAI
    run.completed_at = at
    run.completed_by = actor
    run.working_minutes = working_minutes_between(calendar, clock_start, at)
    run.save()
    cycle = run.cycle
    following = cycle.definition.steps.filter(number__gt=run.number).order_by("number").first()
    if following is None:
        cycle.status = CycleStatus.SELESAI
        cycle.completed_at = at
        cycle.save(update_fields=["status", "completed_at"])
        _record(
            cycle=cycle,
            run=run,
            action=action,
            actor=actor,
            at=at,
            from_step=run.number,
            to_step=None,
            note=note,
        )
        return run
    next_run = _start_run(cycle, following.number, at)
    _record(
        cycle=cycle,
        run=next_run,
        action=action,
        actor=actor,
        at=at,
        from_step=run.number,
        to_step=following.number,
        note=note,
    )
    return run


@transaction.atomic
def step_return(*, actor: User, run: StepRun, note: str, now: datetime | None = None) -> StepRun:
    """At a decision step (11, verifikasi): send the work back to the "Tidak" step with a note.
    May happen as often as needed; each return starts a new round of that step."""
    run, new_status = _begin(actor, run, Action.RETURN)
    if not note.strip():
        raise ValidationError({"note": _("Tuliskan catatan: apa yang harus diperbaiki.")})
    at = _now(now)
    _on_return(run, actor, note.strip(), at)
    calendar = selectors.work_calendar(run.cycle.agency)
    clock_start = _close_clock(calendar, run)
    run.status = new_status
    run.completed_at = at
    run.completed_by = actor
    run.note = "\n\n".join(filter(None, [run.note, note.strip()]))
    run.working_minutes = working_minutes_between(calendar, clock_start, at)
    run.save()
    target = run.step.no_goto
    assert target is not None
    back = _start_run(run.cycle, target, at)
    _record(
        cycle=run.cycle,
        run=back,
        action=TransitionAction.RETURN,
        actor=actor,
        at=at,
        from_step=run.number,
        to_step=target,
        note=note.strip(),
    )
    notifications.notify_returned(back, note.strip())
    return back
