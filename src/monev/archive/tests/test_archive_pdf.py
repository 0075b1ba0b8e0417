"""The archived PDF (SOP step 13): PDF/A-3b declared in its XMP, an sRGB output intent, every
font embedded, the associated files with their relationship and MIME type and each listed
once in /AF, no encryption; the embedded snapshot equals the report's; two renders of one
input are byte-identical; the QR code on the pages decodes to the entry's code and URL."""

from __future__ import annotations

import hashlib
import json
import subprocess
from io import BytesIO
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from openpyxl import load_workbook

from monev.archive import pdfa, services
from monev.testing import kept_output

pytestmark = pytest.mark.django_db
ARTIFACTS = kept_output("artifacts", "archive")


def _files(pdf: pikepdf.Pdf) -> dict[str, Any]:
    return {str(name): spec for name, spec in pdf.attachments.items()}


def test_the_archive_pdf_is_pdf_a_3b_with_its_sources_embedded_once(entry: Any) -> None:
    data = entry.file.read()
    assert hashlib.sha256(data).hexdigest() == entry.sha256 and len(data) == entry.size
    with pikepdf.open(BytesIO(data)) as pdf:
        assert not pdf.is_encrypted
        with pdf.open_metadata() as meta:
            assert meta.get("pdfaid:part") == "3" and meta.get("pdfaid:conformance") == "B"
        (intent,) = list(pdf.Root.OutputIntents)
        assert intent.S == "/GTS_PDFA1" and "/DestOutputProfile" in intent
        af = list(pdf.Root.AF)
        assert len(af) == 4 and len({spec.objgen for spec in af}) == 4  # no duplicates
        relationships = {str(spec.F): str(spec.AFRelationship) for spec in af}
        assert relationships == {
            "potret-data.json": "/Source",
            "data-laporan.xlsx": "/Data",
            "manifes-bukti-dukung.json": "/Data",
            "cuplikan-audit.json": "/Supplement",
        }
        mime = {str(spec.F): str(spec.EF.F.Subtype) for spec in af}
        assert mime["potret-data.json"] == "/application/json"
        assert mime["data-laporan.xlsx"] == (
            "/application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        for page in pdf.pages:
            for font in page.Resources.get("/Font", {}).values():
                descriptors = [font, *font.get("/DescendantFonts", [])]
                embedded = [d.FontDescriptor for d in descriptors if "/FontDescriptor" in d]
                assert embedded and all(
                    any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                    for fd in embedded
                ), font.get("/BaseFont")
        attached = {name: spec.get_file().read_bytes() for name, spec in _files(pdf).items()}
    assert json.loads(attached["potret-data.json"]) == json.loads(entry.report.snapshot)
    manifest = json.loads(attached["manifes-bukti-dukung.json"])
    assert manifest["cycle"] == {"year": 2026, "quarter": 3, "kind": "laporan_monev"}
    book = load_workbook(BytesIO(attached["data-laporan.xlsx"]))
    assert book.sheetnames == ["Indikator", "Bidang", "Program", "E.81", "Temuan", "Bukti dukung"]
    codes = {row[0] for row in book["Indikator"].iter_rows(min_row=2, values_only=True)}
    assert codes == {"IK.2.17.03.2.01.0004.01", "IK.S1.1.01"}
    audit = json.loads(attached["cuplikan-audit.json"])
    assert any(item["kind"] == "sop" for item in audit)
    assert any(item["kind"] == "audit" and "Laporan" in item["object"] for item in audit)


def test_two_renders_of_one_input_are_byte_identical(ratified_report: Any) -> None:
    from datetime import UTC, datetime

    from monev.reports.sections import SectionText

    version = ratified_report.final_version
    texts = [SectionText(**s) for s in version.sections]
    at = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)
    first = pdfa.render_archive(services.archive_input(ratified_report, texts, version.final, at))
    second = pdfa.render_archive(services.archive_input(ratified_report, texts, version.final, at))
    assert first == second


def test_the_qr_code_on_the_pages_carries_the_code_and_url(entry: Any, tmp_path: Path) -> None:
    import zxingcpp
    from PIL import Image

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("page-*.png"):  # a longer earlier render's pages
        old.unlink()
    (ARTIFACTS / "archive.pdf").write_bytes(entry.file.read())
    subprocess.run(
        ["pdftoppm", "-png", "-r", "110", str(ARTIFACTS / "archive.pdf"), str(ARTIFACTS / "page")],
        check=True,
    )
    pages = sorted(ARTIFACTS.glob("page-*.png"))
    assert len(pages) > 5
    for page in (pages[0], pages[3], pages[-1]):
        found = [r.text for r in zxingcpp.read_barcodes(Image.open(page))]
        assert found == [services.verify_url(entry.code)], page
    assert entry.sha256 not in found[0] and entry.code in found[0]
