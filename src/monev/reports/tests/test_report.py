"""The report of a cycle: the frozen snapshot (JSON round trip, numbers fixed after the
freeze), the rendered PDF and DOCX (outline, cover, BAB III and E.81 numbers equal to the
snapshot, A4, content controls), edited sections kept, background generation, downloads."""

from __future__ import annotations

import hashlib
import subprocess
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from docx import Document as open_docx
from pypdf import PdfReader

from monev.collection.models import BudgetRealization, Realization
from monev.core.typeset import SIGNATURE_MARK
from monev.planning.models import Indicator, PlanNode
from monev.reports import document, sections, services
from monev.reports.choices import JobStatus
from monev.reports.models import RenderJob, ReportVersion
from monev.reports.snapshot import Snapshot

pytestmark = pytest.mark.django_db
OUTPUT = "IK.2.17.03.2.01.0004.01"
IKU = "IK.S1.1.01"


@pytest.fixture
def reported(small_plan: Any, sop_cycle: Any) -> Any:
    output = Indicator.objects.get(code=OUTPUT)
    iku = Indicator.objects.get(code=IKU)
    for quarter, value in ((1, 8), (2, 12), (3, 9)):
        Realization.objects.create(indicator=output, year=2026, quarter=quarter, value=value)
    Realization.objects.create(indicator=iku, year=2026, quarter=3, value=Decimal("58.3"))
    sub = PlanNode.objects.get(code="2.17.03.2.01.0004")
    BudgetRealization.objects.create(node=sub, year=2026, quarter=3, amount=30_500_000)
    return sop_cycle


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(BytesIO(pdf)).pages)


def test_the_snapshot_round_trips_through_json(reported: Any, personas: Any) -> None:
    report = services.report_freeze(actor=personas["kasubag"], cycle=reported)
    snap = services.snapshot_of(report)
    assert snap.schema == 3 and snap.quarter == 3 and snap.year == 2026
    assert Snapshot.from_json(snap.to_json()) == snap
    assert {i.code for i in snap.indicators} == {OUTPUT, IKU}
    assert snap.head.name and snap.head.nip  # Kepala Dinas signature block with NIP


def test_numbers_never_change_after_the_snapshot(reported: Any, personas: Any) -> None:
    report = services.report_freeze(actor=personas["kasubag"], cycle=reported)
    first = services.version_render(actor=personas["kasubag"], report=report)
    Realization.objects.filter(indicator__code=OUTPUT, quarter=3).update(value=1)
    report = services.report_freeze(actor=personas["kasubag"], cycle=reported)
    assert report.snapshot == first.snapshot
    # Nothing changed since version 1: no new version, and the page is told so.
    with pytest.raises(ValidationError, match="Tidak ada perubahan sejak versi 1"):
        services.version_render(actor=personas["kasubag"], report=report)
    assert report.versions.count() == 1
    # The same snapshot, texts and date give the same PDF bytes.
    pdf, _docx, _texts = services.render_bytes(
        services.snapshot_of(report), {}, version=1, created=first.created_at
    )
    assert hashlib.sha256(pdf).hexdigest() == first.sha256


