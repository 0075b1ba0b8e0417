"""Reads of users, scoped to the reader's agency."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from monev.accounts.models import ApiToken, RoleAssignment, User
from monev.core.access import scope_of


def users_visible_to(user: User) -> QuerySet[User]:
    return scope_of(user).filter(User.objects)


def user_search(user: User, *, q: str = "", role: str = "", unit: str = "") -> QuerySet[User]:
    users = (
        users_visible_to(user)
        .select_related("official__unit")
        .prefetch_related(
            Prefetch("role_assignments", queryset=RoleAssignment.objects.order_by("role"))
        )
    )
    if q:
        users = users.filter(
            Q(username__icontains=q) | Q(official__name__icontains=q) | Q(email__icontains=q)
        )
    if role:
        users = users.filter(role_assignments__role=role)
    if unit:
        users = users.filter(official__unit_id=unit)
    return users.order_by("username").distinct()


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's API tokens that still work (not past their expiry), newest first."""
    return ApiToken.objects.filter(user=user).filter(
        Q(expiry__isnull=True) | Q(expiry__gt=timezone.now())
    )


def has_two_factor(user: User) -> bool:
    """Return True when the user signs in with a confirmed TOTP device (two-factor)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def two_factor_required(user: User) -> bool:
    """Return True when a role of the user must sign in with two factors (setting)."""
    return bool(set(user.roles) & set(settings.TWO_FACTOR_REQUIRED_ROLES))


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
