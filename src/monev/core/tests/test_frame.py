"""The page frame kept per reader (`{% main_navbar %}`) and the data token read once per
request (`core.freshness.tokens_remembered`): what a page shows stays exact."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from monev.accounts.models import RoleAssignment
from monev.core.freshness import current_token, results_changed, tokens_remembered
from monev.sop.models import Notification


def _bar(client: Client) -> str:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    page = response.content.decode()
    return page[page.index("<nav") : page.index("</nav>")]


def _tokens(bar: str) -> list[str]:
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', bar)


@pytest.mark.django_db
def test_the_kept_bar_shows_each_request_s_token_name_count_and_menu(personas: Any) -> None:
    user = personas["operator.koperasi"]
    client = Client()
    client.force_login(user)
    first = _bar(client)
    assert 'data-testid="unread-count"' not in first
    second = _bar(client)
    # The logout and language forms carry the request's own (masked) token, never the
    # placeholder the kept bar holds.
    assert len(_tokens(second)) == 2 and all(len(t) == 64 for t in _tokens(second))
    assert _tokens(second) != _tokens(first)
    assert "\x00" not in second
    Notification.objects.create(user=user, title="Satu", created_at=timezone.now())
    Notification.objects.create(user=user, title="Dua", created_at=timezone.now())
    assert 'data-testid="unread-count">2</span>' in _bar(client)
    user.first_name, user.last_name, user.official = "Nama", "Baru", None
    user.save()
    assert "Nama Baru" in _bar(client)
    before = set(re.findall(r'data-nav="([^"]+)"', _bar(client)))
    RoleAssignment.objects.create(user=user, role="kasubag_program")
    after = set(re.findall(r'data-nav="([^"]+)"', _bar(client)))
    assert before < after  # the new role's menu entries, at once


@pytest.mark.django_db(transaction=True)
def test_a_request_reads_the_token_once_and_forgets_it_on_its_own_write(
    personas: Any,
) -> None:
    agency_id = personas["sekretaris"].agency_id
    results_changed(agency_id)
    with tokens_remembered():
        with CaptureQueriesContext(connection) as queries:
            token = current_token(agency_id)
            assert current_token(agency_id) == token
        assert len(queries) == 1
        results_changed(agency_id)  # a write of the request: the next read sees its token
        fresh = current_token(agency_id)
        assert fresh is not None and fresh != token
    with CaptureQueriesContext(connection) as queries:  # outside a request: read each time
        current_token(agency_id)
        current_token(agency_id)
    assert len(queries) == 2
