"""The SOP-AP PDF: identity sheet and swimlane flowchart, for the seed and for edited SOPs."""

from __future__ import annotations

import copy
from datetime import date
from io import BytesIO
from itertools import pairwise
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from monev.core.formats import document_day
from monev.domain.nip import display_nip
from monev.sop.document import SopDocument, sop_document_from_dict
from monev.sop.pdf import render_sop_pdf
from monev.sop.seed import DEFAULT_SOP

# Path construction operators of a PDF content stream: move, line, curve, rectangle.
PATH_OPS = {b"m", b"l", b"c", b"re"}


def _read(pdf: bytes) -> PdfReader:
    assert pdf.startswith(b"%PDF-")
    return PdfReader(BytesIO(pdf))


def _flat(text: str) -> str:
    """Return text with every run of whitespace (line wraps included) as one space."""
    return " ".join(text.split())


def _text(reader: PdfReader) -> str:
    return _flat(" ".join(page.extract_text() for page in reader.pages))


def _lines(page: Any) -> list[str]:
    return [line.strip() for line in page.extract_text().splitlines()]


def _default() -> SopDocument:
    return sop_document_from_dict(DEFAULT_SOP)


def _big_sop(steps: int = 20) -> dict[str, Any]:
    """Return the default SOP edited to `steps` steps over five actors, with three decisions."""
    data = copy.deepcopy(DEFAULT_SOP)
    data["actors"].append({"key": "operator_bidang", "label": "Operator Bidang"})
    keys = [a["key"] for a in data["actors"]]
    units = ["menit", "jam", "hari", "minggu"]
    data["steps"] = [
        {
            "number": n,
            "description": f"Langkah uji nomor {n} menguraikan prosedur"
            + (" dengan uraian panjang yang membungkus beberapa baris" * 3 if n % 7 == 0 else ""),
            "actor": keys[n * 2 % 5],
            "approver": None,
            "lanes": [keys[n * 2 % 5]],
            "symbol": "process",
            "no_goto": None,
            "inputs": f"Kelengkapan {n}",
            "time_value": n,
            "time_unit": units[n % 4],
            "output": f"Keluaran {n}",
            "notes": "",
        }
        for n in range(1, steps + 1)
    ]
    data["steps"][0]["symbol"] = data["steps"][-1]["symbol"] = "terminator"
    data["steps"][5]["lanes"] += [keys[0], keys[4]]
    data["steps"][8].update(symbol="decision", no_goto=7)  # a short loop, kept on one page
    data["steps"][12].update(symbol="decision", no_goto=16)  # "Tidak" skipping forward
    data["steps"][17].update(symbol="decision", no_goto=3)  # a loop longer than a page
    return data


@pytest.fixture(scope="module")
def default_pdf() -> bytes:
    return render_sop_pdf(_default())


def test_it_formats_nip_in_groups_of_8_6_1_3() -> None:
    assert display_nip("196811171997031003") == "19681117 199703 1 003"
    assert display_nip("12345") == "12345"


def test_it_formats_dates_in_indonesian_and_empty_dates_as_a_dash() -> None:
    assert document_day(date(2026, 11, 25)) == "25 November 2026"
    assert document_day(None) == "–"


def test_the_default_sop_is_an_identity_sheet_and_flowchart_pages(default_pdf: bytes) -> None:
    reader = _read(default_pdf)
    assert len(reader.pages) >= 2
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (842, 595)  # A4 landscape


def test_the_identity_sheet_carries_every_field(default_pdf: bytes) -> None:
    page = _flat(_read(default_pdf).pages[0].extract_text())
    for text in (
        "000.8.3.3./005/DKUKMTK-BLG/2024",
        "Monitoring/Evaluasi Internal Capaian Kinerja",
        "DINAS KOPERASI USAHA KECIL DAN MENENGAH DAN TENAGA KERJA",
        "Tanggal Pembuatan",
        "Tanggal Revisi",
        "Tanggal Efektif",
        "Plt. Kepala Dinas KUKMTK",
        "ABDURRAHMAN ARRAHIMI, S.Pi",
        "Pembina Tingkat I (IV/b)",
        "NIP. 19681117 199703 1 003",
        "Dasar Hukum",
        "Kualifikasi Pelaksana",
        "Keterkaitan",
        "Peralatan/Perlengkapan",
        "Peringatan",
        "Pencatatan dan Pendataan",
    ):
        assert text in page, text
    for key in ("legal_basis", "related_sops", "warnings", "qualifications", "equipment"):
        for item in DEFAULT_SOP[key]:
            assert _flat(item) in page, item
    assert page.count("–") >= 3  # the three empty dates


