"""The report of a cycle: the frozen snapshot (JSON round trip, numbers fixed after the
freeze), the rendered PDF and DOCX (outline, cover, BAB III and E.81 numbers equal to the
snapshot, A4, content controls), edited sections kept, background generation, downloads."""

from __future__ import annotations

import subprocess
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from docx import Document as open_docx
from pypdf import PdfReader

from monev.collection.models import BudgetRealization, Realization
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
    assert snap.schema == 1 and snap.quarter == 3 and snap.year == 2026
    assert Snapshot.from_json(snap.to_json()) == snap
    assert {i.code for i in snap.indicators} == {OUTPUT, IKU}
    assert snap.head.name and snap.head.nip  # Kepala Dinas signature block with NIP


def test_numbers_never_change_after_the_snapshot(reported: Any, personas: Any) -> None:
    report = services.report_freeze(actor=personas["kasubag"], cycle=reported)
    first = services.version_render(actor=personas["kasubag"], report=report)
    Realization.objects.filter(indicator__code=OUTPUT, quarter=3).update(value=1)
    report = services.report_freeze(actor=personas["kasubag"], cycle=reported)
    second = services.version_render(actor=personas["kasubag"], report=report)
    assert second.number == 2 and first.snapshot == second.snapshot
    assert first.sha256 == second.sha256  # same snapshot, same PDF bytes


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
    text = _text((tmp_path / "laporan.pdf").read_bytes())
    for heading in ("BAB I", "BAB II", "BAB III", "BAB IV", "BAB V", "LAMPIRAN I"):
        assert heading in text


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
