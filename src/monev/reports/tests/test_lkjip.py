"""The LKjIP is the report of an annual cycle, on the same report machinery (SPEC §16,
docs/decisions/0030): its BAB III figures are the results API's for every IKU of the demo,
for the year and the earlier years of the Renstra; it goes draft → versions → DOCX round
trip → verification → ratification → sealed archive through the quarterly report's own
services; its PDF reads as an LKjIP and its DOCX opens in python-docx."""

from __future__ import annotations

import json
import shutil
import subprocess
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document as DocxDocument
from pypdf import PdfReader
from rest_framework.test import APIClient

from monev.accounts.models import User
from monev.domain.numbers import format_number
from monev.planning.models import Indicator
from monev.reports import document, kinds, sections
from monev.reports.tests.annual import annual_cycle
from monev.reports.tests.conftest import place_at
from monev.signing.tests.conftest import seal, test_ca, trust_roots  # noqa: F401 (fixtures)
from monev.testing import kept_output

pytestmark = pytest.mark.django_db

SHOTS = kept_output("shots", "lkjip")


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _api_results(client: APIClient, year: int) -> dict[str, dict[str, Any]]:
    """The results API at TW IV of `year`, every page, by indicator code."""
    rows: dict[str, dict[str, Any]] = {}
    url: str | None = "/api/v1/results/"
    params: dict[str, Any] | None = {"year": year, "quarter": 4}
    while url:
        page = client.get(url, params).json()
        rows.update({r["indicator_code"]: r for r in page["results"]})
        url, params = page.get("next"), None
    return rows


def _snapshot(cycle: Any) -> Any:
    return kinds.for_cycle(cycle).build_snapshot(cycle, timezone.now())


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_lkjip_bab_iii_figures_equal_the_results_api_for_every_iku(
    loaded_demo: str, year: int, tmp_path: Path
) -> None:
    kadis = User.objects.get(username="kadis")
    cycle = annual_cycle(kadis.agency, year)
    snap = _snapshot(cycle)
    assert snap.kind == kinds.LKJIP and snap.annual is not None
    ikus = set(
        Indicator.objects.filter(period__agency=kadis.agency, is_iku=True).values_list(
            "code", flat=True
        )
    )
    assert ikus and {i.code for i in snap.annual.indicators} == ikus
    api = APIClient()
    api.force_authenticate(kadis)
    first = snap.annual.renstra_start
    assert first == 2025
    by_year = {y: _api_results(api, y) for y in range(first, year + 1)}
    doc = document.build(snap, sections.resolve(snap, {}))
    tables = {b.anchor: b for b in doc.blocks if isinstance(b, document.Table)}
    compared = 0
    for iku in snap.annual.indicators:
        assert [f.year for f in iku.years] == list(range(first, year + 1))
        for figure in iku.years:
            row = by_year[figure.year][iku.code]
            assert figure.target == _dec(row["target"]), (iku.code, figure.year)
            assert figure.realization == _dec(row["realization"]), (iku.code, figure.year)
            assert figure.achievement == _dec(row["achievement_pct"]), (iku.code, figure.year)
            # … and the document prints exactly these (Tabel 3.2, one row per IKU and year)
            printed = [
                format_number(_dec(row["target"]), iku.decimals),
                format_number(_dec(row["realization"]), iku.decimals),
                format_number(_dec(row["achievement_pct"]), 2),
            ]
            assert any(
                r[1] == str(figure.year) and r[2:5] == printed for r in tables["tabel-3-2"].rows
            ), (iku.code, figure.year, printed)
            compared += 1
        this = by_year[year][iku.code]
        assert any(
            r[0] == f"• {iku.name}"
            and r[2:5]
            == [
                format_number(_dec(this["target"]), iku.decimals),
                format_number(_dec(this["realization"]), iku.decimals),
                format_number(_dec(this["achievement_pct"]), 2),
            ]
            for r in tables["tabel-3-1"].rows
        ), iku.code
    assert compared == len(ikus) * (year - first + 1)
    from monev.reports import services

    if year == 2026:  # 2026 has monev cycles: its Lampiran III lists their recommendations
        pdf, _docx, _texts = services.render_bytes(snap, {}, version=1)
        (tmp_path / "lkjip-2026.pdf").write_bytes(pdf)
        text = PdfReader(tmp_path / "lkjip-2026.pdf").pages[-1].extract_text()
        assert "REKOMENDASI MONEV" in text and "Tidak ada rekomendasi" not in text
        if shutil.which("pdftoppm"):
            SHOTS.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                ["pdftoppm", "-r", "60", "-png", "-singlefile", "-f", "7", "-l", "8",
                 str(tmp_path / "lkjip-2026.pdf"), str(SHOTS / "lkjip-2026-pdf-08")],
                check=True, timeout=120,
            )  # fmt: skip
            _last_page(tmp_path / "lkjip-2026.pdf", "lkjip-2026-pdf")
    if year == 2025:  # the demo's LKjIP 2025 drawn for the developers to look at
        pdf, docx, _texts = services.render_bytes(snap, {}, version=1)
        (tmp_path / "lkjip-2025.pdf").write_bytes(pdf)
        (tmp_path / "lkjip-2025.docx").write_bytes(docx)
        opened = DocxDocument(BytesIO(docx))
        assert any("AKUNTABILITAS KINERJA" in p.text for p in opened.paragraphs)
        _pictures(str(tmp_path / "lkjip-2025.pdf"), str(tmp_path / "lkjip-2025.docx"), tmp_path)


