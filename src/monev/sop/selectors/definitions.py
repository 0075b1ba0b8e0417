"""The SOP definitions: the versions in force of an agency's SOPs and their plain shape."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from monev.core.access import scope_of
from monev.organization.models import Agency
from monev.sop.choices import Cadence
from monev.sop.models import SopDefinition
from monev.sop.step_data import step_data

if TYPE_CHECKING:  # annotations only: typed here without a new import line above
    from monev.accounts.models import User


def definitions_visible_to(user: User) -> QuerySet[SopDefinition]:
    return scope_of(user).filter(SopDefinition.objects).prefetch_related("steps")


def current_definitions(agency: Agency) -> QuerySet[SopDefinition]:
    """Return the version in force of each of the agency's SOPs, by number (the quarterly
    monev SOP, the annual report SOP, any SOP the Administrator added)."""
    return (
        SopDefinition.objects.filter(agency=agency, is_current=True)
        .order_by("number")
        .prefetch_related("steps")
    )


def current_definition(agency: Agency, number: str | None = None) -> SopDefinition | None:
    """Return the version in force of the agency's SOP with `number`; None when it has none.

    Without `number`: the agency's quarterly SOP of the lowest number, the monev SOP of SPEC §2
    (the callers written when an agency had one SOP: compliance, the demo, tests)."""
    if number is not None:
        return current_definitions(agency).filter(number=number).first()
    return current_definitions(agency).filter(cadence=Cadence.TRIWULANAN).first()


def definition_as_dict(definition: SopDefinition) -> dict[str, Any]:
    """Return the SOP in the plain shape of `monev.sop.seed.DEFAULT_SOP` (for PDF and API)."""
    agency = definition.agency
    lines = SopDefinition.lines
    return {
        "agency_lines": [agency.government.upper(), agency.name.upper()],
        "address": agency.address,
        "number": definition.number,
        "name": definition.name,
        "cadence": definition.cadence,
        "version": definition.version,
        "created_on": definition.created_on,
        "revised_on": definition.revised_on,
        "effective_on": definition.effective_on,
        "ratified_by": {
            "jabatan": definition.ratified_by_position,
            "nama": definition.ratified_by_name,
            "pangkat": definition.ratified_by_pangkat,
            "golongan": definition.ratified_by_golongan,
            "nip": definition.ratified_by_nip,
        },
        "legal_basis": lines(definition.legal_basis),
        "related_sops": lines(definition.related_sops),
        "warnings": lines(definition.warnings),
        "qualifications": lines(definition.qualifications),
        "equipment": lines(definition.equipment),
        "records": lines(definition.records),
        "actors": list(definition.actors),
        "steps": [step_data(s) for s in definition.steps.all()],
    }
