"""The SOP definitions (versions of the SOP) and the agency's work calendar: the
administrator's writes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from monev.accounts.models import User
from monev.core import audit
from monev.core.services import create_audited, delete_audited, update_audited
from monev.organization.models import Agency
from monev.sop import policies
from monev.sop.choices import Cadence
from monev.sop.models import (
    DayOff,
    SopDefinition,
    WorkCalendarSetting,
)
from monev.sop.step_data import model_values

# --- Definitions and calendar (Administrator) -------------------------------------------------


@transaction.atomic
def definition_load_seed(
    *, agency: Agency, data: dict[str, Any], actor: User | None = None
) -> SopDefinition:
    """Create version 1 of an SOP from a plain dict shaped like `monev.sop.seed.DEFAULT_SOP`."""
    return _definition_create(agency=agency, data=data, version=1, actor=actor, note="")


@transaction.atomic
def definitions_load_defaults(*, agency: Agency, actor: User | None = None) -> list[SopDefinition]:
    """Give the agency every default SOP (`monev.sop.seed.DEFAULT_SOPS`: the quarterly monev
    SOP and the annual report SOP) it does not have yet, as version 1; return those created.
    An SOP the agency already has (by its number, whatever its version) is left as it is."""
    from monev.sop.seed import DEFAULT_SOPS

    have = set(SopDefinition.objects.filter(agency=agency).values_list("number", flat=True))
    return [
        definition_load_seed(agency=agency, data=data, actor=actor)
        for data in DEFAULT_SOPS
        if data["number"] not in have
    ]


@transaction.atomic
def definition_create(*, actor: User, agency: Agency, data: dict[str, Any]) -> SopDefinition:
    """Create a new SOP (not a version of one the agency has): version 1 under a number of its
    own. The engine runs it like the default SOPs: steps without a key are done by hand."""
    if not policies.may_edit_definition(actor):
        raise PermissionDenied
    number = (data.get("number") or "").strip()
    if not number:
        raise ValidationError({"number": _("Isi nomor SOP.")})
    if SopDefinition.objects.filter(agency=agency, number=number).exists():
        raise ValidationError(
            {"number": _("Nomor SOP ini sudah dipakai; ubah SOP itu untuk membuat versi baru.")}
        )
    _validate_steps(data["steps"])
    return _definition_create(
        agency=agency,
        data={**data, "number": number, "actors": data.get("actors") or _actors_of(data["steps"])},
        version=1,
        actor=actor,
        note=_("SOP baru"),
    )


def _definition_create(
    *, agency: Agency, data: dict[str, Any], version: int, actor: User | None, note: str
) -> SopDefinition:
    from monev.sop.models import SopStep

    ratified = data.get("ratified_by") or {}
    definition = SopDefinition.objects.create(
        agency=agency,
        number=data["number"],
        name=data["name"],
        cadence=data.get("cadence") or Cadence.TRIWULANAN,
        version=version,
        is_current=True,
        created_on=data.get("created_on"),
        revised_on=data.get("revised_on"),
        effective_on=data.get("effective_on"),
        ratified_by_position=ratified.get("jabatan", ""),
        ratified_by_name=ratified.get("nama", ""),
        ratified_by_pangkat=ratified.get("pangkat", ""),
        ratified_by_golongan=ratified.get("golongan", ""),
        ratified_by_nip=ratified.get("nip", ""),
        legal_basis="\n".join(data.get("legal_basis", [])),
        related_sops="\n".join(data.get("related_sops", [])),
        warnings="\n".join(data.get("warnings", [])),
        qualifications="\n".join(data.get("qualifications", [])),
        equipment="\n".join(data.get("equipment", [])),
        records="\n".join(data.get("records", [])),
        actors=list(data.get("actors", [])),
        change_note=note,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    SopStep.objects.bulk_create(
        [SopStep(definition=definition, **model_values(s)) for s in data["steps"]]
    )
    audit.record_create(actor, definition, note=note)
    return definition


@transaction.atomic
def definition_new_version(
    *, actor: User, definition: SopDefinition, data: dict[str, Any], note: str
) -> SopDefinition:
    """Save an edited SOP as a new version; running cycles keep the version they started with."""
    if not policies.may_edit_definition(actor):
        raise PermissionDenied
    _validate_steps(data["steps"])
    latest = (
        SopDefinition.objects.filter(agency=definition.agency, number=definition.number)
        .order_by("-version")
        .first()
    )
    assert latest is not None
    SopDefinition.objects.filter(agency=definition.agency, number=definition.number).update(
        is_current=False
    )
    data = {**data, "number": definition.number}
    return _definition_create(
        agency=definition.agency, data=data, version=latest.version + 1, actor=actor, note=note
    )


def _actors_of(steps: Iterable[dict[str, Any]]) -> list[dict[str, str]]:
    """The swimlane columns of a new SOP: every role its steps are drawn in, done by or
    approved by, in the order the steps first name them."""
    from monev.accounts.choices import Role

    keys: dict[str, None] = {}
    for step in steps:
        for key in [*(step.get("lanes") or []), step.get("actor"), step.get("approver")]:
            if key:
                keys.setdefault(key, None)
    labels = dict(Role.choices)
    return [{"key": key, "label": str(labels.get(key, key))} for key in keys]


def _validate_steps(steps: Iterable[dict[str, Any]]) -> None:
    steps = list(steps)
    numbers = [s["number"] for s in steps]
    if not numbers:
        raise ValidationError(_("SOP harus memiliki sedikitnya satu langkah."))
    if sorted(numbers) != list(range(1, len(numbers) + 1)):
        raise ValidationError(_("Nomor langkah harus berurutan mulai dari 1 tanpa loncatan."))
    keys = [s.get("key") for s in steps if s.get("key")]
    if len(keys) != len(set(keys)):
        raise ValidationError(_("Satu kunci fitur hanya boleh dipakai oleh satu langkah."))
    for s in steps:
        if s.get("no_goto") and not 1 <= s["no_goto"] < s["number"]:
            raise ValidationError(
                _("Langkah %(n)s: langkah tujuan «Tidak» harus langkah sebelumnya.")
                % {"n": s["number"]}
            )


@transaction.atomic
def calendar_update(*, actor: User | None, agency: Agency, **fields: Any) -> WorkCalendarSetting:
    """Save the agency's working days and hours (deadlines of new step runs use them)."""
    setting = WorkCalendarSetting.objects.filter(agency=agency).first()
    if setting is None:
        return create_audited(actor=actor, model=WorkCalendarSetting, agency=agency, **fields)
    return update_audited(actor=actor, instance=setting, **fields)


@transaction.atomic
def day_off_add(
    *, actor: User | None, agency: Agency, date: Any, kind: str, description: str
) -> DayOff:
    if DayOff.objects.filter(agency=agency, date=date).exists():
        raise ValidationError({"date": _("Tanggal ini sudah tercatat sebagai hari libur.")})
    return create_audited(
        actor=actor, model=DayOff, agency=agency, date=date, kind=kind, description=description
    )


def day_off_delete(*, actor: User, day: DayOff) -> None:
    delete_audited(actor=actor, instance=day)