def _edit_docx_section(data: bytes, key: str, text: str) -> bytes:
    """Replace the text of a section's content control as Word would (python-docx)."""
    from docx.oxml.ns import qn

    docx = DocxDocument(BytesIO(data))
    body = docx.element.body
    for sdt in body.iter(qn("w:sdt")):
        tag = sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}")
        if tag is None or tag.get(qn("w:val")) != f"section:{key}":
            continue
        texts = list(sdt.iter(qn("w:t")))
        texts[0].text = text
        for t in texts[1:]:
            t.text = ""
        break
    else:
        raise AssertionError(f"no content control for {key}")
    out = BytesIO()
    docx.save(out)
    return out.getvalue()


def test_the_lkjip_goes_from_draft_to_the_sealed_archive_with_the_report_services(
    small_plan: Any, personas: Any
) -> None:
    from monev.archive import services as archive_services
    from monev.reports import services

    kasubag, sekretaris, kadis = personas["kasubag"], personas["sekretaris"], personas["kadis"]
    cycle = annual_cycle(kasubag.agency, 2026, actor=kasubag)
    place_at(cycle, 4)
    report = services.report_freeze(actor=kasubag, cycle=cycle)
    assert kinds.for_report(report).key == kinds.LKJIP
    api = APIClient()
    api.force_authenticate(kasubag)
    (listed,) = api.get("/api/v1/reports/?year=2026").json()["results"]
    assert (listed["kind"], listed["year"], listed["quarter"]) == ("lkjip", 2026, None)
    first = services.version_render(actor=kasubag, report=report)
    assert first.pdf.name.split("/")[-1].startswith("lkjip-2026-v1")
    pdf_text = "".join(p.extract_text() for p in PdfReader(first.pdf.open("rb")).pages)
    for heading in ("LAPORAN KINERJA INSTANSI PEMERINTAH", "IKHTISAR EKSEKUTIF",
                    "PERENCANAAN KINERJA", "AKUNTABILITAS KINERJA", "PERJANJIAN KINERJA",
                    "FORMULIR E.81 TRIWULAN IV"):  # fmt: skip
        assert heading in pdf_text, heading
    assert "Triwulan None" not in pdf_text
    opened = DocxDocument(first.docx.open("rb"))
    assert any("AKUNTABILITAS KINERJA" in p.text for p in opened.paragraphs)
    assert opened.core_properties.identifier.startswith(f"lkjip-{kasubag.agency.short_name}-2026")

    place_at(cycle, 5)
    report.refresh_from_db()
    services.discussion_open(actor=kasubag, report=report)
    services.discussion_close(actor=kasubag, report=report)
    # Step 6: the DOCX round trip — the Kesimpulan edited in Word comes back as a section.
    edited = _edit_docx_section(first.docx.open("rb").read(), "kesimpulan", "Kesimpulan baru.")
    second = services.version_upload(actor=kasubag, report=report, data=edited)
    assert {s["key"]: s["text"] for s in second.sections}["kesimpulan"] == "Kesimpulan baru."
    services.revision_submit(actor=kasubag, report=report)
    services.verify(actor=sekretaris, report=report)
    services.final_set(
        actor=kasubag, report=report, sequence=3, number_date=timezone.localdate(),
        mode="definitif", jabatan="Kepala Dinas", name="H. Ahmad Fauzan Noor, S.E., M.M.",
        pangkat="Pembina Tingkat I (IV/b)", nip="197103152000031004",
    )  # fmt: skip
    report.refresh_from_db()
    final = services.version_render(actor=kasubag, report=report)
    services.final_submit(actor=kasubag, report=report)
    services.ratify(actor=kadis, report=report)
    report.refresh_from_db()
    assert report.status == "disahkan" and report.final_version == final
    entry = archive_services.archive_report(actor=kasubag, report=report)
    report.refresh_from_db()
    assert report.status == "diarsipkan"
    assert entry.quarter is None and entry.year == 2026
    assert entry.title == "Laporan Kinerja Instansi Pemerintah Tahun 2026"
    assert "lkjip-2026" in entry.file.name
    assert archive_services.entry_check(entry).intact
    # The embedded manifest names the year, no quarter, and the kind of document.
    attached = PdfReader(entry.file.open("rb")).attachments
    manifest = json.loads(attached["manifes-bukti-dukung.json"][0])
    assert manifest["cycle"] == {"year": 2026, "quarter": None, "kind": "lkjip"}
    sealed = "".join(p.extract_text() for p in PdfReader(entry.file.open("rb")).pages)
    assert "Kesimpulan baru." in sealed and entry.code in sealed
    # The pages name the annual cycle's document and period, never "Triwulan None".
    client = Client()
    client.force_login(kasubag)
    for url in (
        reverse("reports:report", args=[cycle.pk]),
        reverse("reports:compare", args=[cycle.pk]) + f"?a={first.number}&b={final.number}",
        reverse("archive:entry", args=[entry.code]),
        reverse("archive:list"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "None" not in page.replace("display: none", ""), url
    report_page = client.get(reverse("reports:report", args=[cycle.pk])).content.decode()
    assert "Laporan Kinerja Instansi Pemerintah (LKjIP)" in report_page
    assert "LKjIP 2026" in report_page


#: The pages drawn: cover, daftar isi, ikhtisar, BAB III (two pages), Lampiran I (PK) and II
#: (E.81, landscape), and the last page (Lampiran III).
PAGES = (1, 3, 4, 7, 8, 11, 12, -1)


def _pictures(pdf: str, docx: str, tmp_path: Path) -> None:
    """PNG pages of the LKjIP PDF, and of its DOCX as LibreOffice lays it out, under
    the run's output (shots/lkjip/) for the developers to look at, never into docs/ (the copies
    in docs/screenshots/lkjip/ were taken from there); skipped without the tools."""
    if shutil.which("pdftoppm") is None:
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    _pages(Path(pdf), "lkjip-pdf")
    if shutil.which("soffice") is None:
        return
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", "pdf", "--outdir", str(tmp_path), docx],
        check=True, timeout=240, capture_output=True,
    )  # fmt: skip
    _pages(tmp_path / (Path(docx).stem + ".pdf"), "lkjip-docx")


def _last_page(pdf: Path, prefix: str) -> None:
    count = len(PdfReader(pdf).pages)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-singlefile", "-f", str(count), "-l", str(count),
         str(pdf), str(SHOTS / f"{prefix}-{count:02d}")],
        check=True, timeout=120,
    )  # fmt: skip


