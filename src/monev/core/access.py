"""Role checks used by every view, API endpoint and download.

Objects are scoped by the `visible_to(user)` selectors of each app (a single object outside the
user's scope is a 404); a missing role on an object in scope is a 403 raised here.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponse])

#: Named permissions → the roles that hold them. The base layer names no role (it imports no
#: app); the accounts app, which owns the roles, grants them at start-up (`grant`).
_grants: dict[str, frozenset[str]] = {}


def grant(permission: str, *roles: str) -> None:
    """Give the named permission (e.g. "audit.read") to `roles` (replacing earlier grants)."""
    _grants[permission] = frozenset(roles)


def roles_for(permission: str) -> frozenset[str]:
    """Return the roles holding `permission`; KeyError for a permission nobody granted."""
    return _grants[permission]


def has_role(user: Any, *roles: str) -> bool:
    """Return True when an authenticated, active user holds at least one of `roles`."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(user.has_role(*roles))


def require_role(user: Any, *roles: str) -> None:
    """Raise PermissionDenied (403) unless the user holds one of `roles`."""
    if not has_role(user, *roles):
        raise PermissionDenied


def permission_required(permission: str) -> Callable[[ViewFunc], ViewFunc]:
    """Decorate a view: login first (redirect), then a role holding `permission` (403)."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            require_role(request.user, *roles_for(permission))
            return view(request, *args, **kwargs)

        return login_required(wrapper)  # type: ignore[return-value]

    return decorator


def role_required(*roles: str) -> Callable[[ViewFunc], ViewFunc]:
    """Decorate a view: login first (redirect), then one of `roles` (403)."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            require_role(request.user, *roles)
            return view(request, *args, **kwargs)

        return login_required(wrapper)  # type: ignore[return-value]

    return decorator


if TYPE_CHECKING:
    from monev.accounts.models import User

    class AuthedRequest(HttpRequest):
        """A request behind `login_required`: its user is a real `User`."""

        user: User
else:
    AuthedRequest = HttpRequest