def test_the_flowchart_lists_every_step_with_its_mutu_baku(default_pdf: bytes) -> None:
    text = _text(_read(default_pdf))
    for step in DEFAULT_SOP["steps"]:
        assert step["description"] in text, step["number"]
        assert step["output"] in text
    for heading in ("Uraian Prosedur", "Pelaksana", "Mutu Baku", "Kelengkapan", "Keterangan"):
        assert heading in text
    for actor in DEFAULT_SOP["actors"]:
        assert actor["label"] in text
    for waktu in ("15 Menit", "2 Hari", "7 Hari", "3 Jam", "1 Minggu"):
        assert waktu in text


def test_the_flowchart_labels_its_symbols(default_pdf: bytes) -> None:
    lines = [line for page in _read(default_pdf).pages[1:] for line in _lines(page)]
    for label in ("Mulai", "Selesai", "Ya", "Tidak"):
        assert label in lines, label


def test_the_flowchart_is_drawn_with_vector_paths(default_pdf: bytes) -> None:
    reader = _read(default_pdf)
    for page in reader.pages[1:]:
        content = page.get_contents()
        assert content is not None
        operators = [op for _, op in ContentStream(content, reader).operations]
        paths = sum(1 for op in operators if op in PATH_OPS)
        assert paths > 60, paths  # grid, symbols, arrows
        assert operators.count(b"f") + operators.count(b"f*") >= 5  # filled arrowheads
        assert operators.count(b"B") + operators.count(b"B*") >= 3  # outlined white symbols


def test_the_verification_loop_stays_on_one_page(default_pdf: bytes) -> None:
    pages = [_flat(p.extract_text()) for p in _read(default_pdf).pages[1:]]
    steps = {s["number"]: s["description"] for s in DEFAULT_SOP["steps"]}
    holding = [i for i, text in enumerate(pages) if steps[11] in text]
    assert holding and steps[10] in pages[holding[0]]


def test_a_page_break_is_bridged_by_matching_off_page_connectors(default_pdf: bytes) -> None:
    flow_pages = _read(default_pdf).pages[1:]
    assert len(flow_pages) == 2
    assert "A" in _lines(flow_pages[0]) and "A" in _lines(flow_pages[1])


def test_an_edited_sop_with_20_steps_and_5_actors_prints_every_step() -> None:
    data = _big_sop()
    reader = _read(render_sop_pdf(sop_document_from_dict(data)))
    text = _text(reader)
    for step in data["steps"]:
        assert _flat(step["description"]) in text, step["number"]
        assert f"Kelengkapan {step['number']} " in text + " "
    assert "Operator Bidang" in text
    flow_pages = list(reader.pages)[1:]
    assert len(flow_pages) >= 3
    # Every break: the page ends with a connector and the next one starts with the same label.
    for n, (before, after) in enumerate(pairwise(flow_pages)):
        label = chr(ord("A") + n)
        assert label in _lines(before) and label in _lines(after), label
    assert sum(_lines(p).count("Tidak") for p in flow_pages) == 3


def test_an_sop_without_optional_boxes_and_dates_still_renders() -> None:
    data = copy.deepcopy(DEFAULT_SOP)
    for key in ("related_sops", "warnings", "records", "equipment"):
        data[key] = []
    data["ratified_by"] = {"jabatan": "Kepala Dinas"}
    data["effective_on"] = date(2024, 3, 1)
    data["created_on"] = "2024-02-20"
    reader = _read(render_sop_pdf(sop_document_from_dict(data)))
    first = _flat(reader.pages[0].extract_text())
    assert "Keterkaitan" in first and "Peringatan" in first
    assert "1 Maret 2024" in first and "20 Februari 2024" in first
    assert "NIP." not in first


def test_a_short_sop_fits_one_flowchart_page() -> None:
    data = copy.deepcopy(DEFAULT_SOP)
    data["steps"] = [data["steps"][0], data["steps"][-1]]
    reader = _read(render_sop_pdf(sop_document_from_dict(data)))
    assert len(reader.pages) == 2
    assert "A" not in _lines(reader.pages[1])


def test_the_same_sop_gives_the_same_bytes(default_pdf: bytes) -> None:
    assert render_sop_pdf(_default()) == default_pdf
