"""Writes of olah data (step 3): resolving data-quality flags; the step 3 handler."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from monev.accounts.choices import Role
from monev.core import audit
from monev.evaluation.models import AnalysisNote, FlagResolution
from monev.organization.models import Unit
from monev.planning.models import Indicator
from monev.sop.models import Cycle


@transaction.atomic
def flag_resolve(
    *, actor: Any, cycle: Cycle, indicator: Indicator, code: str, note: str
) -> FlagResolution:
    """Record why a flag is fine or how it was handled (the Kasubag Program)."""
    if not actor.has_role(Role.KASUBAG_PROGRAM):
        raise PermissionDenied
    if not note.strip():
        raise ValidationError(_("Tuliskan penjelasan atau tindak lanjut tanda ini."))
    resolution = FlagResolution.objects.filter(cycle=cycle, indicator=indicator, code=code).first()
    if resolution is None:
        resolution = FlagResolution.objects.create(
            cycle=cycle, indicator=indicator, code=code, note=note.strip(), resolved_by=actor
        )
        audit.record_create(actor, resolution)
        return resolution
    before = audit.snapshot(resolution, ["note"])
    resolution.note = note.strip()
    resolution.resolved_by = actor
    resolution.save()
    audit.record_update(actor, resolution, before)
    return resolution


@transaction.atomic
def flags_resolve_many(
    *, actor: Any, cycle: Cycle, flags: list[tuple[Indicator, str]], note: str
) -> list[FlagResolution]:
    """Explain many flags with one note (the Kasubag Program), each recorded as by
    `flag_resolve`; all or nothing."""
    if not flags:
        raise ValidationError(_("Pilih paling sedikit satu tanda."))
    return [
        flag_resolve(actor=actor, cycle=cycle, indicator=indicator, code=code, note=note)
        for indicator, code in flags
    ]


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
    return all(resolution is not None for _r, _f, resolution in open_flags(run.cycle))


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
    return unit is not None and user.has_role(Role.KEPALA_BIDANG) and user.unit_id == unit.pk


def analysis_notes(cycle: Cycle, user: Any) -> list[NoteView]:
    """The agency's note and one per reporting Bidang the user may see (two queries)."""
    from monev.collection.models import Submission

    saved = {n.unit_id: n for n in AnalysisNote.objects.filter(cycle=cycle)}
    submissions = Submission.objects.filter(cycle=cycle).select_related("unit")
    if user.is_bidang_only:
        submissions = submissions.filter(unit_id=user.unit_id)
    views = [
        NoteView(
            unit=None,
            note=saved.get(None) or AnalysisNote(cycle=cycle),
            editable=may_edit_note(user, None),
        )
    ]
    for submission in submissions:
        views.append(
            NoteView(
                unit=submission.unit,
                note=saved.get(submission.unit_id)
                or AnalysisNote(cycle=cycle, unit=submission.unit),
                editable=may_edit_note(user, submission.unit),
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
    *, actor: Any, cycle: Cycle, unit: Unit | None, values: dict[str, str]
) -> AnalysisNote:
    """Write the analysis note of the agency (`unit` None) or of a Bidang, audited."""
    if not may_edit_note(actor, unit):
        raise PermissionDenied
    note = AnalysisNote.objects.filter(cycle=cycle, unit=unit).first()
    clean = {name: (values.get(name) or "").strip() for name in AnalysisNote.TEXT_FIELDS}
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


def step7_ready(run: Any) -> bool:
    """Step 7 completes when the agency's analysis note is written in full (without a plan
    for the year there is nothing to analyse here: the step is done by hand, with a
    document)."""
    from monev.collection.selectors import period_of

    if period_of(run.cycle) is None:
        return bool(run.documents.exists())
    note = AnalysisNote.objects.filter(cycle=run.cycle, unit__isnull=True).first()
    return note is not None and note.is_complete