def test_pdf_and_docx_carry_the_outline_the_cover_and_the_snapshot_numbers(
    reported: Any, personas: Any, tmp_path: Path
) -> None:
    report = services.report_freeze(actor=personas["kasubag"], cycle=reported)
    version = services.version_render(actor=personas["kasubag"], report=report)
    snap = services.snapshot_of(report)
    doc = document.build(snap, sections.resolve(snap, {}))
    pdf = version.pdf.read()
    text = _text(pdf)
    first_page = PdfReader(BytesIO(pdf)).pages[0].extract_text()
    assert "TRIWULAN III TAHUN 2026" in first_page and snap.agency.name.upper() in first_page
    for heading in ("KATA PENGANTAR", "DAFTAR ISI", "BAB I", "BAB III", "BAB V", "LAMPIRAN I"):
        assert heading in text
    assert "Halaman 2 dari" in text  # the cover has no footer
    tables = [b for b in doc.blocks if isinstance(b, document.Table)]
    numbers = [
        cell
        for t in tables
        if t.anchor.startswith("tabel-3") or t.anchor == "tabel-e81"
        for row in t.rows
        for cell, numeric in zip(row, t.numeric, strict=False)
        if numeric and cell and cell != "–"
    ]
    assert numbers
    flat = text.replace("\n", " ")
    for number in numbers:
        assert number in flat, number
    docx = open_docx(version.docx.open("rb"))
    section = docx.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    headings = [p.text for p in docx.paragraphs if p.style.name.startswith("Heading")]
    assert any(h.startswith("BAB III") for h in headings) and any(
        "LAMPIRAN I" in h for h in headings
    )
    body = docx.element.body.xml
    assert 'w:val="section:kata_pengantar"' in body and 'w:val="section:kesimpulan"' in body
    cells = {c.text for t in docx.tables for r in t.rows for c in r.cells}
    for number in numbers:
        assert number in cells, number


def test_an_edited_section_keeps_its_text_in_the_next_render(reported: Any, personas: Any) -> None:
    report = services.report_freeze(actor=personas["kasubag"], cycle=reported)
    services.section_save(
        actor=personas["kasubag"], report=report, key="saran", text="Saran kami: X."
    )
    version = services.version_render(actor=personas["kasubag"], report=report)
    saran = next(s for s in version.sections if s["key"] == "saran")
    assert saran == {"key": "saran", "title": "Saran", "text": "Saran kami: X.", "edited": True}
    assert "Saran kami: X." in _text(version.pdf.read())


