"""Writes of users and their roles; every change is audited (passwords never are)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from monev.accounts.choices import BIDANG_ROLES
from monev.accounts.models import RoleAssignment, User
from monev.core import audit
from monev.core.choices import AuditAction
from monev.organization.choices import UnitKind
from monev.organization.models import Agency, Official

_USER_FIELDS = ("username", "email", "official_id", "is_active", "agency_id")


def _check(
    *, agency: Agency, official: Official | None, roles: Iterable[str], user: User | None = None
) -> None:
    role_set = set(roles)
    if official is not None:
        other = User.objects.filter(official=official)
        if user is not None:
            other = other.exclude(pk=user.pk)
        if other.exists():
            raise ValidationError(
                {
                    "official": _("Pejabat ini sudah memiliki akun pengguna «%(username)s».")
                    % {"username": other.first().username}  # type: ignore[union-attr]
                }
            )
    if not role_set:
        raise ValidationError({"roles": _("Pilih sedikitnya satu peran.")})
    if official is not None and official.agency_id != agency.pk:
        raise ValidationError({"official": _("Pejabat harus dari instansi yang sama.")})
    if role_set & BIDANG_ROLES:
        unit = official.unit if official else None
        if unit is None or unit.kind not in (UnitKind.BIDANG, UnitKind.UPTD):
            raise ValidationError(
                {
                    "official": _(
                        "Peran Kepala Bidang/Operator Bidang memerlukan pejabat yang bertugas di "
                        "sebuah Bidang atau UPTD."
                    )
                }
            )


def _snapshot(user: User) -> dict[str, Any]:
    data = audit.snapshot(user, _USER_FIELDS)
    data["roles"] = sorted(user.role_assignments.values_list("role", flat=True)) if user.pk else []
    return data


def _set_roles(user: User, roles: Iterable[str]) -> None:
    wanted = set(roles)
    user.role_assignments.exclude(role__in=wanted).delete()
    existing = set(user.role_assignments.values_list("role", flat=True))
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=user, role=role) for role in sorted(wanted - existing)]
    )
    user.__dict__.pop("roles", None)


@transaction.atomic
def user_create(
    *,
    actor: Any,
    agency: Agency,
    username: str,
    password: str,
    roles: Iterable[str],
    official: Official | None = None,
    email: str = "",
    is_active: bool = True,
) -> User:
    """Create a user of `agency` with the given roles."""
    roles = list(roles)
    _check(agency=agency, official=official, roles=roles)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            {"username": _("Nama pengguna «%(username)s» sudah dipakai.") % {"username": username}}
        )
    user = User(
        username=username, email=email, official=official, agency=agency, is_active=is_active
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    _set_roles(user, roles)
    audit.record(
        actor=actor, action=AuditAction.CREATE, obj=user, before=None, after=_snapshot(user)
    )
    return user


@transaction.atomic
def user_update(
    *,
    actor: Any,
    user: User,
    roles: Iterable[str],
    official: Official | None,
    email: str = "",
    is_active: bool = True,
) -> User:
    """Change a user's official, e-mail, active flag and roles."""
    roles = list(roles)
    assert user.agency is not None
    _check(agency=user.agency, official=official, roles=roles, user=user)
    if actor.pk == user.pk and (not is_active or "administrator" not in roles):
        raise ValidationError(
            _("Anda tidak dapat menonaktifkan akun sendiri atau melepas peran Administrator Anda.")
        )
    before = _snapshot(user)
    user.official = official
    user.email = email
    user.is_active = is_active
    user.full_clean()
    user.save()
    _set_roles(user, roles)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=user,
        before=before,
        after=_snapshot(user),
    )
    return user


@transaction.atomic
def user_set_password(*, actor: Any, user: User, password: str) -> User:
    """Set a new password (by the Administrator); audited without the password itself."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=user,
        before=None,
        after=None,
        note=_("Kata sandi diatur ulang oleh Administrator."),
    )
    return user
