"""In Chromium: two roles sign in, see different menus, and do what each may do."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, fill_login

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_login_page_in_indonesian_on_desktop_and_phone(
    live_server: Any, page: Any, personas: Any, shoot: Any
) -> None:
    for name, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.goto(f"{live_server.url}/accounts/login/")
        expect(page.get_by_role("button", name="Masuk")).to_be_visible()
        expect(page.get_by_label("Nama pengguna")).to_be_visible()
        shoot(f"login-{name}")


def test_an_operator_and_an_administrator_see_and_do_different_things(
    live_server: Any, page: Any, personas: Any, login: Any, shoot: Any
) -> None:
    page.set_viewport_size(DESKTOP)
    login("operator.koperasi")
    expect(page.get_by_role("heading", name="Menunggu tindakan saya")).to_be_visible()
    expect(page.get_by_test_id("roles")).to_contain_text("Operator Bidang")
    expect(page.get_by_test_id("roles")).to_contain_text("Bidang Koperasi")
    expect(page.get_by_test_id("main-nav")).not_to_contain_text("Organisasi")
    shoot("home-operator-desktop")
    response = page.goto(f"{live_server.url}/accounts/pengguna/")
    assert response is not None and response.status == 403

    login("admin")
    nav = page.get_by_test_id("main-nav")
    nav.get_by_role("button", name="Organisasi").click()
    nav.get_by_role("link", name="Pengguna").click()
    expect(page.get_by_test_id("user-table")).to_contain_text("operator.koperasi")
    shoot("users-admin-desktop")

    page.get_by_role("link", name="Tambah pengguna").click()
    page.get_by_label("Nama pengguna").fill("operator2.koperasi")
    page.locator("#id_password1").fill("Balangan#2026")
    page.get_by_label("Ulangi kata sandi").fill("Balangan#2026")
    page.get_by_label("Pejabat/pegawai").select_option(label="Rina Apriani, S.E.")
    page.get_by_label("Operator Bidang").check()
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Pengguna ditambahkan.")).to_be_visible()
    expect(page.get_by_test_id("user-table")).to_contain_text("operator2.koperasi")

    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/accounts/pengguna/")
    shoot("users-admin-phone")
    page.goto(f"{live_server.url}/")
    shoot("home-admin-phone")

    login("operator2.koperasi", "Balangan#2026")
    expect(page.get_by_test_id("roles")).to_contain_text("Operator Bidang")


def test_a_wrong_password_five_times_holds_that_address_for_the_account(
    live_server: Any, page: Any, personas: Any
) -> None:
    for _ in range(6):  # five failures counted; the sixth attempt is held (429)
        fill_login(page, live_server.url, "kadis", "salah")
    expect(page.get_by_test_id("lockout")).to_contain_text("Akun dikunci sementara")
