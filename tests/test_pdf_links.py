"""Every PDF the app makes, fetched as a user fetches it (issue #20 item 6): its link
annotations and bookmarks resolve to pages inside the file, and no ``file://`` address is in
it. The report (draft and PDF/A-3 archive rendering) is checked entry by entry against its
daftar isi in `monev.reports.tests.test_document_details`; here every other document too, each
with the agency's logo on its letterhead where it has one."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pikepdf
import pytest
from django.test import Client
from django.urls import reverse

from monev.monitoring.tests.conftest import plan_cycle  # noqa: F401 (fixture)
from monev.monitoring.tests.test_documents import two_visits  # noqa: F401 (fixture)
from monev.reports.tests.conftest import place_at
from monev.reports.tests.pdflinks import check_links

pytestmark = pytest.mark.django_db


def _has_picture(data: bytes) -> bool:
    """True when the first page draws a raster image (directly or inside a form XObject)."""
    with pikepdf.open(BytesIO(data)) as pdf:
        page = pdf.pages[0]
        if page.images:
            return True
        for _name, xobject in (page.Resources.get("/XObject") or {}).items():
            inner = xobject.get("/Resources", {}).get("/XObject") or {}
            if any(i.get("/Subtype") == "/Image" for _n, i in inner.items()):
                return True
    return False


def test_every_pdf_of_the_app_links_only_inside_itself(
    personas: dict[str, Any],
    plan_cycle: Any,  # noqa: F811
    two_visits: Any,  # noqa: F811
) -> None:
    from monev.reports import services

    kop_visit, _naker = two_visits
    cycle = plan_cycle
    assert cycle.agency.logo  # the demo agency has its emblem
    place_at(cycle, 8)
    report = services.report_freeze(actor=personas["kasubag"], cycle=cycle)
    version = services.version_render(actor=personas["kasubag"], report=report)
    client = Client()
    client.force_login(personas["kasubag"])
    documents = {
        "laporan": (reverse("reports:download", args=[version.pk, "pdf"]), True),
        "sop": (reverse("sop:definition_pdf", args=[cycle.definition_id]), True),
        "disposisi": (reverse("sop:cycle_disposition", args=[cycle.pk]), True),
        "rekap": (reverse("evaluation:rekap_pdf", args=[cycle.pk]), True),
        "jadwal": (reverse("monitoring:jadwal_pdf", args=[cycle.pk]), True),
        "berita acara": (reverse("monitoring:berita_acara", args=[kop_visit.pk]), True),
    }
    for name, (url, logo) in documents.items():
        response = client.get(url)
        assert response.status_code == 200, name
        data = b"".join(response.streaming_content) if response.streaming else response.content
        assert data.startswith(b"%PDF"), name
        jumps, outline, external = check_links(data)
        assert not external, (name, external)
        if name == "laporan":  # the daftar isi and the bookmarks
            assert len(jumps) > 20 and len(outline) > 20
        assert _has_picture(data) == logo, name


def test_a_long_disposition_flows_over_pages_of_the_lembar_disposisi(sop_cycle: Any) -> None:
    """A disposition of tens of thousands of characters used to fail the PDF (a table row
    taller than the page); it continues on the next pages, every word printed."""
    from pypdf import PdfReader

    from monev.sop.disposition import render_disposition_pdf

    sop_cycle.disposition = "Segera siapkan format isian monev triwulan ini. " * 700
    data = render_disposition_pdf(sop_cycle)
    pages = PdfReader(BytesIO(data)).pages
    assert len(pages) >= 3
    text = " ".join(" ".join(p.extract_text() or "" for p in pages).split())
    assert text.count("format isian monev triwulan ini.") >= 700 - len(pages)
