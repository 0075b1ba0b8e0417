"""The signed-in user of a request, typed as `User`.

Pages behind `login_required` type their request as `core.access.AuthedRequest`; the API's
endpoints (DRF, every one but the token exchange behind `IsAuthenticated`) read their user
through `signed_in`, so selectors and services take a `User`, not `User | AnonymousUser`.
"""

from __future__ import annotations

from django.http import HttpRequest
from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request

from monev.accounts.models import User


def signed_in(request: Request | HttpRequest) -> User:
    """The request's user; NotAuthenticated (401) for an anonymous one, which the API's
    default permission has already refused."""
    user = request.user
    if not isinstance(user, User):
        raise NotAuthenticated
    return user
