"""Once the final document carries a signature, every download of its version gives the PDF
after the latest signature — the report page's links, `reports:download`, the API's list,
detail and download — and each link says it is signed and by how many signatures; the
rendering before the signatures is not handed out as the version's PDF."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from monev.reports import services

pytestmark = pytest.mark.django_db


def _body(response: Any) -> bytes:
    assert response.status_code == 200, response
    return b"".join(response.streaming_content)


def test_every_download_of_a_signed_version_gives_the_latest_signed_bytes(
    final_submitted: Any, personas: Any, sign: Any, seal: Any
) -> None:
    report = final_submitted
    version = services.latest_version(report)
    web = Client()
    web.force_login(personas["kasubag"])
    api = APIClient()
    api.force_authenticate(personas["kasubag"])
    pdf_url = reverse("reports:download", args=[version.pk, "pdf"])
    page_url = reverse("reports:report", args=[report.cycle_id])
    rendered = _body(web.get(pdf_url))
    assert hashlib.sha256(rendered).hexdigest() == version.sha256
    assert "PDF bertanda tangan" not in web.get(page_url).content.decode()

    sign("kasubag", report)
    after_paraf = services.current_pdf(version)
    assert after_paraf != rendered and _body(web.get(pdf_url)) == after_paraf
    page = web.get(page_url).content.decode()
    badge = f'data-testid="versions-pdf-signatures-{version.number}"'
    assert badge in page and "PDF bertanda tangan" in page and "1 tanda tangan" in page
    sign("sekretaris", report)
    confirm = Client()
    confirm.force_login(personas["kadis"])
    reading = confirm.get(reverse("reports:ratify_confirm", args=[report.cycle_id]))
    html = reading.content.decode()
    assert 'data-testid="confirm-pdf-signatures-' in html and "2 tanda tangan" in html
    sign("kadis", report)

    signed = services.current_pdf(version)
    assert signed.startswith(after_paraf) and signed != after_paraf
    response = web.get(pdf_url)
    assert response["Content-Disposition"].endswith('-ttd.pdf"')
    assert _body(response) == signed
    page = web.get(page_url).content.decode()
    assert badge in page and "3 tanda tangan" in page
    (row,) = api.get(f"/api/v1/reports/{report.pk}/").json()["versions"]
    assert row["signatures"] == 3 and row["sha256"] == hashlib.sha256(signed).hexdigest()
    assert _body(api.get(row["pdf_url"])) == signed
    (listed,) = api.get("/api/v1/reports/").json()["results"]
    assert listed["versions"] == [row]
