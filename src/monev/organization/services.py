"""Writes of organisation data. Every write is validated and audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from monev.core.actors import Actor
from monev.core.services import create_audited, delete_audited, update_audited
from monev.organization import policies
from monev.organization.models import Agency, AgencySettings, Official, Unit


def agency_update(*, actor: Actor | None, agency: Agency, **fields: Any) -> Agency:
    return update_audited(actor=actor, instance=agency, **fields)


def _check_parent(unit: Unit, parent: Unit | None) -> None:
    """Refuse a parent from another agency, the unit itself, or one of its descendants."""
    node = parent
    while node is not None:
        if node.agency_id != unit.agency_id:
            raise ValidationError({"parent": _("Unit induk harus dari instansi yang sama.")})
        if unit.pk is not None and node.pk == unit.pk:
            raise ValidationError(
                {"parent": _("Unit induk tidak boleh unit itu sendiri atau sub-unitnya.")}
            )
        node = node.parent


@transaction.atomic
def unit_create(*, actor: Actor | None, agency: Agency, **fields: Any) -> Unit:
    _check_parent(Unit(agency=agency), fields.get("parent"))
    return create_audited(actor=actor, model=Unit, agency=agency, **fields)


@transaction.atomic
def unit_update(*, actor: Actor | None, unit: Unit, **fields: Any) -> Unit:
    _check_parent(unit, fields.get("parent", unit.parent))
    return update_audited(actor=actor, instance=unit, **fields)


@transaction.atomic
def unit_delete(*, actor: Actor | None, unit: Unit) -> None:
    """Delete a unit; refused while officials or sub-units still belong to it."""
    officials = unit.officials.count()
    if officials:
        raise ValidationError(
            _(
                "Unit «%(unit)s» tidak dapat dihapus karena masih memiliki %(count)d pejabat/"
                "pegawai. Pindahkan mereka ke unit lain terlebih dahulu."
            ),
            code="unit_has_officials",
            params={"unit": unit.name, "count": officials},
        )
    children = unit.children.count()
    if children:
        raise ValidationError(
            _(
                "Unit «%(unit)s» tidak dapat dihapus karena masih memiliki %(count)d sub-unit. "
                "Hapus atau pindahkan sub-unit tersebut terlebih dahulu."
            ),
            code="unit_has_children",
            params={"unit": unit.name, "count": children},
        )
    delete_audited(actor=actor, instance=unit)


def official_create(*, actor: Actor | None, agency: Agency, **fields: Any) -> Official:
    return create_audited(actor=actor, model=Official, agency=agency, **fields)


def official_update(*, actor: Actor | None, official: Official, **fields: Any) -> Official:
    return update_audited(actor=actor, instance=official, **fields)


@transaction.atomic
def official_delete(*, actor: Actor | None, official: Official) -> None:
    """Delete an official; refused while a user account is linked to them."""
    if hasattr(official, "user") and official.user is not None:
        raise ValidationError(
            _(
                "Pejabat «%(name)s» masih terhubung dengan akun pengguna «%(username)s». "
                "Lepaskan atau nonaktifkan akun tersebut terlebih dahulu."
            ),
            code="official_has_user",
            params={"name": official.name, "username": official.user.username},
        )
    delete_audited(actor=actor, instance=official)


@transaction.atomic
def settings_update(*, actor: Actor, agency: Agency, **fields: Any) -> AgencySettings:
    """Save the agency's rule settings (RULES "(setting)"); only the Administrator may, and
    the change is audited. The results are computed afresh (the data token changes)."""
    if not policies.may_change_settings(actor):
        raise PermissionDenied(_("Hanya Administrator yang dapat mengubah pengaturan aturan."))
    found = AgencySettings.objects.filter(agency=agency).first()
    if found is None:
        return create_audited(actor=actor, model=AgencySettings, agency=agency, **fields)
    return update_audited(actor=actor, instance=found, **fields)
