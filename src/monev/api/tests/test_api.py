"""The API foundation: token, me, units, schema — with the web's permissions."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def _token(username: str) -> str:
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": username, "password": "monev-demo"}, format="json"
    )
    assert response.status_code == 200, response.content
    return str(response.json()["token"])


def test_a_token_opens_me_with_the_users_roles_and_unit(personas: Any) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {_token('operator.koperasi')}")
    body = client.get("/api/v1/me/").json()
    assert body == {
        "username": "operator.koperasi",
        "full_name": "Dewi Rahmawati, S.E.",
        "unit": personas["operator.koperasi"].unit.pk,
        "roles": ["operator_bidang"],
    }


def test_a_wrong_password_gets_no_token(personas: Any) -> None:
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "kadis", "password": "salah"}, format="json"
    )
    assert response.status_code == 400
    assert "token" not in response.json()


def test_units_are_paginated_and_limited_to_the_users_agency(personas: Any) -> None:
    client = APIClient()
    client.force_authenticate(personas["stranger"])
    assert client.get("/api/v1/units/").json()["count"] == 0
    client.force_authenticate(personas["kadis"])
    body = client.get("/api/v1/units/").json()
    assert set(body) == {"count", "next", "previous", "results"}
    by_code = {u["code"]: u for u in body["results"]}
    assert by_code["BID-KOP"]["kind"] == "bidang"
    assert by_code["SUBBAG-PROG"]["parent"] == by_code["SEK"]["id"]


def test_the_schema_describes_the_contract(personas: Any) -> None:
    client = APIClient()
    client.force_authenticate(personas["pemeriksa"])
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    paths = (
        response.json()["paths"]
        if response["Content-Type"].startswith("application/json")
        else None
    )
    if paths is None:  # YAML by default
        text = response.content.decode()
        assert "/api/v1/me/" in text and "/api/v1/units/" in text
    else:
        assert "/api/v1/me/" in paths and "/api/v1/units/" in paths
