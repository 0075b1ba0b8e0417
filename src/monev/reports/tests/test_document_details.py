"""Document details of the report (issue #20 items 4 and 6): the daftar isi and bookmarks jump
inside the file; Tabel 4.1 lists every finding with its category, indicator and dispute and
the open recommendations of earlier quarters; Lampiran I ends as the E.81 page does; Lampiran
III lists each evidence file once with its quarter and true size; long texts flow over pages
in the PDF and the DOCX; the archive's data workbook speaks in labels."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from docx import Document as open_docx
from openpyxl import load_workbook
from pypdf import PdfReader

from monev.archive.data_xlsx import snapshot_xlsx
from monev.monitoring import services as monitoring
from monev.monitoring.models import TEXT_MAX_CHARS
from monev.monitoring.tests.conftest import plan_cycle  # noqa: F401 (fixture)
from monev.monitoring.tests.test_flow import approve_plan, fill, plan
from monev.reports import builder, document, render_docx, render_pdf, sections
from monev.reports.snapshot import EvidenceData, Snapshot
from monev.reports.tests.pdflinks import check_links, destinations
from monev.testing import kept_output

pytestmark = pytest.mark.django_db

SHOTS = kept_output("shots", "report")


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(BytesIO(pdf)).pages]


@pytest.fixture
def visited(plan_cycle: Any, personas: dict[str, Any]) -> Any:  # noqa: F811
    """Triwulan III with a visit to Bidang Koperasi: three findings (one disputed, one with
    two recommendations, one without any), and a recommendation of Triwulan II still open."""
    kop, _warnings = plan(plan_cycle, personas, "BID-KOP", 12)
    approve_plan(plan_cycle, personas)
    kop.refresh_from_db()
    fill(kop, personas)
    leader = personas["kasubag"]
    indicator = kop.indicators.first().indicator
    texts = [
        ("data", "Jumlah koperasi diperiksa melebihi daftar hadir.", indicator),
        ("administrasi", "Berita acara dua koperasi belum ditandatangani.", None),
        ("bukti", "Foto pendampingan tanpa daftar hadir.", None),
    ]
    findings = [
        monitoring.finding_add(actor=leader, visit=kop, text=t, category=c, indicator=i)
        for c, t, i in texts
    ]
    for finding, text in ((findings[0], "Cocokkan data."), (findings[0], "Simpan daftar hadir."),
                          (findings[1], "Lengkapi tanda tangan.")):  # fmt: skip
        monitoring.recommendation_add(
            actor=leader, visit=kop, text=text, unit=kop.unit, due_date=date(2026, 12, 31),
            finding=finding,
        )  # fmt: skip
    monitoring.visit_submit(actor=leader, visit=kop)
    monitoring.visit_answer(
        actor=personas["kabid.koperasi"],
        visit=kop,
        disputes={findings[1].pk: "Tanda tangan menunggu rapat anggota."},
    )
    _earlier_recommendation(plan_cycle, kop)
    return plan_cycle


def _earlier_recommendation(cycle: Any, visit: Any) -> None:
    """A Triwulan II recommendation of Bidang Koperasi, still `dalam_proses`."""
    from monev.monitoring.models import Finding, Recommendation, Visit
    from monev.sop.models import Cycle

    earlier = Cycle.objects.create(
        agency=cycle.agency, definition=cycle.definition, year=2026, quarter=2,
        status="selesai", opened_at=cycle.opened_at, disposition="Monev TW II.",
    )  # fmt: skip
    old = Visit.objects.create(
        cycle=earlier, unit=visit.unit, starts_at=visit.starts_at.replace(month=7),
        ends_at=visit.ends_at.replace(month=7), place="Kantor", checklist=visit.checklist,
        status="diakui",
    )  # fmt: skip
    finding = Finding.objects.create(
        visit=old, text="Arsip RAT koperasi belum lengkap.", category="administrasi"
    )
    Recommendation.objects.create(
        agency=cycle.agency, unit=visit.unit, visit=old, finding=finding, cycle=earlier,
        text="Lengkapi arsip RAT.", due_date=date(2026, 9, 30), status="dalam_proses",
        created_at=visit.starts_at.replace(month=7),
    )  # fmt: skip


def test_tabel_4_1_lists_every_finding_and_the_recommendations_carried_over(
    visited: Any,
) -> None:
    snap = builder.build_snapshot(visited)
    snap = Snapshot.from_json(snap.to_json())  # what is frozen is what is printed
    [visit] = snap.monitoring.visits
    assert [f.category for f in visit.findings] == ["data", "administrasi", "bukti"]
    assert visit.findings[0].indicator_code and visit.findings[1].disputed
    assert [r.text for r in visit.findings[0].recommendations] == [
        "Cocokkan data.", "Simpan daftar hadir.",
    ]  # fmt: skip
    assert visit.findings[2].recommendations == []
    [carried] = snap.monitoring.carried
    assert (carried.quarter, carried.recommendation.status) == (2, "dalam_proses")
    doc = document.build(snap, sections.resolve(snap, {}))
    table = next(b for b in doc.blocks if isinstance(b, document.Table) and b.anchor == "tabel-4-1")
    split = next(i for i, row in enumerate(table.rows) if row[1] == document.CARRIED_HEADING)
    assert split == 3  # every finding of the quarter, with or without a recommendation
    assert "Ketidaksesuaian data; indikator" in table.rows[0][2]
    assert table.rows[1][3] == "Dibantah: Tanda tangan menunggu rapat anggota."
    assert table.rows[2][4] == "Tanpa rekomendasi"
    assert "Lengkapi arsip RAT." in table.rows[4][4] and "TW II 2026" in table.rows[4][2]
    assert "Belum sesuai" in table.rows[4][5]
    # the same in the PDF, the DOCX and the archive's data workbook
    pdf = render_pdf.render(doc)
    text = " ".join(" ".join(_pages(pdf)).split())  # a cell's lines joined by one space
    for needle in ("Foto pendampingan tanpa daftar hadir.", "Tanpa rekomendasi",
                   "Lengkapi arsip RAT.", "Tanda tangan menunggu rapat anggota."):  # fmt: skip
        assert needle in text, needle
    docx = open_docx(BytesIO(render_docx.render(doc)))
    [cells] = [
        [[c.text for c in row.cells] for row in t.rows]
        for t in docx.tables
        if len(t.rows[0].cells) == 7
        and [c.text for c in t.rows[0].cells][2:4] == ["Temuan", "Tanggapan Bidang"]
    ]
    assert len(cells) == 1 + 3 + 1 + 1
    book = load_workbook(BytesIO(snapshot_xlsx(snap)))
    rows = list(book["Temuan"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 2 + 1 + 1 + 1  # one row per recommendation, a finding without, carried
    assert {r[3] for r in rows} >= {"Ketidaksesuaian data", "Administrasi", "Bukti dukung"}
    assert any(r[6] == "ya" and r[7] for r in rows)


def test_every_link_of_the_report_pdf_jumps_inside_it(visited: Any, tmp_path: Path) -> None:
    snap = builder.build_snapshot(visited)
    doc = document.build(snap, sections.resolve(snap, {}))
    for options in ({}, {"pdf_variant": "pdf/a-3b"}):  # the draft and the archive's PDF/A-3
        pdf = render_pdf.render(doc, **options)
        jumps, outline, external = check_links(pdf)
        headings = [b for b in doc.blocks if isinstance(b, document.Heading)]
        assert not external
        # the daftar isi: one jump per heading, to the page the heading is printed on
        assert [name for name, _page in jumps] == [h.anchor for h in headings]
        pages = _pages(pdf)
        for heading, (_name, page) in zip(headings, jumps, strict=True):
            first_line = heading.text.split("\n")[0]
            assert first_line in pages[page], (first_line, page)
        titles = [t.replace("\n", " ") for t, _page in outline]
        assert titles.index("KATA PENGANTAR") < titles.index("DAFTAR ISI")
        for heading in headings:
            assert heading.text.replace("\n", " ") in titles, heading.text


def test_lampiran_i_ends_as_the_e81_page_and_lampiran_iii_lists_each_file_once(
    visited: Any,
) -> None:
    from monev.evaluation.models import AnalysisNote

    AnalysisNote.objects.create(
        cycle=visited, unit=None, drivers="Pendampingan rutin koperasi.",
        obstacles="Anggaran pelatihan terlambat cair.", next_quarter="Percepat pelatihan.",
        next_renja="Tambah penyuluh koperasi.",
    )  # fmt: skip
    snap = builder.build_snapshot(visited)
    snap.evidence = [
        EvidenceData("IK.1", "Bidang Koperasi", "bukti.pdf", "pdf", 31, "a" * 64, 1),
        EvidenceData("IK.1", "Bidang Koperasi", "foto.jpg", "jpg", 2_400_000, "b" * 64, 3),
    ]
    doc = document.build(snap, sections.resolve(snap, {}))
    pdf = render_pdf.render(doc)
    pages = _pages(pdf)
    named = destinations(pdf)
    start, end = named["lampiran-1"], named["lampiran-2"]
    tail = " ".join(" ".join(pages[start:end]).split())
    for needle in (
        "Faktor pendorong keberhasilan pencapaian kinerja", "Pendampingan rutin koperasi.",
        "Faktor penghambat", "Anggaran pelatihan terlambat cair.",
        "Tindak lanjut yang diperlukan dalam triwulan berikutnya", "Percepat pelatihan.",
        "Disusun, ", "Dievaluasi, ", snap.e81.prepared_by.name,
    ):  # fmt: skip
        assert needle in tail, needle
    evidence = next(
        b for b in doc.blocks if isinstance(b, document.Table) and b.anchor == "tabel-bukti"
    )
    assert evidence.rows == [
        ["1", "IK.1", "Bidang Koperasi", "bukti.pdf", "PDF", "I", "31 B"],
        ["2", "IK.1", "Bidang Koperasi", "foto.jpg", "JPG", "III", "2,3 MB"],
    ]
    SHOTS.mkdir(parents=True, exist_ok=True)
    if shutil.which("pdftoppm"):
        (SHOTS / "laporan.pdf").write_bytes(pdf)
        for number, name in ((end, "e81-akhir"),):  # the last page of Lampiran I
            subprocess.run(
                ["pdftoppm", "-r", "70", "-png", "-singlefile", "-f", str(number),
                 "-l", str(number), str(SHOTS / "laporan.pdf"), str(SHOTS / name)],
                check=True, timeout=60,
            )  # fmt: skip


def test_the_archive_workbook_speaks_in_labels_not_codes(visited: Any) -> None:
    snap = builder.build_snapshot(visited)
    book = load_workbook(BytesIO(snapshot_xlsx(snap)))
    values = {
        str(v)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for v in row
        if v is not None
    }
    for code in ("sangat_tinggi", "sangat_rendah", "sub_kegiatan", "dalam_proses", "administrasi"):
        assert code not in values, code
    levels = {row[0] for row in book["E.81"].iter_rows(min_row=2, values_only=True)}
    assert "Sub Kegiatan" in levels
    ratings = {row[8] for row in book["Indikator"].iter_rows(min_row=2, values_only=True)}
    assert ratings <= {"Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah", "–", ""}


def test_long_texts_flow_over_pages_in_the_report_pdf_and_docx(
    visited: Any, tmp_path: Path
) -> None:
    from monev.monitoring.models import Finding

    phrase = "arsip koperasi yang belum lengkap"
    long_text = (f"Temuan panjang tentang {phrase}. " * 400)[:TEXT_MAX_CHARS]
    Finding.objects.filter(visit__cycle=visited).update(text=long_text)
    snap = builder.build_snapshot(visited)
    texts = sections.resolve(snap, {})
    long_section = "\n".join(["Paragraf kesimpulan yang panjang sekali. " * 30] * 25)
    texts = [replace(t, text=long_section) if t.key == "kesimpulan" else t for t in texts]
    doc = document.build(snap, texts)
    pdf = render_pdf.render(doc)
    plain = render_pdf.render(document.build(snap, sections.resolve(snap, {})))
    # three findings of 20 000 characters, twice (Tabel 4.1 and Lampiran II), and the long
    # conclusion: more pages, and every last word of them printed
    assert len(_pages(pdf)) >= len(_pages(plain)) > 10
    joined = " ".join(" ".join(_pages(pdf)).split())
    assert joined.count(phrase) >= 6 * 300
    data = render_docx.render(doc)
    docx = open_docx(BytesIO(data))
    longest = max(len(c.text) for t in docx.tables for r in t.rows for c in r.cells)
    assert longest >= TEXT_MAX_CHARS
    if shutil.which("soffice"):  # LibreOffice lays the DOCX out over pages too
        (tmp_path / "laporan.docx").write_bytes(data)
        subprocess.run(
            ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
             "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "laporan.docx")],
            check=True, timeout=240, capture_output=True,
        )  # fmt: skip
        converted = _pages((tmp_path / "laporan.pdf").read_bytes())
        assert len(converted) > 10
        assert " ".join(" ".join(converted).split()).count(phrase) >= 6 * 300


def test_a_snapshot_frozen_before_schema_2_still_reads_and_renders(visited: Any) -> None:
    """A report frozen with schema 1 (findings as bare texts, no carried recommendations, no
    evidence quarter) reads with the new fields empty, and its document still builds."""
    import json

    snap = builder.build_snapshot(visited)
    data = _as_frozen_by_schema_2(json.loads(snap.to_json()), snap)
    data["schema"] = 1
    for visit in data["monitoring"]["visits"]:
        visit["findings"] = [
            {"text": f["text"], "recommendations": [
                {k: r[k] for k in ("text", "status", "status_label", "follow_up", "due")}
                for r in f["recommendations"]
            ]}
            for f in visit["findings"]
        ]  # fmt: skip
    del data["monitoring"]["carried"]
    for item in data["evidence"]:
        del item["quarter"], item["quarters"]
    old = Snapshot.from_json(json.dumps(data))
    assert old.schema == 1 and old.monitoring.carried == []
    assert old.monitoring.visits[0].findings[0].category is None
    doc = document.build(old, sections.resolve(old, {}))
    table = next(b for b in doc.blocks if isinstance(b, document.Table) and b.anchor == "tabel-4-1")
    assert len(table.rows) == 3 and table.rows[0][2] == old.monitoring.visits[0].findings[0].text
    with pytest.raises(ValueError, match="schema"):
        Snapshot.from_json(json.dumps({**data, "schema": 99}))


def _as_frozen_by_schema_2(data: dict[str, Any], snap: Snapshot) -> dict[str, Any]:
    """Return `data` (a schema 3 snapshot) as the code before the typed contract froze it:
    each code with its label beside it, dates as ISO text, the blangko as the text printed."""
    from monev.domain.numbers import format_number

    def shown(value: Any, decimals: int) -> str:
        return "" if value is None else format_number(value, decimals)

    def finding(f: dict[str, Any], typed: Any) -> dict[str, Any]:
        return {
            **f,
            "category": f["category"] or "",
            "category_label": str(typed.category.label) if typed.category else "",
            "recommendations": [
                {**r, "status": r["status"] or "", "due": r["due"] or "",
                 "status_label": str(t.status.label) if t.status else ""}
                for r, t in zip(f["recommendations"], typed.recommendations, strict=True)
            ],
        }  # fmt: skip

    visits = []
    for v, typed in zip(data["monitoring"]["visits"], snap.monitoring.visits, strict=True):
        visit = {k: value for k, value in v.items() if k != "frozen_rows"}
        visit["findings"] = [
            finding(f, t) for f, t in zip(v["findings"], typed.findings, strict=True)
        ]
        visit["blangko"] = [
            [line.indicator_name, shown(line.reported, line.decimals),
             shown(line.verified, line.decimals),
             str(line.verdict.label) if line.verdict else "", shown(line.proposed, line.decimals)]
            for line in typed.blangko
        ]  # fmt: skip
        visits.append(visit)
    carried = [
        {**c, "finding": finding(c["finding"], t.finding),
         "recommendation": finding({"category": "", "recommendations": [c["recommendation"]]},
                                   type("F", (), {"category": None,
                                                  "recommendations": [t.recommendation]})
                                   )["recommendations"][0]}
        for c, t in zip(data["monitoring"]["carried"], snap.monitoring.carried, strict=True)
    ]  # fmt: skip
    return {**data, "schema": 2, "monitoring": {"visits": visits, "carried": carried}}


def test_a_report_frozen_before_the_typed_contract_prints_as_it_did(visited: Any) -> None:
    """A snapshot stored with schema 2 (the monitoring section as formatted text: labels
    beside codes, the blangko's numbers as printed, dates as ISO text) reads into the typed
    contract and gives the same document — the same tables and the same PDF bytes — as the
    snapshot of the same data frozen as values now."""
    import json

    snap = builder.build_snapshot(visited)
    assert snap.schema == 3 and snap.monitoring.visits[0].blangko
    line = snap.monitoring.visits[0].blangko[0]
    assert line.reported is None or isinstance(line.reported, Decimal)
    assert isinstance(snap.monitoring.visits[0].date, date)
    old_text = json.dumps(_as_frozen_by_schema_2(json.loads(snap.to_json()), snap))
    assert '"status_label"' in old_text and '"blangko": [["' in old_text
    old = Snapshot.from_json(old_text)
    assert old.monitoring.visits[0].blangko == [] and old.monitoring.visits[0].frozen_rows
    new_doc = document.build(snap, sections.resolve(snap, {}))
    old_doc = document.build(old, sections.resolve(old, {}))
    assert old_doc.blocks == new_doc.blocks
    assert render_pdf.render(old_doc) == render_pdf.render(new_doc)
