"""403, 404 and 500 pages: Indonesian, inside the site layout, with a way home; a refusal is
logged as one line."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import path

from monev.core.errors import server_error_page

pytestmark = pytest.mark.django_db


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("boom")


urlpatterns = [path("boom/", _boom)]
handler500 = "monev.core.errors.server_error_page"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@override_settings(DEBUG=False)
def test_a_missing_page_is_an_indonesian_404_inside_the_layout(personas: Any) -> None:
    response = _client(personas["operator.koperasi"]).get("/tidak-ada/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Halaman tidak ditemukan" in page
    assert 'data-testid="main-nav"' in page  # the site layout, with the menu
    assert 'href="/" data-testid="error-home"' in page
    anonymous = Client().get("/tidak-ada/")
    assert anonymous.status_code == 404 and "Halaman tidak ditemukan" in anonymous.content.decode()


@override_settings(DEBUG=False)
def test_a_refused_page_is_an_indonesian_403_inside_the_layout(personas: Any) -> None:
    response = _client(personas["operator.koperasi"]).get("/audit/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Akses ditolak" in page and "Kembali ke Beranda" in page
    assert 'data-testid="main-nav"' in page


def test_the_500_page_needs_no_request_context() -> None:
    response = server_error_page(RequestFactory().get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Terjadi kesalahan pada server" in page and 'href="/"' in page


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_an_unhandled_error_shows_the_500_page(personas: Any) -> None:
    client = _client(personas["operator.koperasi"])
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Terjadi kesalahan pada server" in response.content.decode()


@override_settings(DEBUG=False)
def test_a_permission_refusal_is_logged_as_one_line(
    personas: Any, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="django.request"):
        _client(personas["operator.koperasi"]).get("/audit/")
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.getMessage() == "Forbidden (Permission denied): /audit/"
    assert record.exc_info is None
    assert "Traceback" not in logging.Formatter().format(record)
