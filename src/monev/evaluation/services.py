"""Writes of olah data (step 3): resolving data-quality flags; the step 3 handler."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monev.accounts.choices import Role
from monev.accounts.models import User
from monev.core import audit
from monev.evaluation.models import AnalysisNote, FlagResolution
from monev.organization.models import Unit
from monev.organization.selectors import bidang_scope, in_own_units
from monev.planning.models import Indicator
from monev.sop.models import Cycle


@transaction.atomic
def flag_resolve(
    *, actor: User, cycle: Cycle, indicator: Indicator, code: str, note: str
) -> FlagResolution:
    """Record why a flag is fine or how it was handled (the Kasubag Program)."""
    if not actor.has_role(Role.KASUBAG_PROGRAM):
        raise PermissionDenied
    if not note.strip():
        raise ValidationError(_("Tuliskan penjelasan atau tindak lanjut tanda ini."))
    resolution = (
        FlagResolution.objects.select_for_update()
        .filter(cycle=cycle, indicator=indicator, code=code)
        .first()
    )
    if resolution is None:
        resolution = FlagResolution.objects.create(
            cycle=cycle, indicator=indicator, code=code, note=note.strip(), resolved_by=actor
        )
        audit.record_create(actor, resolution)
        return resolution
    before = audit.snapshot(resolution, ["note", "resolved_by"])
    resolution.note = note.strip()
    resolution.resolved_by = actor
    resolution.save()
    audit.record_update(actor, resolution, before)  # a second explanation is an update
    return resolution


@transaction.atomic
def flags_resolve_many(
    *,
    actor: User,
    cycle: Cycle,
    flags: list[tuple[Indicator, str]],
    note: str,
    overwrite: bool = False,
) -> tuple[list[FlagResolution], int]:
    """Explain many flags with one note (the Kasubag Program), each recorded as by
    `flag_resolve`; all or nothing. A flag explained earlier keeps its explanation unless
    `overwrite` (the user ticked "timpa penjelasan yang ada"): a bulk action never replaces
    what someone wrote. Returns the explanations written and how many were kept."""
    if not flags:
        raise ValidationError(_("Pilih paling sedikit satu tanda."))
    explained = set()
    if not overwrite:
        explained = set(
            FlagResolution.objects.filter(
                cycle=cycle, indicator__in=[indicator for indicator, _code in flags]
            ).values_list("indicator_id", "code")
        )
    written = [
        flag_resolve(actor=actor, cycle=cycle, indicator=indicator, code=code, note=note)
        for indicator, code in flags
        if (indicator.pk, code) not in explained
    ]
    if not written and not note.strip():
        raise ValidationError(_("Tuliskan penjelasan atau tindak lanjut tanda ini."))
    return written, len(flags) - len(written)


def open_flags(cycle: Cycle) -> list[tuple[Any, Any, FlagResolution | None]]:
    """Return (result, flag, resolution) for every flag of the cycle's quarter."""
    from monev.evaluation.selectors import results_for_quarter

    resolutions = {(r.indicator_id, r.code): r for r in FlagResolution.objects.filter(cycle=cycle)}
    rows = []
    seen: set[tuple[int, str]] = set()
    for result in results_for_quarter(cycle.agency_id, year=cycle.year, quarter=cycle.quarter):
        for flag in result.flags:
            key = (result.indicator.pk, flag.code)
            if key in seen:  # one line per indicator and kind, however often it was raised
                continue
            seen.add(key)
            rows.append((result, flag, resolutions.get(key)))
    return rows


def step3_ready(run: Any) -> bool:
    """Step 3 completes when every data-quality flag is resolved or explained."""
    return not step3_blockers(run)


def step3_blockers(run: Any) -> list[str]:
    """Why step 3 cannot complete: how many data-quality flags are not explained yet."""
    unexplained = sum(1 for _r, _f, resolution in open_flags(run.cycle) if resolution is None)
    if not unexplained:
        return []
    return [_("%(n)d tanda kualitas data belum dijelaskan.") % {"n": unexplained}]


@dataclass
class NoteView:
    """One analysis note as a page shows it: the saved note (or a blank one), whether the
    user may edit it, and the Bidang's own narratives from its submission as a starting point."""

    unit: Unit | None
    note: AnalysisNote
    editable: bool
    suggestion: dict[str, str] = field(
        default_factory=lambda: dict.fromkeys(AnalysisNote.TEXT_FIELDS, "")
    )
    form: Any = None

    @property
    def unit_id(self) -> int | None:
        return self.unit.pk if self.unit else None


