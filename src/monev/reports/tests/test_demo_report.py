"""The demo's Triwulan III report holds the record whole (issue #20 "must show"): Tabel 4.1
lists every finding of the quarter (as many as the data holds, with or without a
recommendation) and the recommendations carried over; Lampiran III lists each distinct
evidence file once. The Tabel 4.1 page and the end of Lampiran I are rendered to PNG under
var/shots/report/ for the developers to look at."""

from __future__ import annotations

import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from monev.collection.models import Evidence
from monev.monitoring.models import Finding, Recommendation
from monev.reports import builder, document, render_pdf, sections
from monev.reports.tests.pdflinks import destinations
from monev.sop.models import Cycle
from monev.testing import kept_output

pytestmark = pytest.mark.django_db

SHOTS = kept_output("shots", "report")


def _png(pdf: Path, page: int, name: str) -> None:
    subprocess.run(
        ["pdftoppm", "-r", "70", "-png", "-singlefile", "-f", str(page + 1), "-l",
         str(page + 1), str(pdf), str(SHOTS / name)],
        check=True, timeout=60,
    )  # fmt: skip


def test_the_demo_tw_iii_report_lists_every_finding_and_each_evidence_file_once(
    loaded_demo: str,
) -> None:
    cycle = Cycle.objects.get(agency__short_name="DKUKMTK", year=2026, quarter=3)
    findings = Finding.objects.filter(visit__cycle=cycle)
    assert findings.count() == 6
    assert findings.filter(recommendations__isnull=True).count() == 2  # recorded without one
    snap = builder.build_snapshot(cycle)
    doc = document.build(snap, sections.resolve(snap, {}))
    table = next(b for b in doc.blocks if isinstance(b, document.Table) and b.anchor == "tabel-4-1")
    quarter_rows = []
    for row in table.rows:
        if row[1] == document.CARRIED_HEADING:
            break
        quarter_rows.append(row)
    assert len(quarter_rows) == findings.count()
    for finding in findings:
        assert any(row[2].startswith(finding.text) for row in quarter_rows), finding.text
    carried = table.rows[len(quarter_rows) + 1 :]
    open_earlier = Recommendation.objects.filter(
        agency=cycle.agency, cycle__year=2026, cycle__quarter__lt=3
    ).exclude(status__in=["sesuai", "tidak_dapat_ditindaklanjuti"])
    assert len(carried) >= open_earlier.count() > 0
    for recommendation in open_earlier:
        assert any(row[4].startswith(recommendation.text) for row in carried)
    # Lampiran III: the distinct evidence files of the year up to Triwulan III
    evidence = next(
        b for b in doc.blocks if isinstance(b, document.Table) and b.anchor == "tabel-bukti"
    )
    distinct = set(
        Evidence.objects.filter(
            realization__indicator__period__agency=cycle.agency,
            realization__year=2026,
            realization__quarter__lte=3,
        ).values_list("realization__indicator__code", "sha256")
    )
    assert len(evidence.rows) == len(distinct) > 0
    assert len({row[3] for row in evidence.rows}) == len(evidence.rows)  # each file once
    assert any(row[5] == "I, II, III" for row in evidence.rows)  # attached in each quarter
    assert all(row[6].endswith((" B", " KB", " MB")) and row[6] != "0 B" for row in evidence.rows)
    # the PDF prints them, and the pages are rendered for a look
    pdf = render_pdf.render(doc)
    pages = [p.extract_text() or "" for p in PdfReader(BytesIO(pdf)).pages]
    named = destinations(pdf)
    table_page = next(i for i in range(named["bab-4"], len(pages)) if "Tabel 4.1" in pages[i])
    printed = " ".join(" ".join(pages[table_page : table_page + 3]).split())
    for finding in findings:
        assert " ".join(finding.text.split())[:50] in printed, finding.text
    if shutil.which("pdftoppm"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / "demo-tw3.pdf"
        path.write_bytes(pdf)
        _png(path, table_page, "demo-tw3-tabel-4-1")
        _png(path, named["lampiran-2"] - 1, "demo-tw3-e81-akhir")
        _png(path, named["lampiran-3"], "demo-tw3-lampiran-3")
