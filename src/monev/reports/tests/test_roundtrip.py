"""The review round trip (SOP step 10) with LibreOffice Writer and Word (decision 0012):
LibreOffice itself edits a downloaded DOCX (one narrative paragraph and one number of a
table) and saves it as Word 2007–365; the upload is checked and rendered in the background,
the version comparison shows the paragraph, and the number — not taken, the report's
numbers come from its frozen snapshot — is reported with its table, row and column.
Each anchor of a section is enough on its own to find the section again."""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import signal
import subprocess
import zipfile
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from lxml import etree

from monev.reports import compare, docx_read, services
from monev.reports.choices import JobStatus, VersionSource
from monev.reports.models import RenderJob, Report
from monev.reports.tests.test_revision import _client, _download

pytestmark = pytest.mark.django_db
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
SYSTEM_PYTHON = "/usr/bin/python3"
NEW_PARAGRAPH = "Paragraf baru yang diketik di LibreOffice Writer."
ADDED = "Bidang Koperasi menambah pendampingan koperasi tidak aktif mulai Triwulan IV."


@functools.cache
def _libreoffice_missing() -> str:
    """Why LibreOffice cannot edit here ("" when it can): soffice and its UNO bridge for
    the system python3 (python3-uno), both installed by scripts/run-tests."""
    if shutil.which("soffice") is None:
        return "LibreOffice (soffice) is not installed"
    probe = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import uno"], capture_output=True, timeout=60, check=False
    )
    return "" if probe.returncode == 0 else "python3-uno is not installed for /usr/bin/python3"


