"""Rate limits shared by every worker: fixed windows counted in the database.

A `Rule` allows `limit` events per `window` seconds for one key (its parts: a client address,
an address and a username …). Sign-in and the API token endpoint count failures per address and
per (address, username) (`monev.accounts.signin`); a public page wraps its view in
`limited(rule)`. The API's per-request throttles (`UserThrottle`, `AnonThrottle`) are DRF's.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from rest_framework import throttling
from rest_framework.settings import api_settings

from monev.core.models import RateLimitCounter


@dataclass(frozen=True)
class Rule:
    """At most `limit` events per `window` seconds for each key of the rule `name`."""

    name: str
    limit: int
    window: int


def client_address(request: Any) -> str:
    """The client's address: REMOTE_ADDR, or the entry of X-Forwarded-For that the last of
    `TRUSTED_PROXY_COUNT` reverse proxies added (never a value the client could choose)."""
    meta = getattr(request, "META", {})
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    if proxies > 0:
        forwarded = [p.strip() for p in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return str(meta.get("REMOTE_ADDR", ""))


def _key(rule: Rule, parts: tuple[Any, ...]) -> str:
    text = "\x1f".join([rule.name, *(str(p).strip().lower() for p in parts)])
    return hashlib.sha256(text.encode()).hexdigest()


def _remaining(counter: RateLimitCounter, rule: Rule, now: datetime) -> int:
    end = counter.window_start + timedelta(seconds=rule.window)
    return max(1, int((end - now).total_seconds() + 0.999))


def blocked(rule: Rule, *parts: Any) -> int:
    """Seconds until the key may act again (0 when it may now): its window holds `limit`."""
    now = timezone.now()
    counter = RateLimitCounter.objects.filter(key=_key(rule, parts)).first()
    if counter is None or counter.window_start + timedelta(seconds=rule.window) <= now:
        return 0
    return _remaining(counter, rule, now) if counter.count >= rule.limit else 0


def hit(rule: Rule, *parts: Any) -> int:
    """Count one event; return the seconds to wait when it went past the limit, else 0."""
    now = timezone.now()
    key = _key(rule, parts)
    for _attempt in range(2):  # a concurrent first hit may create the row between our reads
        try:
            with transaction.atomic():
                counter, created = RateLimitCounter.objects.select_for_update().get_or_create(
                    key=key, defaults={"window_start": now, "count": 0}
                )
                if counter.window_start + timedelta(seconds=rule.window) <= now:
                    counter.window_start, counter.count = now, 0
                counter.count += 1
                counter.save(update_fields=["window_start", "count"])
                if created:  # keep the table small: drop windows that ended a day ago
                    RateLimitCounter.objects.filter(
                        window_start__lt=now - timedelta(days=1)
                    ).delete()
            break
        except IntegrityError:
            continue
    return _remaining(counter, rule, now) if counter.count > rule.limit else 0


def reset(rule: Rule, *parts: Any) -> None:
    """Forget the key's count (e.g. after a successful sign-in)."""
    RateLimitCounter.objects.filter(key=_key(rule, parts)).delete()


def refusal(
    request: HttpRequest, retry_after: int, template: str = "core/rate_limited.html"
) -> HttpResponse:
    """The 429 page with its `Retry-After` header."""
    minutes = max(1, (retry_after + 59) // 60)
    response = render(request, template, {"minutes": minutes}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def limited(
    rule: Rule, key: Callable[[HttpRequest], tuple[Any, ...]] | None = None
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a view: every request counts for its key (default: the client address)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            parts = key(request) if key else (client_address(request),)
            wait = hit(rule, *parts)
            if wait:
                return refusal(request, wait)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _rate(scope: str | None) -> str | None:
    rate = api_settings.DEFAULT_THROTTLE_RATES.get(scope or "")
    return str(rate) if rate else None


class UserThrottle(throttling.UserRateThrottle):
    """API requests per signed-in user (DRF's throttle, counted in each worker's cache: cheap,
    constant cost per request; the sign-in limits above are the ones shared by all workers)."""

    def get_rate(self) -> str | None:
        return _rate(self.scope)  # read now, not at import


class AnonThrottle(throttling.AnonRateThrottle):
    """API requests per client address without a signed-in user."""

    def get_rate(self) -> str | None:
        return _rate(self.scope)

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        if request.user is not None and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}
