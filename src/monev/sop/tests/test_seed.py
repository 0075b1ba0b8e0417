"""The default SOP matches the seed document it was transcribed from (SPEC §2)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from monev.sop.document import sop_document_from_dict
from monev.sop.seed import DEFAULT_SOP

# The seed text lives beside the spec, outside the repository; MONEV_SEED_SOP points elsewhere.
SEED = Path(os.environ.get("MONEV_SEED_SOP", "/work/shared/seeds/000_3dd5b5d85accd29b.txt"))

# The 13 "Uraian Prosedur" cells exactly as the seed prints them (extraction typos included),
# so the descriptions are checked even where the seed file is not at hand.
SEED_STEP_LINES = [
    "1.\tMembuat format isian monitoring evaluasi kinerja",
    "2.\tMelakukan pengumpulan data kinerja Bidang Per Triwulan",
    "3.\tMengolah data kinerja Dinas",
    "4.\tMenyusun rencana monitoring evaluasi kinerja setiap Bidang",
    "5.\tMelaksanakan monitoring evaluasi kinerja",
    "6.\tMengumpulka data dan informasi hasil monitoring evaluasi",
    "7.\tMengolah dan menganalisa data dan informasi hasil monitoring evaluasi",
    "8.\tMenyusun draft laporan monitoring evaluasi kinerja Dinas",
    "9.\tMembahas draft laporan hasil monitoring",
    "10\tMelakukan perbaikan/koreksi Draftlaporan hasil monitoring",
    "11.\tMelakukan verifikasi Draft laporan hasil Monitoring",
    "12.\tMenyusun dokumen monitoring evaluasi kinerja Dinas",
    "13.\tMenyimpan dokumen monitoring evaluasi kinerja Dinas",
]

TIMES = [
    (15, "menit"),
    (2, "hari"),
    (7, "hari"),
    (2, "hari"),
    (7, "hari"),
    (3, "jam"),
    (1, "hari"),
    (2, "hari"),
    (1, "minggu"),
    (3, "hari"),
    (1, "hari"),
    (1, "hari"),
    (15, "menit"),
]

# Extraction typos fixed in the seed data: (as printed in the seed, as transcribed).
FIXED = {"Mengumpulka": "Mengumpulkan", "Draftlaporan": "Draft laporan"}


@pytest.fixture(scope="module")
def seed_words() -> set[str]:
    if not SEED.exists():
        pytest.skip("seed text not available")
    text = SEED.read_text(encoding="utf-8")
    for typo, fixed in FIXED.items():
        text = text.replace(typo, fixed)
    return {w.lower() for w in re.findall(r"[\w/.,-]+", text)}


def _words(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[\w/.,-]+", text)]


def test_it_is_plain_json_data() -> None:
    assert json.loads(json.dumps(DEFAULT_SOP)) == DEFAULT_SOP


def test_it_has_the_identity_of_the_seed() -> None:
    assert DEFAULT_SOP["number"] == "000.8.3.3./005/DKUKMTK-BLG/2024"
    assert DEFAULT_SOP["name"] == "Monitoring/Evaluasi Internal Capaian Kinerja"
    assert DEFAULT_SOP["created_on"] is None
    assert DEFAULT_SOP["revised_on"] is None
    assert DEFAULT_SOP["effective_on"] is None
    assert DEFAULT_SOP["ratified_by"] == {
        "jabatan": "Plt. Kepala Dinas KUKMTK",
        "nama": "ABDURRAHMAN ARRAHIMI, S.Pi",
        "pangkat": "Pembina Tingkat I",
        "golongan": "IV/b",
        "nip": "196811171997031003",
    }


def test_it_has_every_list_box_of_the_seed() -> None:
    counts = {
        "legal_basis": 5,
        "related_sops": 2,
        "warnings": 1,
        "qualifications": 4,
        "equipment": 4,
        "records": 1,
    }
    assert {key: len(DEFAULT_SOP[key]) for key in counts} == counts


def test_list_items_are_the_seeds_words(seed_words: set[str]) -> None:
    for key in ("legal_basis", "related_sops", "warnings", "qualifications", "equipment"):
        for item in DEFAULT_SOP[key]:
            missing = [w for w in _words(item) if w not in seed_words]
            assert not missing, (key, item, missing)


def test_legal_basis_is_verbatim() -> None:
    if not SEED.exists():
        pytest.skip("seed text not available")
    text = " ".join(SEED.read_text(encoding="utf-8").split())
    for item in DEFAULT_SOP["legal_basis"]:
        assert item in text


def test_the_swimlanes_are_the_four_actors_in_order() -> None:
    assert [(a["key"], a["label"]) for a in DEFAULT_SOP["actors"]] == [
        ("sekretaris", "Sekretaris"),
        ("kepala_bidang", "Kepala Bidang"),
        ("kasubag_program", "Kasubag Program"),
        ("kepala_dinas", "Kepala Dinas"),
    ]


def test_the_seed_file_prints_the_step_lines_quoted_here() -> None:
    if not SEED.exists():
        pytest.skip("seed text not available")
    lines = [line.rstrip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    for line in SEED_STEP_LINES:
        # Step 1's row goes on with the "Mulai" of the (lost) flowchart cell.
        assert any(seen == line or seen.startswith(line + "\t") for seen in lines), line


def test_step_descriptions_are_the_seed_lines_with_only_typos_fixed() -> None:
    expected = []
    for line in SEED_STEP_LINES:
        text = line.split("\t", 1)[1]
        for typo, fixed in FIXED.items():
            text = text.replace(typo, fixed)
        expected.append(text)
    assert [s["description"] for s in DEFAULT_SOP["steps"]] == expected


def test_it_has_thirteen_steps_numbered_in_order() -> None:
    assert [s["number"] for s in DEFAULT_SOP["steps"]] == list(range(1, 14))


def test_step_descriptions_are_the_seeds_words(seed_words: set[str]) -> None:
    for step in DEFAULT_SOP["steps"]:
        missing = [w for w in _words(step["description"]) if w not in seed_words]
        assert not missing, (step["number"], missing)
    assert DEFAULT_SOP["steps"][5]["description"].startswith("Mengumpulkan ")
    assert "Draft laporan" in DEFAULT_SOP["steps"][9]["description"]


def test_step_inputs_and_outputs_are_the_seeds_words(seed_words: set[str]) -> None:
    for step in DEFAULT_SOP["steps"]:
        # Step 3's output is SPEC §2's reading of a garbled cell, not the seed's words.
        outputs = [] if step["number"] == 3 else [step["output"]]
        for text in (step["inputs"], *outputs):
            missing = [w for w in _words(text) if w not in seed_words]
            assert not missing, (step["number"], text, missing)


def test_step_3_output_is_the_reasoned_reading() -> None:
    assert DEFAULT_SOP["steps"][2]["output"] == "Rekap data kinerja Dinas"


def test_time_standards_are_the_seeds() -> None:
    assert [(s["time_value"], s["time_unit"]) for s in DEFAULT_SOP["steps"]] == TIMES


def test_actors_approvers_and_lanes() -> None:
    steps = {s["number"]: s for s in DEFAULT_SOP["steps"]}
    assert {n for n, s in steps.items() if s["actor"] == "sekretaris"} == {11}
    assert {n: s["approver"] for n, s in steps.items() if s["approver"]} == {
        4: "sekretaris",
        12: "kepala_dinas",
    }
    assert steps[1]["lanes"] == ["sekretaris"]
    assert steps[2]["lanes"] == ["kasubag_program", "kepala_bidang"]
    assert steps[5]["lanes"] == ["kasubag_program", "kepala_bidang"]
    assert steps[9]["lanes"] == ["kasubag_program", "sekretaris", "kepala_dinas", "kepala_bidang"]
    assert steps[11]["lanes"] == ["sekretaris"]
    assert steps[12]["lanes"] == ["kasubag_program", "kepala_dinas"]
    for n in (3, 4, 6, 7, 8, 10, 13):
        assert steps[n]["lanes"] == ["kasubag_program"]
    keys = {a["key"] for a in DEFAULT_SOP["actors"]}
    assert all(set(s["lanes"]) <= keys for s in steps.values())


def test_symbols_and_the_verification_loop() -> None:
    symbols = {s["number"]: s["symbol"] for s in DEFAULT_SOP["steps"]}
    assert symbols[1] == symbols[13] == "terminator"
    assert symbols[11] == "decision"
    assert {n for n, s in symbols.items() if s == "process"} == set(range(2, 11)) - {11} | {12}
    assert {s["number"]: s["no_goto"] for s in DEFAULT_SOP["steps"] if s["no_goto"]} == {11: 10}
    assert all(s["notes"] == "" for s in DEFAULT_SOP["steps"])


def test_it_builds_a_document() -> None:
    doc = sop_document_from_dict(DEFAULT_SOP)
    assert len(doc.steps) == 13
    assert doc.ratified_by.nip == "196811171997031003"
    assert [s.time_label for s in doc.steps][:3] == ["15 Menit", "2 Hari", "7 Hari"]
    assert doc.steps[8].time_label == "1 Minggu"
    assert doc.steps[5].time_label == "3 Jam"