def may_edit_note(user: Any, unit: Unit | None) -> bool:
    """The Kasubag Program writes every note; a Kepala Bidang writes its own Bidang's."""
    if user.has_role(Role.KASUBAG_PROGRAM):
        return True
    return unit is not None and user.has_role(Role.KEPALA_BIDANG) and in_own_units(user, unit.pk)


def analysis_closed(cycle: Cycle) -> bool:
    """Return True once the analysis (the step with key `analisis`) is done: the cycle has
    started a later step and the analysis is not running again (a step returned to it).
    From then on the notes are read-only; they stand in the report."""
    from monev.sop.choices import StepKey
    from monev.sop.models import SopStep
    from monev.sop.selectors import cycle_is_at

    number = (
        SopStep.objects.filter(definition_id=cycle.definition_id, key=StepKey.ANALISIS)
        .values_list("number", flat=True)
        .first()
    )
    if number is None:
        return False
    return cycle.runs.filter(number__gt=number).exists() and not cycle_is_at(
        cycle, StepKey.ANALISIS
    )


ANALYSIS_CLOSED = gettext_lazy(
    "Analisis siklus ini sudah selesai (langkah analisis telah dilewati); catatan analisis "
    "hanya dapat dibaca."
)


def analysis_notes(cycle: Cycle, user: Any) -> list[NoteView]:
    """The agency's note and one per reporting Bidang the user may see (two queries); none
    is editable once the analysis is closed."""
    from monev.collection.models import Submission

    closed = analysis_closed(cycle)

    saved = {n.unit_id: n for n in AnalysisNote.objects.filter(cycle=cycle)}
    submissions = Submission.objects.filter(cycle=cycle).select_related("unit")
    scope = bidang_scope(user)
    if scope is not None:
        submissions = submissions.filter(unit_id__in=scope)
    views = [
        NoteView(
            unit=None,
            note=saved.get(None) or AnalysisNote(cycle=cycle),
            editable=may_edit_note(user, None) and not closed,
        )
    ]
    for submission in submissions:
        views.append(
            NoteView(
                unit=submission.unit,
                note=saved.get(submission.unit_id)
                or AnalysisNote(cycle=cycle, unit=submission.unit),
                editable=may_edit_note(user, submission.unit) and not closed,
                suggestion={
                    "drivers": submission.drivers,
                    "obstacles": submission.obstacles,
                    "next_quarter": submission.follow_up,
                    "next_renja": "",
                },
            )
        )
    return views


@transaction.atomic
def analysis_note_save(
    *, actor: User, cycle: Cycle, unit: Unit | None, values: dict[str, str]
) -> AnalysisNote:
    """Write the analysis note of the agency (`unit` None) or of a Bidang, audited. A field
    missing from `values` keeps its saved text (a save never blanks a note by omission).
    Refused once the analysis is closed."""
    if not may_edit_note(actor, unit):
        raise PermissionDenied
    if analysis_closed(cycle):
        raise ValidationError(ANALYSIS_CLOSED, code="closed")
    note = AnalysisNote.objects.select_for_update().filter(cycle=cycle, unit=unit).first()
    clean = {
        name: (values[name] or "").strip() for name in AnalysisNote.TEXT_FIELDS if name in values
    }
    if note is None:
        note = AnalysisNote.objects.create(cycle=cycle, unit=unit, updated_by=actor, **clean)
        audit.record_create(actor, note)
        return note
    before = audit.snapshot(note, AnalysisNote.TEXT_FIELDS)
    for name, value in clean.items():
        setattr(note, name, value)
    note.updated_by = actor
    note.save()
    audit.record_update(actor, note, before)
    return note


def step7_blockers(run: Any) -> list[str]:
    """Why step 7 cannot complete: no plan and no document, or the agency's note incomplete."""
    if step7_ready(run):
        return []
    from monev.collection.selectors import period_of

    if period_of(run.cycle) is None:
        return [_("Belum ada rencana tahun ini; lampirkan dokumen analisis terlebih dahulu.")]
    return [_("Catatan analisis tingkat Dinas belum lengkap.")]


def step7_ready(run: Any) -> bool:
    """Step 7 completes when the agency's analysis note is written in full (without a plan
    for the year there is nothing to analyse here: the step is done by hand, with a
    document)."""
    from monev.collection.selectors import period_of

    if period_of(run.cycle) is None:
        return bool(run.documents.exists())
    note = AnalysisNote.objects.filter(cycle=run.cycle, unit__isnull=True).first()
    return note is not None and note.is_complete
