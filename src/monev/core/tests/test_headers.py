"""Every page carries the CSP and Permissions-Policy; sessions end when idle and when old."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

SRC = Path(__file__).parents[2]


@pytest.mark.django_db
def test_pages_and_the_api_send_the_policies(personas: Any) -> None:
    client = Client()
    login_page = client.get("/accounts/login/")
    csp = login_page["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("style-src-attr")[0]
    assert "frame-ancestors 'none'" in csp
    assert "camera=()" in login_page["Permissions-Policy"]
    client.force_login(personas["kadis"])
    assert "Content-Security-Policy" in client.get("/").headers
    assert "Content-Security-Policy" in client.get("/api/v1/me/").headers


def test_no_template_has_an_inline_script_or_event_handler() -> None:
    offenders = []
    for template in SRC.rglob("templates/**/*.html"):
        text = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag:
                offenders.append(f"{template}: {tag}")
        if re.search(r"\son[a-z]+=", text):
            offenders.append(f"{template}: inline event handler")
        if "javascript:" in text:
            offenders.append(f"{template}: javascript: URL")
    assert not offenders, offenders


@pytest.mark.django_db
def test_a_session_ends_after_the_idle_time(personas: Any, settings: Any) -> None:
    settings.SESSION_IDLE_MINUTES = 30
    client = Client()
    client.force_login(personas["kasubag"])
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert client.get("/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=25), tick=False):
        assert client.get("/").status_code == 200  # activity keeps it alive …
    with time_machine.travel(start + timedelta(minutes=50), tick=False):
        assert client.get("/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=90), tick=False):
        response = client.get(reverse("sop:cycle_list"))  # … 40 idle minutes end it
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_a_busy_session_still_ends_at_its_absolute_lifetime(personas: Any) -> None:
    client = Client()
    client.force_login(personas["kasubag"])
    start = timezone.now()
    minute = 0
    with time_machine.travel(start, tick=False):
        client.get("/")
    while minute < 10 * 60 - 20:
        minute += 20
        with time_machine.travel(start + timedelta(minutes=minute), tick=False):
            assert client.get("/").status_code == 200
    with time_machine.travel(start + timedelta(hours=10, minutes=5), tick=False):
        assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_an_htmx_request_after_the_idle_time_is_sent_to_the_login_page(personas: Any) -> None:
    client = Client()
    client.force_login(personas["kasubag"])
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.get("/")
    with time_machine.travel(start + timedelta(hours=1), tick=False):
        response = client.get("/", headers={"HX-Request": "true"})
    assert response.status_code == 204 and response["HX-Redirect"] == "/accounts/login/"
