"""Checklist templates of monev visits: saved as versions that never change (a visit keeps
the one it started with)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from monev.accounts.models import User
from monev.core import audit
from monev.domain import checklist
from monev.monitoring import policies
from monev.monitoring.models import (
    ChecklistTemplate,
    ChecklistVersion,
)
from monev.organization.models import Agency

# --- Checklist templates -----------------------------------------------------------------------


@transaction.atomic
def checklist_save(
    *,
    actor: User | None,
    agency: Agency,
    name: str,
    text: str,
    template: ChecklistTemplate | None = None,
) -> ChecklistVersion:
    """Create a template or save a new version of it (versions never change: a visit keeps
    the one it started with). Nothing is written when the text did not change."""
    if actor is not None and not policies.may_edit_checklists(actor):
        raise PermissionDenied
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
