"""One ratified document, end to end (issue #20): a Plt. Kepala Dinas — own name, pangkat and
NIP — is set as signatory, the final document is rendered (sealed at once: PDF/A-3 with its
data, the verification code and QR code), the Kepala Dinas ratifies it through the
confirmation page, and the Kasubag Program archives it. The archived PDF is the ratified
file byte for byte: the same SHA-256 downloaded from the version and from the archive, the
same cover (nomor, date) and signature block (Plt., name, NIP, date) read by pypdf and by
pdftotext, both *Asli* on /verifikasi/; step 13 and the cycle are done, and the entry links
back to its cycle."""

from __future__ import annotations

import hashlib
import re
import subprocess
from datetime import timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from monev.archive.models import ArchiveEntry
from monev.domain.periods import format_date_id
from monev.reports import services as report_services
from monev.reports.models import Report
from monev.sop.models import Cycle
from monev.sop.testing import run_of
from monev.testing import kept_output

pytestmark = pytest.mark.django_db
ARTIFACTS = kept_output("artifacts", "ratified")
PLT = {
    "mode": "plt",
    "jabatan": "Kepala Dinas Koperasi, Usaha Kecil Menengah dan Tenaga Kerja",
    "name": "Hj. RUSMIATI, S.Sos., M.AP.",
    "pangkat": "Pembina (IV/a)",
    "nip": "197508222002122003",
}


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _pages(data: bytes) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(BytesIO(data)).pages]


def _pdftotext(data: bytes, tmp_path: Path, name: str) -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return " ".join(out.split())


def _cover_and_signature(pages: list[str]) -> tuple[str, int]:
    """The cover's text and the number (from 1) of the page with the signature block."""
    signature = next(n for n, text in enumerate(pages, start=1) if "Plt. Kepala Dinas" in text)
    return pages[0], signature


def test_what_a_plt_ratifies_is_byte_for_byte_what_is_archived_and_verified(
    at_step12: Report, personas: Any, tmp_path: Path
) -> None:
    report = at_step12
    kasubag, kadis = personas["kasubag"], personas["kadis"]
    head = report_services.snapshot_of(report).head
    assert head.name != PLT["name"] and head.nip != PLT["nip"]  # a Plt., not the Kepala Dinas
    day = timezone.localdate() + timedelta(days=1)
    report_services.final_set(actor=kasubag, report=report, sequence=31, number_date=day, **PLT)
    report.refresh_from_db()
    final = report_services.version_render(actor=kasubag, report=report)
    report_services.final_submit(actor=kasubag, report=report, note="Siap disahkan.")
    assert final.final["code"] and final.final["signatory"] == PLT

    # The Kepala Dinas reads the final document and ratifies that version.
    confirm = _client(kadis).get(reverse("reports:ratify_confirm", args=[report.cycle_id]))
    assert final.final["code"] in confirm.content.decode()
    ratified = _client(kadis).post(
        reverse("reports:act", args=[report.cycle_id, "sahkan"]),
        {"confirm": "1", "version": str(final.number), "note": "Disahkan."},
    )
    assert ratified.status_code == 302
    report.refresh_from_db()
    assert report.status == "disahkan" and report.final_version == final

    # The Kasubag Program archives it from step 13's page.
    archived = _client(kasubag).post(reverse("archive:archive", args=[report.cycle_id]))
    entry = ArchiveEntry.objects.get(report=report)
    assert archived.status_code == 302 and archived["Location"] == f"/arsip/{entry.code}/"

    # The same bytes from the ratified version and from the archive.
    from_version = b"".join(
        _client(kasubag).get(reverse("reports:download", args=[final.pk, "pdf"])).streaming_content
    )
    from_archive = b"".join(
        _client(kasubag).get(reverse("archive:download", args=[entry.code])).streaming_content
    )
    assert hashlib.sha256(from_version).hexdigest() == final.sha256
    assert hashlib.sha256(from_archive).hexdigest() == entry.sha256 == final.sha256
    assert entry.code == final.final["code"] and entry.version == final

    # What both say, read by pypdf and by pdftotext: cover nomor and date; the signature
    # block with the Plt., the name, pangkat and NIP, and the nomor's date.
    number, date_text = report.number, format_date_id(day)
    for data in (from_version, from_archive):
        pages = _pages(data)
        cover, signature_page = _cover_and_signature(pages)
        assert f"Nomor: {number}" in cover and f"Tanggal: {date_text}" in cover
        signature = pages[signature_page - 1]
        block = signature[signature.index(f"Paringin, {date_text}") :]
        assert re.search(
            r"Plt\. Kepala Dinas Koperasi.*RUSMIATI.*Pembina \(IV/a\) NIP\. 19750822 200212 2 003",
            block,
        ), block
        assert head.name not in block and "19710315" not in block  # not the regular Kadis
        assert any("LEMBAR ARSIP" in page for page in pages)
        assert all("DRAF" not in page for page in pages)  # the final document is no draft
    assert _pages(from_version) == _pages(from_archive)
    text_version = _pdftotext(from_version, tmp_path, "version")
    assert _pdftotext(from_archive, tmp_path, "archive") == text_version
    assert f"Nomor: {number}" in text_version and "NIP. 19750822 200212 2 003" in text_version

    # PDF/A-3 with its data inside.
    with pikepdf.open(BytesIO(from_archive)) as pdf:
        with pdf.open_metadata() as meta:
            assert meta.get("pdfaid:part") == "3"
        assert set(pdf.attachments) == {
            "potret-data.json", "data-laporan.xlsx", "manifes-bukti-dukung.json",
            "cuplikan-audit.json",
        }  # fmt: skip

    # Both files are genuine on the public verification page; the entry names the Plt.
    for data in (from_version, from_archive):
        page = Client().post(
            "/verifikasi/", {"berkas": SimpleUploadedFile("laporan.pdf", data, "application/pdf")}
        )
        body = page.content.decode()
        assert 'data-testid="verify-genuine"' in body and "RUSMIATI" in body
    assert "Plt." in entry.ratified_by_name and entry.number_date == day

    # Step 13 and the cycle are done; nothing of this cycle waits in the Kasubag's inbox.
    from monev.core import inbox
    from monev.sop import selectors as sop_selectors

    cycle = Cycle.objects.get(pk=report.cycle_id)
    assert cycle.status == "selesai" and sop_selectors.current_run(cycle) is None
    assert run_of(cycle, 13).status == "selesai"
    assert not [i for i in inbox.items_for(kasubag) if f"/{cycle.pk}/" in i.url]
    detail = _client(kasubag).get(f"/arsip/{entry.code}/").content.decode()
    assert reverse("sop:cycle_detail", args=[cycle.pk]) in detail

    # The cover and the signature page, as pictures to look at.
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "archived.pdf"
    path.write_bytes(from_archive)
    _cover, signature_page = _cover_and_signature(_pages(from_archive))
    sheet = max(n for n, t in enumerate(_pages(from_archive), start=1) if "LEMBAR ARSIP" in t)
    for name, n in (("cover", 1), ("signature", signature_page), ("sheet", sheet)):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", str(n), "-l", str(n), "-singlefile",
             str(path), str(ARTIFACTS / f"archived-{name}")],
            check=True,
        )  # fmt: skip
