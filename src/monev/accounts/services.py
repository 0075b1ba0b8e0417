"""Writes of users and their roles; every change is audited (passwords never are)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import match_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from monev.accounts.choices import BIDANG_ROLES, INSTANCE_ROLES
from monev.accounts.models import ApiToken, RoleAssignment, User
from monev.core import audit
from monev.core.choices import AuditAction
from monev.organization.choices import UnitKind
from monev.organization.models import Agency, Official

_USER_FIELDS = ("username", "email", "official_id", "is_active", "agency_id")


def _check(
    *,
    agency: Agency,
    official: Official | None,
    roles: Iterable[str],
    user: User | None = None,
    actor: User | None = None,
) -> None:
    role_set = set(roles)
    if role_set & INSTANCE_ROLES and actor is not None and not actor.is_superuser:
        # Bappeda reads every agency: an agency's own administrator cannot grant that.
        before = set(user.roles) if user is not None else set()
        if (role_set & INSTANCE_ROLES) - before:
            raise ValidationError(
                {"roles": _("Peran Bappeda hanya dapat diberikan oleh pengelola instalasi.")}
            )
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
    actor: User | None,
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
    _check(agency=agency, official=official, roles=roles, actor=actor)
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
    actor: User,
    user: User,
    roles: Iterable[str],
    official: Official | None,
    email: str = "",
    is_active: bool = True,
) -> User:
    """Change a user's official, e-mail, active flag and roles."""
    roles = list(roles)
    assert user.agency is not None
    _check(agency=user.agency, official=official, roles=roles, user=user, actor=actor)
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
def user_set_password(*, actor: User, user: User, password: str) -> User:
    """Set a new password (by the Administrator); audited without the password itself."""
    user.set_password(password)
    user.save(update_fields=["password"])  # ends the user's API tokens (User.save)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=user,
        before=None,
        after=None,
        note=_("Kata sandi diatur ulang oleh Administrator; semua token API pengguna dicabut."),
    )
    return user


@transaction.atomic
def password_change_own(*, user: User, password: str) -> User:
    """The user's own new password; audited without it, and every API token of theirs ends."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=user,
        before=None,
        after=None,
        note=_("Kata sandi diganti oleh pengguna; semua token API pengguna dicabut."),
    )
    return user


@transaction.atomic
def token_create(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Create an API token of `user`; return it with its text, which is never shown again."""
    token, text = ApiToken.objects.create(user=user, name=name.strip()[:100])
    audit.record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=user,
        before={"token_api": None},
        after={"token_api": token.token_key[:8], "nama": token.name},
        note=_("Token API dibuat."),
    )
    return token, text


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken, note: str = "") -> None:
    """End one API token (its owner's logout or revocation on the token page)."""
    user, key = token.user, token.token_key[:8]
    token.delete()
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=user,
        before={"token_api": key},
        after={"token_api": None},
        note=note or _("Token API dicabut."),
    )


RECOVERY_CODE_COUNT = 10


def two_factor_begin(*, user: User) -> TOTPDevice:
    """The TOTP device being enrolled (unconfirmed until a code from it is entered)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Monev Kinerja", confirmed=False)
    return device


@transaction.atomic
def two_factor_confirm(*, user: User, device: TOTPDevice, code: str) -> list[str]:
    """Confirm enrolment with a code of the new device; return the recovery codes (shown once).

    Any earlier device and recovery codes of the user are replaced.
    """
    if device.user_id != user.pk or device.confirmed or not device.verify_token(code.strip()):
        raise ValidationError({"code": _("Kode tidak cocok. Periksa jam ponsel dan coba lagi.")})
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    StaticDevice.objects.filter(user=user).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    static = StaticDevice.objects.create(user=user, name="Kode pemulihan", confirmed=True)
    codes = [StaticToken.random_token() for _index in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    audit.record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=user,
        before={"dua_langkah": False},
        after={"dua_langkah": True},
        note=_("Verifikasi dua langkah diaktifkan."),
    )
    return codes


@transaction.atomic
def two_factor_verify(*, user: User, code: str) -> Device | None:
    """The device that accepts `code` (TOTP, or a recovery code, which is then used up)."""
    code = code.strip().replace(" ", "")
    if not code:
        return None
    device: Device | None = match_token(user, code)
    if device is not None and isinstance(device, StaticDevice):
        audit.record(
            actor=user,
            action=AuditAction.UPDATE,
            obj=user,
            before=None,
            after=None,
            note=_("Masuk dengan kode pemulihan."),
        )
    return device


@transaction.atomic
def two_factor_reset(*, actor: User, user: User) -> None:
    """The Administrator removes a user's two-factor devices (e.g. a lost phone)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=user,
        before={"dua_langkah": True},
        after={"dua_langkah": False},
        note=_("Verifikasi dua langkah diatur ulang oleh Administrator."),
    )
