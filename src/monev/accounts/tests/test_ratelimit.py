"""Sign-in limits stop password spraying from one address without locking officials out."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from monev.core import ratelimit

pytestmark = pytest.mark.django_db

SPRAYER = "203.0.113.9"


def _login(address: str, username: str, password: str) -> Any:
    return Client(REMOTE_ADDR=address).post(
        "/accounts/login/", {"username": username, "password": password}
    )


def test_spraying_many_usernames_from_one_address_is_refused(personas: Any, settings: Any) -> None:
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 10
    usernames = [u for u in personas if u not in {"outsider"}]
    statuses = [_login(SPRAYER, name, "Rahasia123").status_code for name in usernames[:10]]
    assert statuses == [200] * 10  # each answered "wrong password" …
    refused = _login(SPRAYER, "sekretaris", "monev-demo")
    assert refused.status_code == 429  # … then the address is stopped, even with a right one
    assert int(refused["Retry-After"]) > 0
    assert "ditahan" in refused.content.decode()
    # The named officials still sign in from their own computers.
    assert _login("10.1.2.3", "kadis", "monev-demo").status_code == 302
    assert _login("10.1.2.4", "sekretaris", "monev-demo").status_code == 302


def test_guessing_one_password_stops_that_address_for_that_user(personas: Any) -> None:
    for _attempt in range(5):
        assert _login(SPRAYER, "kadis", "salah").status_code == 200
    assert _login(SPRAYER, "kadis", "monev-demo").status_code == 429
    assert _login(SPRAYER, "sekretaris", "monev-demo").status_code == 302
    assert _login("10.1.2.3", "kadis", "monev-demo").status_code == 302


def test_the_token_endpoint_is_limited_per_address_and_username(personas: Any) -> None:
    client = APIClient(REMOTE_ADDR=SPRAYER)
    url = "/api/v1/auth/token/"
    for _attempt in range(5):
        response = client.post(url, {"username": "kadis", "password": "x"}, format="json")
        assert response.status_code == 400
    refused = client.post(url, {"username": "kadis", "password": "monev-demo"}, format="json")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    other = APIClient(REMOTE_ADDR="10.1.2.3")
    assert other.post(url, {"username": "kadis", "password": "monev-demo"}).status_code == 200


def test_the_api_throttles_a_user_with_retry_after(personas: Any, settings: Any) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": "3/min", "anon": "2/min"},
    }
    client = APIClient()
    client.force_authenticate(personas["kadis"])
    assert [client.get("/api/v1/me/").status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get("/api/v1/me/")
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 60
    anonymous = APIClient(REMOTE_ADDR=SPRAYER)
    statuses = [
        anonymous.post("/api/v1/auth/token/", {}, format="json").status_code for _ in range(3)
    ]
    assert statuses == [400, 400, 429]


def test_the_limit_decorator_refuses_with_429(rf: Any, db: Any) -> None:
    from django.http import HttpResponse

    @ratelimit.limited(ratelimit.Rule("public-page", 2, 60))
    def page(request: Any) -> HttpResponse:
        return HttpResponse("ok")

    from django.contrib.auth.models import AnonymousUser

    def request(address: str) -> Any:
        made = rf.get("/", REMOTE_ADDR=address)
        made.user = AnonymousUser()
        return made

    assert [page(request(SPRAYER)).status_code for _ in range(3)] == [200, 200, 429]
    assert page(request("10.1.2.3")).status_code == 200


def test_the_client_address_behind_trusted_proxies(rf: Any, settings: Any) -> None:
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.7")
    assert ratelimit.client_address(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert ratelimit.client_address(request) == "198.51.100.7"
