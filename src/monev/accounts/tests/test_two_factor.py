"""Two-factor sign-in: enrolment, the second step, recovery codes, required roles, reset."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from monev.accounts import services
from monev.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _enrol(user: Any) -> tuple[TOTPDevice, list[str]]:
    device = services.two_factor_begin(user=user)
    codes = services.two_factor_confirm(user=user, device=device, code=str(totp(device.bin_key)))
    device.refresh_from_db()
    device.last_t = -1  # let the tests use the current step again
    device.save()
    return device, codes


def _signed_in(username: str) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": "monev-demo"})
    assert response.status_code == 302
    return client


def test_a_user_with_a_device_must_enter_a_code_before_any_page(personas: Any) -> None:
    device, _codes = _enrol(personas["kasubag"])
    client = _signed_in("kasubag")
    cycles = reverse("sop:cycle_list")
    response = client.get(cycles)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))
    wrong = client.post(reverse("accounts:two_factor_verify"), {"code": "000000"})
    assert wrong.status_code == 400 and "Kode salah" in wrong.content.decode()
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):  # django-otp's backoff
        right = client.post(
            reverse("accounts:two_factor_verify") + f"?next={cycles}",
            {"code": f"{totp(device.bin_key):06d}", "next": cycles},
        )
    assert right.status_code == 302 and right["Location"] == cycles
    assert client.get(cycles).status_code == 200


def test_a_recovery_code_works_once(personas: Any) -> None:
    _device, codes = _enrol(personas["kasubag"])
    assert len(codes) == 10
    first = _signed_in("kasubag")
    ok = first.post(reverse("accounts:two_factor_verify"), {"code": codes[0]})
    assert ok.status_code == 302 and first.get("/").status_code == 200
    again = _signed_in("kasubag")
    assert again.post(reverse("accounts:two_factor_verify"), {"code": codes[0]}).status_code == 400
    assert AuditEntry.objects.filter(note="Masuk dengan kode pemulihan.").count() == 1


def test_required_roles_enrol_before_using_the_app(personas: Any, settings: Any) -> None:
    settings.TWO_FACTOR_REQUIRED_ROLES = ["administrator", "kepala_dinas"]
    client = _signed_in("kadis")
    response = client.get("/")
    assert response["Location"].startswith(reverse("accounts:two_factor_setup"))
    page = client.get(reverse("accounts:two_factor_setup")).content.decode()
    assert "<svg" in page and "wajib" in page
    device = TOTPDevice.objects.get(user=personas["kadis"], confirmed=False)
    wrong = client.post(reverse("accounts:two_factor_setup"), {"code": "123456"})
    assert wrong.status_code == 400
    done = client.post(
        reverse("accounts:two_factor_setup"), {"code": f"{totp(device.bin_key):06d}"}
    )
    assert done.status_code == 200 and 'data-testid="recovery-codes"' in done.content.decode()
    assert client.get("/").status_code == 200
    assert _signed_in("operator.koperasi").get("/").status_code == 200  # not a required role


def test_the_administrator_resets_two_factor_audited(personas: Any) -> None:
    target = personas["kasubag"]
    _enrol(target)
    admin = Client()
    admin.force_login(personas["admin"])
    edit = admin.get(reverse("accounts:user_edit", args=[target.pk])).content.decode()
    assert "Atur ulang verifikasi dua langkah" in edit
    url = reverse("accounts:two_factor_reset", args=[target.pk])
    other = Client()
    other.force_login(personas["kadis"])
    assert other.post(url).status_code == 403
    assert admin.post(url).status_code == 302
    assert not TOTPDevice.objects.filter(user=target).exists()
    entry = AuditEntry.objects.get(note__startswith="Verifikasi dua langkah diatur ulang")
    assert entry.actor == personas["admin"]
    assert _signed_in("kasubag").get("/").status_code == 200  # password alone again
