"""Signing in: Indonesian pages, lockout after repeated failures, home page per role."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_login_page_speaks_indonesian(client: Client) -> None:
    page = client.get("/accounts/login/").content.decode()
    assert 'lang="id"' in page
    assert "Nama pengguna" in page and "Kata sandi" in page and "Masuk" in page


def test_a_wrong_password_gives_an_indonesian_message(client: Client, personas: Any) -> None:
    response = client.post("/accounts/login/", {"username": "kasubag", "password": "salah"})
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in response.content.decode()


def test_five_wrong_passwords_lock_the_account_even_with_the_right_one(
    client: Client, personas: Any
) -> None:
    for _attempt in range(5):
        client.post("/accounts/login/", {"username": "kasubag", "password": "salah"})
    response = client.post("/accounts/login/", {"username": "kasubag", "password": "monev-demo"})
    assert response.status_code == 429
    assert "Akun dikunci sementara" in response.content.decode()
    assert "_auth_user_id" not in client.session
    other = Client().post("/accounts/login/", {"username": "kadis", "password": "monev-demo"})
    assert other.status_code == 302  # the lock is per username, not per office


def test_the_right_password_signs_in_and_opens_the_home_page(client: Client, personas: Any) -> None:
    response = client.post(
        "/accounts/login/", {"username": "kasubag", "password": "monev-demo"}, follow=True
    )
    page = response.content.decode()
    assert "Menunggu tindakan saya" in page
    assert "Kasubag Program" in page


@pytest.mark.parametrize(
    ("username", "visible", "invisible"),
    [
        ("admin", ["Pengguna", "Log audit", "Unit"], []),
        ("kadis", ["Log audit"], ["Pengguna"]),
        ("operator.koperasi", [], ["Pengguna", "Log audit"]),
        ("pemeriksa", ["Log audit"], ["Pengguna"]),
    ],
)
def test_the_navigation_shows_only_what_the_role_may_use(
    personas: Any, username: str, visible: list[str], invisible: list[str]
) -> None:
    client = Client()
    client.force_login(personas[username])
    page = client.get(reverse("home")).content.decode()
    nav = page[page.index('data-testid="main-nav"') : page.index("</ul>\n      <ul")]
    for label in visible:
        assert label in nav
    for label in invisible:
        assert label not in nav


def test_a_user_changes_their_own_password(personas: Any) -> None:
    client = Client()
    client.force_login(personas["operator.koperasi"])
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "monev-demo",
            "new_password1": "Balangan#2026",
            "new_password2": "Balangan#2026",
        },
    )
    assert response.status_code == 302
    personas["operator.koperasi"].refresh_from_db()
    assert personas["operator.koperasi"].check_password("Balangan#2026")


def test_english_is_available_as_the_second_language(personas: Any) -> None:
    client = Client()
    client.force_login(personas["kasubag"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("home")).content.decode()
    assert 'lang="en"' in page
    assert "Waiting for my action" in page
