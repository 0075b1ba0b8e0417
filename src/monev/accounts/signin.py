"""Limits on failed sign-ins, shared by the login page and the API token endpoint.

Two rules (`monev.core.ratelimit`): failures per client address (`LOGIN_ADDRESS_FAILURE_LIMIT`,
stops password spraying over many usernames) and per (address, username)
(`LOGIN_FAILURE_LIMIT`, stops guessing one password). Neither locks the account itself: the
official still signs in from another computer. Both windows last `LOGIN_LOCKOUT_MINUTES`.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from monev.core import ratelimit


def _rules() -> tuple[ratelimit.Rule, ratelimit.Rule]:
    window = settings.LOGIN_LOCKOUT_MINUTES * 60
    return (
        ratelimit.Rule("signin-address", settings.LOGIN_ADDRESS_FAILURE_LIMIT, window),
        ratelimit.Rule("signin-user", settings.LOGIN_FAILURE_LIMIT, window),
    )


def wait_seconds(request: HttpRequest, username: str) -> int:
    """Seconds before this address may try this username again (0: it may try now)."""
    address = ratelimit.client_address(request)
    per_address, per_user = _rules()
    return max(
        ratelimit.blocked(per_address, address), ratelimit.blocked(per_user, address, username)
    )


def failed(request: HttpRequest, username: str) -> None:
    """Count one failed sign-in of `username` from the request's address."""
    address = ratelimit.client_address(request)
    per_address, per_user = _rules()
    ratelimit.hit(per_address, address)
    ratelimit.hit(per_user, address, username)


def succeeded(request: HttpRequest, username: str) -> None:
    """Forget the failures of this (address, username) after a correct password."""
    ratelimit.reset(_rules()[1], ratelimit.client_address(request), username)
