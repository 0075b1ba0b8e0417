"""Role checks used by every view, API endpoint and download.

Objects are scoped by the `visible_to(user)` selectors of each app (a single object outside the
user's scope is a 404); a missing role on an object in scope is a 403 raised here. Which
agency's rows a user reads is decided in one place, the user's `Scope` (`scope_of`): every
selector filters through it instead of writing its own agency filter (SPEC §14).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Manager, Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from monev.core.tenancy import agency_id_of, agency_q

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponse])
M = TypeVar("M", bound=Model)

#: The named permission of the roles that read every agency of the instance (Bappeda).
EVERY_AGENCY = "kabupaten.read"

#: Named permissions → the roles that hold them. The base layer names no role (it imports no
#: app); the accounts app, which owns the roles, grants them at start-up (`grant`).
_grants: dict[str, frozenset[str]] = {}


def grant(permission: str, *roles: str) -> None:
    """Give the named permission (e.g. "audit.read") to `roles` (replacing earlier grants)."""
    _grants[permission] = frozenset(roles)


def roles_for(permission: str) -> frozenset[str]:
    """Return the roles holding `permission`; KeyError for a permission nobody granted."""
    return _grants[permission]


@dataclass(frozen=True)
class Scope:
    """The agency whose rows a signed-in user reads: the one place tenancy is decided.

    `agency_id` is the user's own agency (0 for a user of none, which matches no row);
    `every_agency` is true for the roles that read every agency of the instance (Bappeda),
    who reach another agency's pages only through `within` (the consolidated view's
    drill-down). It is asked of the user's roles only when needed: filtering by the agency
    costs no query.
    """

    agency_id: int
    user: Any = field(default=None, repr=False, compare=False)
    reads_every: bool | None = None

    @property
    def every_agency(self) -> bool:
        if self.reads_every is not None:
            return self.reads_every
        return has_role(self.user, *_grants.get(EVERY_AGENCY, frozenset()))

    def filter(self, rows: QuerySet[M] | Manager[M]) -> QuerySet[M]:
        """The rows of the scope's agency, along the path their model declares
        (`monev.core.tenancy`: `@belongs_to_agency("cycle")` …)."""
        return rows.filter(agency_q(rows.model, self.agency_id))

    def owns(self, obj: Model) -> bool:
        """Whether `obj` belongs to the scope's own agency (its declared path)."""
        return bool(self.agency_id) and agency_id_of(obj) == self.agency_id

    def agencies(self, rows: QuerySet[M] | Manager[M]) -> QuerySet[M]:
        """The agencies (rows of `Agency`) this scope reads: every one for Bappeda, else the
        user's own."""
        return rows.all() if self.every_agency else rows.filter(pk=self.agency_id)

    def reads(self, agency_id: int | None) -> bool:
        return bool(agency_id) and (self.every_agency or agency_id == self.agency_id)

    def within(self, agency_id: int | None) -> Scope:
        """The scope of one agency this scope reads (a drill-down); 404 for any other."""
        if not agency_id or not self.reads(agency_id):
            raise Http404
        return Scope(agency_id=agency_id, reads_every=self.every_agency)


def scope_of(user: Any) -> Scope:
    """Return the signed-in user's scope (cached on the user object for the request)."""
    cached = getattr(user, "_monev_scope", None)
    if cached is not None:
        return cached
    scope = Scope(agency_id=getattr(user, "agency_id", None) or 0, user=user)
    if user is not None and getattr(user, "is_authenticated", False):
        user._monev_scope = scope
    return scope


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
    # typing only. The signed-in user's class is the model settings.AUTH_USER_MODEL names
    # (accounts sits above core): the django-stubs plugin reads its `_User` alias as that
    # model, the way Django's own auth code is typed against the swappable user model.
    from django.contrib.auth.models import _User

    class AuthedRequest(HttpRequest):
        """A request behind `login_required`: its user is a real user (AUTH_USER_MODEL)."""

        user: _User
else:
    AuthedRequest = HttpRequest
