"""The signing forms on the report pages, the verification page and API with signed files,
and the passphrase kept nowhere: not in a log record, a database row (audit entries
included), a session or a response."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.urls import reverse

from monev.reports import services
from monev.signing import selectors
from monev.signing.tests.conftest import KASUBAG_NIK, TTE
from monev.signing.tests.pdftools import flip

pytestmark = pytest.mark.django_db


def _client(client_factory: Any, user: Any) -> Any:
    c = client_factory()
    c.force_login(user)
    return c


def _all_rows_text() -> str:
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, (bytes, memoryview)):
                        parts.append(bytes(value).decode("latin-1"))
                    else:
                        parts.append(str(value))
    return "\n".join(parts)


def test_the_passphrase_is_in_no_log_row_session_or_audit_entry(
    final_submitted: Any, personas: Any, fake_bsre: Any, caplog: Any
) -> None:
    from django.test import Client

    caplog.set_level(logging.DEBUG)
    cycle_id = final_submitted.cycle_id
    version = services.latest_version(final_submitted)
    url = reverse("reports:sign", args=[cycle_id])
    kasubag = _client(Client, personas["kasubag"])
    responses = []
    # A wrong passphrase first: refused with the reason, nothing typed echoed back.
    wrong = "Salah-Passphrase-999"
    r = kasubag.post(
        url, {"version": version.number, "nik": KASUBAG_NIK, "passphrase": wrong}, follow=True
    )
    responses.append(r)
    assert "Passphrase TTE salah" in r.content.decode()
    assert not selectors.signatures_of(version).exists()
    r = kasubag.post(url, {"version": version.number, **TTE["kasubag"]}, follow=True)
    responses.append(r)
    assert "Paraf dibubuhkan" in r.content.decode()
    sekretaris = _client(Client, personas["sekretaris"])
    responses.append(
        sekretaris.post(url, {"version": version.number, **TTE["sekretaris"]}, follow=True)
    )
    kadis = _client(Client, personas["kadis"])
    page = kadis.get(reverse("reports:ratify_confirm", args=[cycle_id]))
    assert 'data-testid="sign-passphrase"' in page.content.decode()
    responses.append(
        kadis.post(
            url,
            {"version": version.number, **TTE["kadis"], "confirm": "1", "provider": "bsre"},
            follow=True,
        )
    )
    final_submitted.refresh_from_db()
    assert final_submitted.status == "disahkan"
    assert selectors.signatures_of(version).count() == 3
    # The report page lists the three signatures.
    body = kadis.get(reverse("reports:report", args=[cycle_id])).content.decode()
    assert body.count('data-testid="signature-row"') == 3

    secrets = [wrong, *(typed["passphrase"] for typed in TTE.values())]
    logs = "\n".join(
        f"{r.getMessage()} {r.args!r} {getattr(r, 'exc_text', '')}" for r in caplog.records
    )
    rows = _all_rows_text()
    sessions = "\n".join(str(s.get_decoded()) for s in Session.objects.all())
    pages = "\n".join(r.content.decode() for r in responses) + body
    cookies = "\n".join(str(c.cookies) for c in (kasubag, sekretaris, kadis))
    assert caplog.records and "BSrE" in logs  # logging was captured
    from monev.core.models import AuditEntry

    audit = "\n".join(f"{e.changes} {e.note} {e.object_repr}" for e in AuditEntry.objects.all())
    assert "bsre" in audit  # the audit says through which provider
    for secret in secrets:
        for where, text in (
            ("logs", logs),
            ("rows", rows),
            ("sessions", sessions),
            ("audit", audit),
            ("pages", pages),
            ("cookies", cookies),
        ):
            assert secret not in text, f"passphrase found in {where}"


def test_verification_page_and_api_list_the_signatures(
    final_submitted: Any, sign: Any, seal: Any, client: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    version = services.latest_version(final_submitted)
    for who in ("kasubag", "sekretaris", "kadis"):
        sign(who, final_submitted)
    signed = services.current_pdf(version)
    page = client.post(
        reverse("verify"), {"berkas": SimpleUploadedFile("a.pdf", signed, "application/pdf")}
    )
    html = page.content.decode()
    assert html.count('data-testid="signature"') == 3
    assert html.count('data-testid="sig-intact"') == 3
    assert "Segel elektronik instansi" in html and "Berantai ke akar tepercaya" in html
    altered = flip(signed, len(signed) // 3)
    page = client.post(
        reverse("verify"), {"berkas": SimpleUploadedFile("b.pdf", altered, "application/pdf")}
    )
    html = page.content.decode()
    assert 'data-testid="sig-altered"' in html and 'data-testid="verify-not-genuine"' in html
    api = client.post(
        reverse("api:archive_verify"),
        {"file": SimpleUploadedFile("a.pdf", signed, "application/pdf")},
    )
    data = api.json()
    assert [s["provider"] for s in data["signatures"]] == ["segel"] * 3
    assert all(s["intact"] and s["trusted"] for s in data["signatures"])
    assert data["changed_after_signing"] is False