def test_generation_runs_as_a_task_and_shows_on_the_page(
    reported: Any, personas: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client = Client()
    client.force_login(personas["kasubag"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/laporan/{reported.pk}/buat/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    job = RenderJob.objects.get()
    assert job.status == JobStatus.SELESAI and job.version is not None
    page = client.get(f"/laporan/{reported.pk}/status/").content.decode()
    assert "v1" in page
    pdf = client.get(f"/laporan/versi/{job.version.pk}/pdf/")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_a_failed_render_leaves_no_version(reported: Any, personas: Any, monkeypatch: Any) -> None:
    report = services.report_freeze(actor=personas["kasubag"], cycle=reported)
    job = RenderJob.objects.create(
        report=report, requested_by=personas["kasubag"], requested_at=report.snapshot_at
    )

    def broken(*_a: Any, **_k: Any) -> bytes:
        raise RuntimeError("font hilang")

    monkeypatch.setattr("monev.reports.render_pdf.render", broken)
    services.job_run(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.GAGAL and "font hilang" in job.error
    assert not ReportVersion.objects.exists()


def test_a_job_whose_worker_died_is_retried_then_failed(
    reported: Any, personas: Any, settings: Any
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    report = services.report_freeze(actor=personas["kasubag"], cycle=reported)
    old = timezone.now() - timedelta(hours=2)
    job = RenderJob.objects.create(
        report=report, requested_at=old, started_at=old, status=JobStatus.BERJALAN, attempts=1
    )
    services.sweep_stale_jobs()
    job.refresh_from_db()
    assert job.status == JobStatus.MENUNGGU
    RenderJob.objects.filter(pk=job.pk).update(
        status=JobStatus.BERJALAN, started_at=old, attempts=2
    )
    services.sweep_stale_jobs()
    job.refresh_from_db()
    assert job.status == JobStatus.GAGAL and job.error


def test_the_docx_opens_in_libreoffice_with_its_chapters(
    reported: Any, personas: Any, tmp_path: Path
) -> None:
    report = services.report_freeze(actor=personas["kasubag"], cycle=reported)
    version = services.version_render(actor=personas["kasubag"], report=report)
    source = tmp_path / "laporan.docx"
    source.write_bytes(version.docx.read())
    command = ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path)]
    subprocess.run([*command, str(source)], check=True, capture_output=True, timeout=180)
    converted = PdfReader(tmp_path / "laporan.pdf")
    snap = services.snapshot_of(report)
    doc = document.build(snap, sections.resolve(snap, {}))
    chapters = [
        b.text.replace("\n", " — ")
        for b in doc.blocks
        if isinstance(b, document.Heading) and b.level == 1
    ]
    # Each chapter opens a page of its own, in order, after the cover, kata pengantar and
    # daftar isi; the cover still names the quarter.
    pages = [" ".join((page.extract_text() or "").split()) for page in converted.pages]
    # A draft: "DRAF — Versi 1" heads every page, the cover included (the DOCX's header).
    assert all(p.startswith("DRAF — Versi 1 ") for p in pages), [p[:30] for p in pages]
    starts = [p.removeprefix("DRAF — Versi 1 ") for p in pages]
    assert "TRIWULAN III TAHUN 2026" in starts[0]
    assert starts[1].startswith("KATA PENGANTAR") and starts[2].startswith("DAFTAR ISI")
    opened = [next(c for c in chapters if s.startswith(c)) for s in starts
              if any(s.startswith(c) for c in chapters)]  # fmt: skip
    assert opened == chapters
    for chapter in chapters:  # the daftar isi lists them too
        assert chapter in starts[2]


def _docx_rows(docx: Any, first_header: str) -> list[list[str]]:
    """The rows (cell texts) of the DOCX tables whose header row starts with `first_header`."""
    rows: list[list[str]] = []
    for table in docx.tables:
        cells = [[c.text.strip() for c in r.cells] for r in table.rows]
        if cells and cells[0][0] == first_header:
            rows += cells[1:]
    return rows


def test_bab_iii_and_e81_rows_carry_the_snapshots_values_which_are_the_quarters_truth(
    reported: Any, personas: Any
) -> None:
    """Row by row, not as loose substrings: each indicator's row of Tabel 3.3 and of the E.81
    appendix in the DOCX and the PDF equals the snapshot's values, and those are what the
    fixture reported (s/d TW III 8 + 12 + 9 = 29 of 30 → 96,67 %; the IKU 58,3 → 89,69 %)."""
    from monev.domain.numbers import format_number

    report = services.report_freeze(actor=personas["kasubag"], cycle=reported)
    version = services.version_render(actor=personas["kasubag"], report=report)
    snap = services.snapshot_of(report)
    by_code = {i.code: i for i in snap.indicators}
    assert (by_code[OUTPUT].realization, by_code[OUTPUT].achievement) == (29, Decimal("96.67"))
    assert by_code[IKU].achievement == Decimal("89.69")
    docx = open_docx(version.docx.open("rb"))
    table_33 = {row[0]: row for row in _docx_rows(docx, "Kode")}
    pdf_lines = [" ".join(line.split()) for line in _text(version.pdf.read()).splitlines()]
    for indicator in snap.indicators:
        row = table_33[indicator.code]
        expected = [
            format_number(indicator.target, indicator.decimals),
            format_number(indicator.realization, indicator.decimals),
            format_number(indicator.achievement, 2),
        ]
        assert row[3:6] == expected, (indicator.code, row)
    assert table_33[OUTPUT][4:6] == ["29", "96,67"]
    # the PDF's row of Tabel 3.3 for the output: target, realisation s/d, achievement
    assert any(line.startswith("30 29 96,67") for line in pdf_lines), pdf_lines
    e81_rows = {row[1]: row for row in _docx_rows(docx, "No") if len(row) > 8}
    for row in snap.e81.rows:
        if not row.is_indicator:
            continue
        shown = e81_rows[row.code][4 : 4 + len(snap.e81.columns)]
        for column, cell in zip(snap.e81.columns, shown, strict=True):
            k = row.cells.get(column, [None, None])[0]
            decimals = 2 if column in ("14", "renja") else row.decimals
            assert cell == ("" if k is None else format_number(k, decimals)), (row.code, column)
    assert "29" in e81_rows[OUTPUT][4:]


def _squeezed(text: str) -> str:
    """Whitespace folded to single spaces, and a line broken after a slash joined again."""
    return " ".join(text.split()).replace("/ ", "/").replace("\u2060", "")


def test_every_row_of_bab_iii_and_e81_in_both_documents_is_the_snapshots(
    reported: Any, personas: Any
) -> None:
    """Every BAB III table and the E.81 appendix, row by row and cell by cell: the DOCX table
    is the document's table, the PDF shows each row whole and in order, and the per-Bidang
    rows (Tabel 3.2, 3.4) carry the snapshot's mean, pagu, realisation and absorption."""
    from monev.domain.numbers import format_number

    report = services.report_freeze(actor=personas["kasubag"], cycle=reported)
    version = services.version_render(actor=personas["kasubag"], report=report)
    snap = services.snapshot_of(report)
    doc = document.build(snap, sections.resolve(snap, {}))
    tables = {
        t.anchor: t
        for t in doc.blocks
        if isinstance(t, document.Table)
        and (t.anchor.startswith("tabel-3") or t.anchor == "tabel-e81")
    }
    assert set(tables) == {"tabel-3-1", "tabel-3-2", "tabel-3-3", "tabel-3-4", "tabel-3-5",
                           "tabel-e81"}  # fmt: skip
    for unit, row in zip(snap.units, tables["tabel-3-2"].rows, strict=False):
        assert row[1:4] == [unit.name, str(unit.summary.count), format_number(unit.summary.mean, 2)]
    for unit, row in zip(snap.units, tables["tabel-3-4"].rows, strict=False):
        assert row[1:] == [
            unit.name,
            format_number(unit.pagu, 0),
            format_number(unit.spent, 0),
            format_number(unit.absorption, 2),
            format_number(unit.deviation, 2),
            format_number(unit.efficiency, 2),
        ]
    assert tables["tabel-3-4"].rows[-1][2:] == [
        format_number(snap.pagu, 0),
        format_number(snap.spent, 0),
        format_number(snap.absorption, 2),
        format_number(snap.deviation, 2),
        format_number(snap.efficiency, 2),
    ]
    docx = open_docx(version.docx.open("rb"))
    docx_tables = {
        tuple(c.text for c in t.rows[0].cells): [[c.text for c in r.cells] for r in t.rows[1:]]
        for t in docx.tables
    }
    pdf_text = _squeezed(_text(version.pdf.read()))
    for anchor, table in tables.items():
        assert table.rows, anchor
        assert docx_tables[tuple(table.headers)] == table.rows, anchor
        for row in table.rows:
            assert _squeezed(" ".join(c for c in row if c)) in pdf_text, (anchor, row)


def test_outline_and_cover_in_both_documents(reported: Any, personas: Any) -> None:
    """The PDF's bookmarks and the DOCX's Heading 1/2 paragraphs are the outline of DOMAIN
    §8.4 (BAB I–V, Lampiran I–III with their sub chapters), in order; both covers name the
    agency, its government, the quarter and the year."""
    report = services.report_freeze(actor=personas["kasubag"], cycle=reported)
    version = services.version_render(actor=personas["kasubag"], report=report)
    snap = services.snapshot_of(report)
    doc = document.build(snap, sections.resolve(snap, {}))
    headings = [b for b in doc.blocks if isinstance(b, document.Heading)]
    chapters = [h.text for h in headings if h.level == 1]
    assert [c.split("\n")[0] for c in chapters] == [
        "BAB I", "BAB II", "BAB III", "BAB IV", "BAB V",
        "LAMPIRAN I", "LAMPIRAN II", "LAMPIRAN III",
    ]  # fmt: skip

    reader = PdfReader(BytesIO(version.pdf.read()))
    top = [o.title for o in reader.outline if not isinstance(o, list)]
    assert top[:3] == [doc.title.upper(), "KATA PENGANTAR", "DAFTAR ISI"]
    assert top[3:] == chapters
    nested = [
        o.title
        for group in reader.outline
        if isinstance(group, list)
        for o in group
        if not isinstance(o, list)
    ]
    assert nested == [h.text for h in headings if h.level == 2]
    # One level deeper, only the bookmark of the Kepala Dinas' signature block (where a
    # visible electronic signature goes, core.typeset.signature_mark).
    deeper = [
        o.title
        for group in reader.outline
        if isinstance(group, list)
        for sub in group
        if isinstance(sub, list)
        for o in sub
    ]
    assert deeper == [SIGNATURE_MARK]
    cover = " ".join(reader.pages[0].extract_text().split())
    for text in (snap.agency.name.upper(), snap.agency.government.upper(),
                 "TRIWULAN III TAHUN 2026"):  # fmt: skip
        assert text in cover, text

    docx = open_docx(version.docx.open("rb"))
    styled = [(p.style.name, p.text) for p in docx.paragraphs]
    assert [t for s, t in styled if s == "Heading 1"] == [c.replace("\n", " — ") for c in chapters]
    assert [t for s, t in styled if s == "Heading 2"] == [h.text for h in headings if h.level == 2]
    first_page = []
    for style, text in styled:
        if style == "Title":  # KATA PENGANTAR opens page 2
            break
        first_page.append(text)
    kop = " ".join(c.text for row in docx.tables[0].rows for c in row.cells)
    cover_text = kop + " " + " ".join(first_page)
    for text in (snap.agency.name.upper(), snap.agency.government.upper(),
                 "TRIWULAN III TAHUN 2026", "2026"):  # fmt: skip
        assert text in cover_text, text


def _drawn_images(page: Any) -> list[Any]:
    """The image XObjects a PDF page paints (its content stream's `Do`, through the form
    XObjects it paints), decoded as Pillow images; a page's resources may list more."""
    from pypdf.generic import ContentStream

    found: list[Any] = []

    def walk(content: Any, resources: Any) -> None:
        xobjects = resources.get("/XObject", {})
        for operands, operator in ContentStream(content, page.pdf).operations:
            if operator != b"Do":
                continue
            xobject = xobjects[operands[0]].get_object()
            if xobject["/Subtype"] == "/Image":
                found.append(xobject.decode_as_image())
            else:
                walk(xobject, xobject.get("/Resources", resources))

    walk(page.get_contents(), page["/Resources"])
    return found


def _blips(element: Any) -> list[str]:
    """The relationship ids of the pictures inside a DOCX element."""
    ns = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
    embed = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
    return [blip.get(embed) for blip in element.iter(ns)]


def test_the_kop_carries_the_agency_logo_in_the_pdf_and_the_docx(
    reported: Any, personas: Any
) -> None:
    """The demo agency has a logo (an emblem of our own): the PDF's cover page holds it as
    an image XObject of the logo's pixels; the DOCX has it inline in the kop on the first
    page (and again in the middle of the cover), the very bytes of the uploaded file. An
    agency without a logo gets neither."""
    from PIL import Image

    from monev.reports.builder import build_snapshot

    agency = reported.agency
    assert agency.logo
    with agency.logo.open("rb") as handle:
        logo = handle.read()
    report = services.report_freeze(actor=personas["kasubag"], cycle=reported)
    version = services.version_render(actor=personas["kasubag"], report=report)

    reader = PdfReader(BytesIO(version.pdf.read()))
    source = Image.open(BytesIO(logo)).convert("RGBA")
    drawn = _drawn_images(reader.pages[0])
    assert len(drawn) == 2  # in the kop and in the middle of the cover
    for image in drawn:
        assert image.size == source.size
        assert image.convert("RGBA").tobytes() == source.tobytes()
    assert not any(_drawn_images(page) for page in reader.pages[1:4])

    docx = open_docx(version.docx.open("rb"))
    body = list(docx.element.body.iterchildren())
    kop = docx.tables[0]
    assert body[0] is kop._tbl  # the kop opens the first page
    kop_pictures = _blips(kop.rows[0].cells[0]._tc)
    assert [docx.part.related_parts[r].blob for r in kop_pictures] == [logo]
    first_page = []
    for paragraph in docx.paragraphs:
        if paragraph.style.name == "Title":  # KATA PENGANTAR starts page 2
            break
        first_page += _blips(paragraph._p)
    assert [docx.part.related_parts[r].blob for r in first_page] == [logo]

    # The report keeps its frozen snapshot (logo included); a new snapshot has no logo.
    agency.logo.delete(save=True)
    pdf, docx_bytes, _texts = services.render_bytes(build_snapshot(reported), {})
    assert _drawn_images(PdfReader(BytesIO(pdf)).pages[0]) == []
    plain_docx = open_docx(BytesIO(docx_bytes))
    assert not _blips(plain_docx.tables[0]._tbl)
    assert "PEMERINTAH" in plain_docx.paragraphs[0].text  # the letterhead without a picture


@pytest.mark.parametrize(
    ("kind", "mime", "same"),
    [("PNG", "image/png", True), ("JPEG", "image/jpeg", True), ("GIF", "image/png", False),
     ("BMP", "image/png", False)],
)  # fmt: skip
def test_a_logo_reaches_the_documents_as_png_or_jpeg(kind: str, mime: str, same: bool) -> None:
    """PNG and JPEG logos are kept as uploaded; other pictures become PNG (Word and the PDF
    print both); an SVG stays SVG (the PDF draws it), anything else is no logo."""
    from PIL import Image

    from monev.reports.builder import logo_for_documents

    out = BytesIO()
    Image.new("RGB", (30, 20), (20, 100, 50)).save(out, format=kind)
    raw = out.getvalue()
    got_mime, got = logo_for_documents(raw)
    assert got_mime == mime and (got == raw) is same
    assert Image.open(BytesIO(got)).size == (30, 20)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
    assert logo_for_documents(svg) == ("image/svg+xml", svg)
    assert logo_for_documents(b"bukan gambar") == ("", b"")


@pytest.mark.parametrize("case", ["none", "one", "every"])
def test_the_sections_say_which_bidang_are_at_risk(reported: Any, personas: Any, case: str) -> None:
    """The rules on a real snapshot: no indicator at risk, one Bidang at risk of several, and
    every Bidang at risk give the analysis and the conclusion their own sentence."""
    from dataclasses import replace

    report = services.report_freeze(actor=personas["kasubag"], cycle=reported)
    snap = services.snapshot_of(report)
    first = snap.units[0]  # the small plan has one Bidang: a second one beside it
    both = [first, replace(first, code="BID-UKM", name="Bidang Usaha Kecil dan Menengah")]
    at_risk = {"none": set(), "one": {first.code}, "every": {u.code for u in both}}[case]
    units = [replace(u, at_risk=1 if u.code in at_risk else 0) for u in both]
    indicators = [replace(i, at_risk=False) for i in snap.indicators]
    if at_risk:
        indicators[0] = replace(indicators[0], at_risk=True, projection=Decimal("70.5"))
    texts = sections.generate(replace(snap, units=units, indicators=indicators))
    for key in ("analisis", "kesimpulan"):
        text = texts[key]
        if case == "none":
            assert "tidak ada indikator yang berisiko tidak mencapai target." in text
            assert "Risiko ini" not in text
        else:
            assert (
                f"1 (satu) indikator berisiko tidak mencapai target: {indicators[0].name} "
                "(proyeksi 70,50%)." in text
            )
        if case == "one":
            assert "Risiko ini terdapat pada 1 (satu) Bidang." in text
        if case == "every":
            assert "Risiko ini terdapat di setiap Bidang" in text