def upload_and_work(user: Any, report: Report, data: bytes) -> tuple[Any, RenderJob]:
    """Upload as the page does; the request only queues the file (nothing rendered yet),
    then the worker runs the job."""
    response = _client(user).post(
        reverse("reports:upload", args=[report.cycle_id]),
        {"file": SimpleUploadedFile("laporan-suntingan.docx", data)},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    job = RenderJob.objects.filter(report=report).latest("pk")
    assert job.status == JobStatus.MENUNGGU and job.upload and job.version is None
    services.job_run(job.pk)
    job.refresh_from_db()
    return response, job


def libreoffice_edit(source: bytes, tmp_path: Path, job: dict[str, Any]) -> tuple[bytes, Any]:
    """Have LibreOffice Writer (headless, its own throw-away profile) make the edits and
    save as "MS Word 2007 XML"; the run is bounded and its process group ended after."""
    (tmp_path / "laporan.docx").write_bytes(source)
    spec = {
        "source": str(tmp_path / "laporan.docx"), "target": str(tmp_path / "disunting.docx"),
        "profile": str(tmp_path / "lo-profile"), **job,
    }  # fmt: skip
    (tmp_path / "job.json").write_text(json.dumps(spec), encoding="utf-8")
    script = Path(__file__).with_name("libreoffice_edit.py")
    process = subprocess.Popen(
        [SYSTEM_PYTHON, str(script), str(tmp_path / "job.json")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        out, err = process.communicate(timeout=240)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the script and the soffice it started
        process.communicate()
        raise
    assert process.returncode == 0, err[-2000:]
    return (tmp_path / "disunting.docx").read_bytes(), json.loads(out.strip().splitlines()[-1])


@pytest.mark.skipif(bool(_libreoffice_missing()), reason=_libreoffice_missing() or "-")
def test_a_docx_edited_and_saved_by_libreoffice_comes_back_as_a_version(
    revising: Report, personas: Any, fast_pdf: None, tmp_path: Path
) -> None:
    kasubag = personas["kasubag"]
    v1 = revising.versions.get()
    texts = {s["key"]: s["text"] for s in v1.sections}
    saran = texts["saran"].splitlines()[0]
    kesimpulan = texts["kesimpulan"].splitlines()[-1]
    edited, did = libreoffice_edit(
        _download(kasubag, v1), tmp_path,
        {"replace": [[saran, f"{saran} {ADDED}"]],
         # Enter at the end of Kesimpulan and a new paragraph typed: LibreOffice keeps it
         # outside the section's control, which holds the first paragraph only.
         "append": [[kesimpulan, NEW_PARAGRAPH]],
         "cell": {"header": "Pagu (Rp)", "row": "Bidang Koperasi", "value": "99.999.999"}},
    )  # fmt: skip
    assert did["replaced"] == [1] and did["cell_before"]
    # What LibreOffice wrote: the tags are gone; the titles and the bookmarks are kept.
    xml = zipfile.ZipFile(BytesIO(edited)).read("word/document.xml").decode()
    assert "section:saran" not in xml and "w:tag" not in xml
    assert 'w:name="monev_saran"' in xml and 'w:val="Saran"' in xml
    assert "LibreOffice" in zipfile.ZipFile(BytesIO(edited)).read("docProps/app.xml").decode()

    response, job = upload_and_work(kasubag, revising, edited)
    assert job.status == JobStatus.SELESAI, job.error
    v2 = job.version
    assert v2 is not None and v2.number == 2 and v2.source == VersionSource.UPLOADED
    assert v2.based_on == v1 and v2.uploaded_docx.name
    # Exactly those changes: the paragraph, the paragraph added (the two-paragraph Kata
    # Pengantar, which LibreOffice splits out of its control, and every other section read
    # back unchanged).
    result = compare.compare(v1.sections, v2.sections, v1.snapshot, v2.snapshot)
    assert [s.key for s in result.changed_sections] == ["kesimpulan", "saran"]
    after = {s["key"]: s["text"] for s in v2.sections}
    assert after["saran"] == f"{saran} {ADDED}"
    assert after["kesimpulan"] == f"{texts['kesimpulan']}\n{NEW_PARAGRAPH}"
    diff = _client(personas["pemeriksa"]).get(
        reverse("reports:compare", args=[revising.cycle_id]), {"a": 1, "b": 2}
    )
    body = diff.content.decode()
    assert diff.status_code == 200 and body.count('data-testid="diff-') == 2
    assert "pendampingan koperasi tidak aktif" in re.sub(r"<[^>]+>", "", body)
    # The number is not taken and is reported with its table, row and column.
    assert v2.outside_edits == [
        {"table": "Tabel 3.4", "row": 1, "row_label": "Bidang Koperasi", "column": 3,
         "column_label": "Pagu (Rp)", "before": did["cell_before"], "after": "99.999.999",
         "where": "Tabel 3.4, baris 1 (Bidang Koperasi), kolom 3 «Pagu (Rp)»"},
    ]  # fmt: skip
    with v2.docx.open("rb") as f:
        again = docx_read.read(f.read())
    pagu = next(t for t in again.tables if t.caption.startswith("Tabel 3.4"))
    assert pagu.rows[1][2] == did["cell_before"]  # the snapshot's number stays
    page = _client(kasubag).get(response.url).content.decode()
    assert "Versi 2 dibuat dari DOCX yang diunggah." in page
    assert "Tabel 3.4, baris 1 (Bidang Koperasi), kolom 3 «Pagu (Rp)»" in page


def _strip(data: bytes, *, tags: bool, bookmarks: bool, controls: bool) -> bytes:
    """The DOCX with some of its section anchors removed, as another editor might."""
    zin = zipfile.ZipFile(BytesIO(data))
    root = etree.fromstring(zin.read("word/document.xml"))
    if tags:
        for tag in root.xpath("//w:sdtPr/w:tag", namespaces=NS):
            tag.getparent().remove(tag)
    if bookmarks:
        for mark in root.xpath("//w:bookmarkStart | //w:bookmarkEnd", namespaces=NS):
            mark.getparent().remove(mark)
    if controls:  # the controls unwrapped: their paragraphs stay in place
        for sdt in root.xpath("//w:body/w:sdt", namespaces=NS):
            for p in sdt.xpath("w:sdtContent/*", namespaces=NS):
                sdt.addprevious(p)
            sdt.getparent().remove(sdt)
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            body = zin.read(item.filename)
            if item.filename == "word/document.xml":
                body = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            zout.writestr(item, body)
    return out.getvalue()


@pytest.mark.parametrize(
    ("tags", "bookmarks", "controls", "found_by"),
    [
        (False, False, False, "tag"),  # Word
        (True, False, False, "bookmark"),  # LibreOffice
        (True, True, False, "alias"),  # the control's title only
        (True, True, True, "heading"),  # no anchor left: the paragraph before the section
    ],
)
def test_each_anchor_alone_finds_every_section(
    at_step9: Report, tags: bool, bookmarks: bool, controls: bool, found_by: str
) -> None:
    v1 = at_step9.versions.get()
    with v1.docx.open("rb") as f:
        data = f.read()
    base = docx_read.read(data)
    assert set(base.found_by.values()) == {"tag"}
    back = docx_read.read(
        _strip(data, tags=tags, bookmarks=bookmarks, controls=controls), base=base.layout()
    )
    expected = {s["key"]: docx_read.normalise(s["text"]) for s in v1.sections}
    assert back.sections == expected
    assert set(back.found_by.values()) == {found_by}
    assert back.outside == base.outside and len(back.tables) == len(base.tables)


def test_a_paragraph_added_to_a_section_without_its_tag_belongs_to_it(at_step9: Report) -> None:
    """LibreOffice keeps a section's control around its first paragraph only: a paragraph
    the user adds after it belongs to the section up to the next heading."""
    v1 = at_step9.versions.get()
    with v1.docx.open("rb") as f:
        data = _strip(f.read(), tags=True, bookmarks=False, controls=False)
    zin = zipfile.ZipFile(BytesIO(data))
    root = etree.fromstring(zin.read("word/document.xml"))
    control = root.xpath(
        "//w:body/w:sdt[.//w:bookmarkStart[@w:name='monev_kesimpulan']]", namespaces=NS
    )[0]
    added = etree.fromstring(f'<w:p xmlns:w="{W}"><w:r><w:t>Paragraf tambahan.</w:t></w:r></w:p>')
    control.addnext(added)  # after the control, not inside it
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            body = zin.read(item.filename)
            if item.filename == "word/document.xml":
                body = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            zout.writestr(item, body)
    with v1.docx.open("rb") as f:
        base = docx_read.read(f.read())
    back = docx_read.read(out.getvalue(), base=base.layout())
    assert back.sections["kesimpulan"].endswith("\nParagraf tambahan.")
    assert back.sections["saran"] == base.sections["saran"]
    assert back.outside == base.outside


def test_table_edits_name_their_table_row_and_column() -> None:
    heads = ["No", "Bidang", "Pagu (Rp)", "Realisasi (Rp)"]
    before = [
        docx_read.TableRead("Dasar hukum", [["No", "Peraturan"], ["1", "UU 23/2014"]]),
        docx_read.TableRead(
            "Tabel 3.4 Realisasi anggaran per Bidang",
            [heads, ["1", "Bidang Koperasi", "62.000.000", "0"], ["", "Jumlah", "62.000.000", "0"]],
        ),
    ]
    after = [
        before[0],
        docx_read.TableRead(
            "Tabel 3.4 Realisasi anggaran per Bidang",
            [
                heads,
                ["1", "Bidang Koperasi", "62.000.000", "5"],
                ["", "Jumlah", "62.000.000", "0"],
                ["2", "Bidang Baru", "1", "1"],
            ],
        ),
    ]
    changes = docx_read.table_changes(before, after)
    assert changes == [
        {"table": "Tabel 3.4", "row": 1, "row_label": "Bidang Koperasi", "column": 4,
         "column_label": "Realisasi (Rp)", "before": "0", "after": "5"},
        {"table": "Tabel 3.4", "row": 3, "row_label": "Bidang Baru", "column": None,
         "before": "", "after": "2 | Bidang Baru | 1 | 1"},
    ]  # fmt: skip
    assert services._table_place(changes[0]) == (
        "Tabel 3.4, baris 1 (Bidang Koperasi), kolom 4 «Realisasi (Rp)»"
    )
    assert docx_read.table_name("Formulir E.81 — Evaluasi terhadap Hasil Renja", 9) == (
        "Formulir E.81"
    )
    assert docx_read.table_name("", 0) == "tabel ke-1"


def test_a_docx_edited_the_way_word_saves_it_still_round_trips(
    revising: Report, personas: Any, fast_pdf: None
) -> None:
    """Word keeps the tags: the section comes back from its control (its paragraph split
    over runs, proofing marks, a bookmark), a table cell changed with python-docx is
    reported by table, row and column."""
    from docx import Document as open_docx

    from monev.reports.tests.test_revision import NEW_SARAN, word_edit

    kasubag = personas["kasubag"]
    v1 = revising.versions.get()
    data = word_edit(_download(kasubag, v1), section="saran", text=NEW_SARAN, outside=None)
    document = open_docx(BytesIO(data))
    table = next(
        t for t in document.tables if [c.text for c in t.rows[0].cells][4:5] == ["Serapan (%)"]
    )
    table.rows[1].cells[4].paragraphs[0].runs[0].text = "75,00"
    out = BytesIO()
    document.save(out)
    _response, job = upload_and_work(kasubag, revising, out.getvalue())
    assert job.status == JobStatus.SELESAI, job.error
    v2 = job.version
    assert {s["key"]: s["text"] for s in v2.sections}["saran"] == NEW_SARAN
    assert [e["where"] for e in v2.outside_edits] == [
        "Tabel 3.4, baris 1 (Bidang Koperasi), kolom 5 «Serapan (%)»"
    ]
    assert v2.outside_edits[0]["after"] == "75,00"


def test_a_failed_upload_render_leaves_no_version_and_no_section_edit(
    revising: Report, personas: Any, monkeypatch: Any
) -> None:
    from monev.reports.models import ReportSection
    from monev.reports.tests.test_revision import NEW_SARAN, word_edit

    kasubag = personas["kasubag"]
    data = word_edit(
        _download(kasubag, revising.versions.get()), section="saran", text=NEW_SARAN,
        outside=None,
    )  # fmt: skip

    def broken(*_a: Any, **_k: Any) -> bytes:
        raise RuntimeError("font hilang")

    monkeypatch.setattr(services.render_pdf, "render", broken)
    _response, job = upload_and_work(kasubag, revising, data)
    assert job.status == JobStatus.GAGAL and "font hilang" in job.error
    assert revising.versions.count() == 1
    assert not ReportSection.objects.filter(report=revising, key="saran").exists()
    page = _client(kasubag).get(reverse("reports:status", args=[revising.cycle_id]))
    assert "laporan-suntingan.docx tidak diambil; tidak ada versi yang disimpan." in (
        page.content.decode()
    )
