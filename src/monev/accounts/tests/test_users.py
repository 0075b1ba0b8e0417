"""The Administrator's user pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from monev.accounts.models import User
from monev.core.models import AuditEntry
from monev.organization.models import Official

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(personas: dict[str, Any]) -> Client:
    client = Client()
    client.force_login(personas["admin"])
    return client


def _new_user(**overrides: Any) -> dict[str, Any]:
    official = Official.objects.get(name__startswith="Rina Apriani")  # no account yet
    data = {
        "username": "operator2.ukm",
        "password1": "Balangan#2026",
        "password2": "Balangan#2026",
        "official": official.pk,
        "email": "",
        "roles": ["operator_bidang"],
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_a_duplicate_username_is_refused_and_the_form_keeps_the_input(
    admin_client: Client,
) -> None:
    before = User.objects.count()
    response = admin_client.post(
        reverse("accounts:user_create"), _new_user(username="kasubag", email="baru@contoh.id")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nama pengguna «kasubag» sudah dipakai." in page
    assert 'value="baru@contoh.id"' in page
    assert User.objects.count() == before


def test_a_new_user_gets_roles_and_the_creation_is_audited(admin_client: Client) -> None:
    response = admin_client.post(reverse("accounts:user_create"), _new_user())
    assert response.status_code == 302
    user = User.objects.get(username="operator2.ukm")
    assert user.roles == {"operator_bidang"}
    assert user.unit is not None and user.unit.code == "BID-KOP"
    entry = AuditEntry.objects.get(object_repr="operator2.ukm", action="create")
    assert entry.changes["roles"] == [None, ["operator_bidang"]]
    assert "password" not in entry.changes


def test_a_bidang_role_needs_an_official_in_a_bidang(admin_client: Client) -> None:
    official = Official.objects.get(name__startswith="Rahmadi")  # Subbagian, not a Bidang
    response = admin_client.post(reverse("accounts:user_create"), _new_user(official=official.pk))
    assert response.status_code == 400
    assert "memerlukan pejabat yang bertugas di sebuah Bidang" in response.content.decode()


def test_an_official_gets_at_most_one_account(admin_client: Client) -> None:
    taken = Official.objects.get(name__startswith="Dewi Rahmawati")
    response = admin_client.post(reverse("accounts:user_create"), _new_user(official=taken.pk))
    assert response.status_code == 400
    assert "sudah memiliki akun pengguna «operator.koperasi»" in response.content.decode()


def test_the_user_list_filters_by_role(admin_client: Client) -> None:
    page = admin_client.get(
        reverse("accounts:user_list"), {"role": "kepala_bidang"}
    ).content.decode()
    assert "kabid.koperasi" in page and "kabid.naker" in page
    assert "operator.koperasi" not in page


def test_an_administrator_cannot_remove_their_own_administrator_role(
    admin_client: Client, personas: dict[str, Any]
) -> None:
    admin = personas["admin"]
    data = {"official": admin.official_id, "email": "", "roles": ["pemeriksa"], "is_active": "on"}
    response = admin_client.post(reverse("accounts:user_edit", args=[admin.pk]), data)
    assert response.status_code == 400
    assert User.objects.get(pk=admin.pk).roles == {"administrator"}
