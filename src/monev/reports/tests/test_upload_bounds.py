"""The report DOCX upload (step 10) goes through the bounded reader (issue 21, item 2): a DOCX
whose docProps/core.xml or document.xml inflates beyond its part limit is refused with the
reason, in the request, before anything parses or queues it, and no version is made."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from monev.core import bombs
from monev.reports import services
from monev.reports.models import Report

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("bomb", "part"),
    [(bombs.docx_core_bomb, "docProps/core.xml"), (bombs.docx_document_bomb, "word/document.xml")],
)
def test_a_docx_bomb_is_refused_by_the_report_upload(
    at_step9: Report, personas: Any, bomb: Any, part: str
) -> None:
    services.discussion_open(actor=personas["kasubag"], report=at_step9)
    client = Client()
    client.force_login(personas["kasubag"])
    response = client.post(
        reverse("reports:upload", args=[at_step9.cycle_id]),
        {"file": SimpleUploadedFile("laporan-edit.docx", bomb())},
        follow=True,  # refused with a 400 page, or back on the report page with a message
    )
    assert response.status_code in (200, 400)
    assert f"Bagian «{part}» dari berkas «laporan-edit.docx»" in response.content.decode()
    assert at_step9.versions.count() == 1
