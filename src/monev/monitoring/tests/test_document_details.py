"""The berita acara and the Jadwal as documents (issue #20 item 6, issue #21 item 5): the
agency's logo on the letterhead, every link inside the file, long findings flowing over pages
(a stored text beyond the limit printed cut, in bounded work), the recommendation naming its
finding, and the API's own download of the berita acara with a token."""

from __future__ import annotations

import shutil
import subprocess
from io import BytesIO
from typing import Any

import pikepdf
import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader
from rest_framework.test import APIClient

from monev.demo.logo import demo_logo_png
from monev.monitoring import documents, pdf
from monev.monitoring.models import TEXT_MAX_CHARS, Finding
from monev.monitoring.tests.test_documents import two_visits  # noqa: F401 (fixture)
from monev.reports.tests.pdflinks import check_links
from monev.testing import kept_output

pytestmark = pytest.mark.django_db

SHOTS = kept_output("shots", "monev")


def _images_on_first_page(data: bytes) -> list[tuple[int, int]]:
    """The (width, height) of every picture drawn on the first page."""
    with pikepdf.open(BytesIO(data)) as document:
        page = document.pages[0]
        found = []
        for _name, image in page.images.items():
            found.append((int(image.Width), int(image.Height)))
        for _name, xobject in (page.Resources.get("/XObject") or {}).items():
            for _inner, image in (xobject.get("/Resources", {}).get("/XObject") or {}).items():
                if image.get("/Subtype") == "/Image":
                    found.append((int(image.Width), int(image.Height)))
        return found


def _text(data: bytes) -> str:
    pages = PdfReader(BytesIO(data)).pages
    return " ".join(" ".join(p.extract_text() or "" for p in pages).split())


@pytest.fixture
def with_logo(two_visits: Any) -> Any:  # noqa: F811
    kop, _naker = two_visits
    agency = kop.cycle.agency
    agency.logo.save("logo.png", ContentFile(demo_logo_png()), save=True)
    return two_visits


def test_the_berita_acara_and_the_jadwal_carry_the_logo_and_no_stray_link(
    personas: dict[str, Any], with_logo: Any
) -> None:
    kop, _naker = with_logo
    client = Client()
    client.force_login(personas["kasubag"])
    berita = client.get(reverse("monitoring:berita_acara", args=[kop.pk])).content
    jadwal = client.get(reverse("monitoring:jadwal_pdf", args=[kop.cycle_id])).content
    logo = (240, 280)  # the demo emblem's pixels
    for data in (berita, jadwal):
        assert logo in _images_on_first_page(data)
        jumps, _outline, external = check_links(data)
        assert (jumps, external) == ([], [])
    # the recommendation names the finding it answers (section D's number)
    text = _text(berita)
    assert "Rekomendasi Temuan Penanggung jawab" in text and "No. 1" in text
    SHOTS.mkdir(parents=True, exist_ok=True)
    if shutil.which("pdftoppm"):
        (SHOTS / "berita-acara-logo.pdf").write_bytes(berita)
        subprocess.run(
            ["pdftoppm", "-r", "60", "-png", "-singlefile", "-f", "1", "-l", "1",
             str(SHOTS / "berita-acara-logo.pdf"), str(SHOTS / "berita-acara-logo")],
            check=True, timeout=60,
        )  # fmt: skip


def test_without_a_logo_the_letterhead_draws_the_emblems_outline(
    personas: dict[str, Any],
    two_visits: Any,  # noqa: F811
) -> None:
    kop, _naker = two_visits
    agency = kop.cycle.agency
    agency.logo = ""
    agency.save(update_fields=["logo"])
    doc = documents.berita_acara(kop)
    assert doc.kop.logo == b""
    assert _images_on_first_page(pdf.berita_acara_pdf(doc)) == []


@pytest.mark.parametrize("length", [6_500, TEXT_MAX_CHARS])
def test_a_long_finding_flows_over_pages_of_the_berita_acara(
    personas: dict[str, Any],
    two_visits: Any,  # noqa: F811
    length: int,
) -> None:
    kop, _naker = two_visits
    words = "Arsip pemeriksaan koperasi tidak lengkap pada rak Bidang. "
    text = (words * (length // len(words) + 1))[:length]
    Finding.objects.filter(visit=kop).update(text=text)
    client = Client()
    client.force_login(personas["kabid.koperasi"])
    for _attempt in range(2):  # it used to fail on every request
        response = client.get(reverse("monitoring:berita_acara", args=[kop.pk]))
        assert response.status_code == 200
    reader = PdfReader(BytesIO(response.content))
    assert len(reader.pages) >= 2 + length // 6000
    printed = _text(response.content)
    # every finding printed whole (twice: two findings): its words appear as often as they
    # were written, but for a phrase that a page break interrupts (a repeated table header)
    written = 2 * text.count("Arsip pemeriksaan koperasi")
    breaks = len(reader.pages) - 1
    assert written - breaks <= printed.count("Arsip pemeriksaan koperasi") <= written


def test_a_finding_stored_beyond_the_limit_is_printed_cut_with_a_note(
    personas: dict[str, Any],
    two_visits: Any,  # noqa: F811
) -> None:
    kop, _naker = two_visits
    Finding.objects.filter(visit=kop).update(text="Temuan yang sangat panjang. " * 75_000)
    doc = documents.berita_acara(kop)
    assert all(len(text) < TEXT_MAX_CHARS + 100 for text, *_rest in doc.findings)
    data = pdf.berita_acara_pdf(doc)
    assert "dipotong; teks lengkap 2.100.000 karakter ada di aplikasi" in _text(data)
    assert len(PdfReader(BytesIO(data)).pages) < 40


def test_the_api_lists_the_berita_acara_at_an_address_its_token_downloads(
    personas: dict[str, Any],
    two_visits: Any,  # noqa: F811
) -> None:
    kop, _naker = two_visits
    token = APIClient().post(
        "/api/v1/auth/token/", {"username": "kasubag", "password": "monev-demo"}, format="json"
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    rows = client.get("/api/v1/visits/").json()
    rows = rows.get("results", rows) if isinstance(rows, dict) else rows
    [row] = [r for r in rows if r["id"] == kop.pk]
    response = client.get(row["berita_acara_url"])
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "BERITA ACARA MONITORING" in _text(response.content)
    # without the token: refused as the API refuses (no login page)
    assert APIClient().get(row["berita_acara_url"]).status_code == 401
    # another Bidang's user does not learn it exists
    other = APIClient()
    other_token = APIClient().post(
        "/api/v1/auth/token/", {"username": "operator.ukm", "password": "monev-demo"},
        format="json",
    )  # fmt: skip
    other.credentials(HTTP_AUTHORIZATION=f"Token {other_token.json()['token']}")
    assert other.get(row["berita_acara_url"]).status_code == 404
    recommendations = client.get("/api/v1/recommendations/").json()
    recommendations = recommendations.get("results", recommendations)
    finding = Finding.objects.filter(visit=kop).order_by("pk").first()
    assert any(r["finding"] == finding.pk for r in recommendations)  # type: ignore[union-attr]
