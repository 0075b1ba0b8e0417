"""A report version's files are served only while they match the SHA-256 recorded at render:
a PDF changed on the server is refused with a message (409), the DOCX beside it still
downloads; another agency's user gets a 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.test import Client

from monev.accounts import services as account_services
from monev.accounts.choices import Role
from monev.organization.models import Agency
from monev.reports import services

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_changed_report_file_is_refused_and_the_intact_one_served(
    small_plan: Any, sop_cycle: Any, personas: Any
) -> None:
    other_agency_user = account_services.user_create(
        actor=None, agency=Agency.objects.get(short_name="LAIN"), username="kasubag.lain",
        password="monev-demo", roles=[Role.KASUBAG_PROGRAM],
    )  # fmt: skip
    report = services.report_freeze(actor=personas["kasubag"], cycle=sop_cycle)
    version = services.version_render(actor=personas["kasubag"], report=report)
    client = _client(personas["kabid.koperasi"])
    pdf_url = f"/laporan/versi/{version.pk}/pdf/"
    docx_url = f"/laporan/versi/{version.pk}/docx/"

    intact = client.get(pdf_url)
    assert intact.status_code == 200 and intact["Content-Type"] == "application/pdf"
    assert b"".join(intact.streaming_content).startswith(b"%PDF")
    assert _client(other_agency_user).get(pdf_url).status_code == 404

    with default_storage.open(version.pdf.name, "wb") as handle:
        handle.write(b"%PDF-1.7 not the rendered report")
    refused = client.get(pdf_url)
    assert refused.status_code == 409
    assert "tidak cocok lagi dengan sidik SHA-256" in refused.content.decode()
    docx = client.get(docx_url)
    assert docx.status_code == 200 and b"".join(docx.streaming_content)[:2] == b"PK"
