"""Writes of olah data (step 3) and analysis (step 7): resolving data-quality flags, writing
analysis notes. Their reads (open flags, the steps' blockers, the notes a page shows) are in
`selectors`; who may write a note is `policies`."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from monev.accounts.models import User
from monev.core import audit
from monev.evaluation import policies, selectors
from monev.evaluation.models import AnalysisNote, FlagResolution
from monev.organization.models import Unit
from monev.planning.models import Indicator
from monev.sop.models import Cycle


@transaction.atomic
def flag_resolve(
    *, actor: User, cycle: Cycle, indicator: Indicator, code: str, note: str
) -> FlagResolution:
    """Record why a flag is fine or how it was handled (the Kasubag Program)."""
    if not policies.may_resolve_flags(actor):
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


@transaction.atomic
def analysis_note_save(
    *, actor: User, cycle: Cycle, unit: Unit | None, values: dict[str, str]
) -> AnalysisNote:
    """Write the analysis note of the agency (`unit` None) or of a Bidang, audited. A field
    missing from `values` keeps its saved text (a save never blanks a note by omission).
    Refused once the analysis is closed."""
    if not policies.may_edit_note(actor, unit):
        raise PermissionDenied
    if selectors.analysis_closed(cycle):
        raise ValidationError(selectors.ANALYSIS_CLOSED, code="closed")
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


# `reports.builder` still imports `open_flags` from here (issue 22: the report contract is
# another helper's change); the read itself lives in `selectors`.
from monev.evaluation.selectors import open_flags  # noqa: E402, F401