def _pages(pdf: Path, prefix: str) -> None:
    count = len(PdfReader(pdf).pages)
    for page in PAGES:
        number = count if page == -1 else page
        subprocess.run(
            ["pdftoppm", "-r", "60", "-png", "-singlefile", "-f", str(number), "-l",
             str(number), str(pdf), str(SHOTS / f"{prefix}-{number:02d}")],
            check=True, timeout=120,
        )  # fmt: skip


@pytest.mark.usefixtures("seal")  # the agency seal signs (no BSrE configured)
def test_the_lkjip_is_ratified_by_signing_and_the_archive_seals_the_signed_bytes(
    small_plan: Any, personas: Any
) -> None:
    """SPEC §16: "ratification (with TTE per §15)" — paraf, paraf, then the Kepala Dinas'
    visible signature ratifies the LKjIP, as it does the quarterly report."""
    from monev.archive import services as archive_services
    from monev.reports import services
    from monev.reports.models import Report
    from monev.signing import selectors

    kasubag = personas["kasubag"]
    cycle = annual_cycle(kasubag.agency, 2026, actor=kasubag)
    place_at(cycle, 4)
    report = services.report_freeze(actor=kasubag, cycle=cycle)
    Report.objects.filter(pk=report.pk).update(status="diverifikasi")
    place_at(cycle, 8)  # penyusunan dokumen: the Kepala Dinas ratifies by signing
    report.refresh_from_db()
    services.final_set(
        actor=kasubag, report=report, sequence=4, number_date=timezone.localdate(),
        mode="definitif", jabatan="Kepala Dinas", name="H. Ahmad Fauzan Noor, S.E., M.M.",
        pangkat="Pembina Tingkat I (IV/b)", nip="197103152000031004",
    )  # fmt: skip
    report.refresh_from_db()
    version = services.version_render(actor=kasubag, report=report)
    services.final_submit(actor=kasubag, report=report)
    for who in ("kasubag", "sekretaris", "kadis"):
        services.report_sign(actor=personas[who], report=report, version_number=version.number)
    report.refresh_from_db()
    assert report.status == "disahkan" and report.final_version_id == version.pk
    signed = services.current_pdf(version)
    checked = selectors.check(signed)
    assert checked.intact and [s.kind for s in checked.signatures] == [
        "paraf", "paraf", "pengesahan",
    ]  # fmt: skip
    entry = archive_services.archive_report(actor=kasubag, report=report)
    with entry.file.open("rb") as f:
        assert f.read() == signed
    assert entry.title == "Laporan Kinerja Instansi Pemerintah Tahun 2026"
