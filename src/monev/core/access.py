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

from monev.accounts.choices import Role

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponse])

#: Roles that may read the audit log (issue: Administrator, Kepala Dinas, Pemeriksa).
AUDIT_READERS = (Role.ADMINISTRATOR, Role.KEPALA_DINAS, Role.PEMERIKSA)


def has_role(user: Any, *roles: str) -> bool:
    """Return True when an authenticated, active user holds at least one of `roles`."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(user.has_role(*roles))


def require_role(user: Any, *roles: str) -> None:
    """Raise PermissionDenied (403) unless the user holds one of `roles`."""
    if not has_role(user, *roles):
        raise PermissionDenied


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
