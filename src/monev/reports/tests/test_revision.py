"""Step 10, revision: an edited DOCX taken back as a user would do it (download, edit one
section the way Word writes it — the text split over runs, proofing marks, a bookmark —
upload), the change shown by the version comparison and nothing else, an edit outside the
content controls reported and not taken; a DOCX of another report or of an older version
refused with a message; the comparison escapes what it shows. The upload is read back by a
background job (test_roundtrip.py has LibreOffice's side)."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from docx import Document as open_docx
from lxml import etree

from monev.reports import compare, docx_read, services
from monev.reports.choices import JobStatus, VersionSource
from monev.reports.models import RenderJob, Report

pytestmark = pytest.mark.django_db
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
NEW_SARAN = "Bidang Tenaga Kerja menambah pelatihan berbasis kompetensi pada Triwulan IV."


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _download(user: Any, version: Any) -> bytes:
    response = _client(user).get(reverse("reports:download", args=[version.pk, "docx"]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _run(text: str, bold: bool = False) -> Any:
    r = etree.SubElement(etree.Element(f"{{{W}}}dummy"), f"{{{W}}}r")
    props = etree.SubElement(r, f"{{{W}}}rPr")
    etree.SubElement(props, f"{{{W}}}lang").set(f"{{{W}}}val", "id-ID")
    if bold:
        etree.SubElement(props, f"{{{W}}}b")
    t = etree.SubElement(r, f"{{{W}}}t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r


def word_edit(data: bytes, *, section: str, text: str, outside: tuple[str, str] | None) -> bytes:
    """Edit the DOCX as Word saves an edit: the section's paragraph rewritten as several
    runs (split mid-word, a bold run, a proofing mark, a bookmark), other paragraphs of the
    section removed; optionally one paragraph outside the controls changed."""
    zin = zipfile.ZipFile(BytesIO(data))
    root = etree.fromstring(zin.read("word/document.xml"))
    sdt = root.xpath(f"//w:sdt[w:sdtPr/w:tag/@w:val='section:{section}']", namespaces=NS)[0]
    paragraphs = sdt.xpath("w:sdtContent/w:p", namespaces=NS)
    first = paragraphs[0]
    for p in paragraphs[1:]:
        p.getparent().remove(p)
    for r in first.xpath("w:r", namespaces=NS):
        first.remove(r)
    start = etree.SubElement(first, f"{{{W}}}bookmarkStart")
    start.set(f"{{{W}}}id", "0")
    start.set(f"{{{W}}}name", "_GoBack")
    cut = [text[:7], text[7:15], text[15:40], text[40:]]
    for i, piece in enumerate(cut):
        if i == 2:
            etree.SubElement(first, f"{{{W}}}proofErr").set(f"{{{W}}}type", "spellStart")
        first.append(_run(piece, bold=i == 1))
        if i == 2:
            etree.SubElement(first, f"{{{W}}}proofErr").set(f"{{{W}}}type", "spellEnd")
    etree.SubElement(first, f"{{{W}}}bookmarkEnd").set(f"{{{W}}}id", "0")
    if outside is not None:
        before, after = outside
        for t in root.iter(f"{{{W}}}t"):
            if t.text == before:
                t.text = after
                break
        else:
            raise AssertionError(before)
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            body = zin.read(item.filename)
            if item.filename == "word/document.xml":
                body = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            zout.writestr(item, body)
    return out.getvalue()


def _upload(user: Any, report: Report, data: bytes) -> Any:
    """Upload as the page does, then let the worker run the queued job (the request only
    queues it). The response, with the job on it when one was queued."""
    last = RenderJob.objects.filter(report=report).order_by("-pk").values_list("pk", flat=True)
    before = last.first()
    response = _client(user).post(
        reverse("reports:upload", args=[report.cycle_id]),
        {"file": SimpleUploadedFile("laporan-edit.docx", data)},
        follow=True,
    )
    job = RenderJob.objects.filter(report=report).order_by("-pk").first()
    response.job = None
    if job is not None and job.pk != before:
        services.job_run(job.pk)
        job.refresh_from_db()
        response.job = job
    return response


def _job_page(user: Any, report: Report) -> str:
    return _client(user).get(reverse("reports:status", args=[report.cycle_id])).content.decode()


def _refused(response: Any) -> str:
    """The upload was refused: back on the report page (not re-rendered at the POST URL),
    which says why; return that page."""
    assert response.redirect_chain and response.redirect_chain[0][0].endswith("#tahap")
    return str(response.content.decode())


def test_an_edited_docx_comes_back_as_a_version_with_exactly_that_change(
    revising: Report, personas: Any, fast_pdf: None
) -> None:
    kasubag = personas["kasubag"]
    v1 = revising.versions.get()
    title = "LAPORAN MONITORING DAN EVALUASI INTERNAL CAPAIAN KINERJA"
    edited = word_edit(
        _download(kasubag, v1), section="saran", text=NEW_SARAN,
        outside=(title, "LAPORAN MONEV YANG DIUBAH DI LUAR BAGIAN"),
    )  # fmt: skip
    response = _upload(kasubag, revising, edited)
    assert response.job.status == JobStatus.SELESAI, response.job.error
    v2 = revising.versions.get(number=2)
    assert response.job.version == v2
    assert v2.source == VersionSource.UPLOADED and v2.based_on == v1
    assert v2.uploaded_docx.name
    # Exactly that change: one section, with the new text.
    texts = {s["key"]: s["text"] for s in v2.sections}
    assert texts["saran"] == NEW_SARAN
    result = compare.compare(v1.sections, v2.sections, v1.snapshot, v2.snapshot)
    assert [s.key for s in result.changed_sections] == ["saran"]
    inserted = "".join(p.text for p in result.changed_sections[0].pieces if p.op == "insert")
    assert "pelatihan berbasis kompetensi" in inserted
    assert [(n.before, n.after) for n in result.numbers] == []  # no number in either text
    # The edit outside the controls is reported on the version and not taken.
    assert v2.outside_edits == [
        {"before": title, "after": "LAPORAN MONEV YANG DIUBAH DI LUAR BAGIAN"}
    ]
    with v2.docx.open("rb") as f:
        rendered = open_docx(BytesIO(f.read()))
    paragraphs = [p.text for p in rendered.paragraphs]
    assert title in paragraphs and "LAPORAN MONEV YANG DIUBAH DI LUAR BAGIAN" not in paragraphs
    page = _client(kasubag).get(reverse("reports:report", args=[revising.cycle_id]))
    assert 'data-testid="outside-edits-2"' in page.content.decode()
    # The comparison page shows it side by side.
    diff = _client(personas["pemeriksa"]).get(
        reverse("reports:compare", args=[revising.cycle_id]), {"a": 1, "b": 2}
    )
    body = diff.content.decode()
    assert diff.status_code == 200 and 'data-testid="diff-saran"' in body
    assert body.count('data-testid="diff-') == 1
    assert "pelatihan berbasis kompetensi" in re.sub(r"<[^>]+>", "", body)
    # The section edit is kept: a generated version now would be v2 again, so none is made.
    assert services.edited_sections(revising)["saran"] == NEW_SARAN
    assert services.unchanged_since(revising) == v2


def test_a_docx_of_another_report_or_an_older_version_is_refused(
    revising: Report, personas: Any, fast_pdf: None
) -> None:
    kasubag = personas["kasubag"]
    v1_docx = _download(kasubag, revising.versions.get())
    first = _upload(kasubag, revising, word_edit(v1_docx, section="saran", text=NEW_SARAN,
                                                  outside=None))  # fmt: skip
    assert first.job.status == JobStatus.SELESAI
    older = _upload(kasubag, revising, word_edit(v1_docx, section="kesimpulan", text="Lain.",
                                                  outside=None))  # fmt: skip
    assert older.job.status == JobStatus.GAGAL
    reason = "dari versi 1, sedangkan versi terbaru adalah versi 2"
    assert reason in older.job.error and reason in _job_page(kasubag, revising)
    assert 'data-testid="job-failed"' in _job_page(kasubag, revising)
    # Another report's DOCX (its identifier names another cycle).
    v2_docx = _download(kasubag, revising.versions.get(number=2))
    zin = zipfile.ZipFile(BytesIO(v2_docx))
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            body = zin.read(item.filename)
            if item.filename == "docProps/core.xml":
                body = re.sub(rb"-(\d+)/v2<", b"-999/v2<", body)
            zout.writestr(item, body)
    other = _upload(kasubag, revising, out.getvalue())
    assert other.job.status == JobStatus.GAGAL and "bukan dari laporan ini" in other.job.error
    # Not a DOCX at all: refused by the form, in the request, nothing queued.
    junk = _upload(kasubag, revising, b"not a zip at all")
    assert junk.job is None and "bukan DOCX" in _refused(junk)
    same = _upload(kasubag, revising, v2_docx)
    assert same.job.status == JobStatus.GAGAL and "tidak ada perubahan" in same.job.error
    # Only the Kasubag Program uploads.
    assert _upload(personas["kabid.koperasi"], revising, v2_docx).status_code == 403
    assert revising.versions.count() == 2


def test_word_runs_fields_and_tracked_deletions_read_as_the_visible_text() -> None:
    p = etree.fromstring(
        f'<w:p xmlns:w="{W}"><w:r><w:t>Sa</w:t></w:r><w:proofErr/><w:r><w:t>ran </w:t></w:r>'
        "<w:del><w:r><w:delText>lama </w:delText></w:r></w:del>"
        "<w:ins><w:r><w:t>baru</w:t></w:r></w:ins>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:tab/><w:t>akhir</w:t></w:r></w:p>'
    )
    assert docx_read.paragraph_text(p) == "Saran baru\takhir"


def test_the_comparison_escapes_the_text_and_lists_changed_numbers(
    revising: Report, personas: Any, fast_pdf: None
) -> None:
    kasubag = personas["kasubag"]
    services.section_save(
        actor=kasubag, report=revising, key="saran",
        text='Capaian 91,25% <script>alert("x")</script><img src=x onerror=alert(1)>',
    )  # fmt: skip
    services.version_render(actor=kasubag, report=revising)
    response = _client(kasubag).get(reverse("reports:compare", args=[revising.cycle_id]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in body and "<img src=x" not in body
    assert "&lt;script&gt;alert" in body
    result = compare.compare(*(v.sections for v in revising.versions.order_by("number")))
    saran = next(s for s in result.changed_sections if s.key == "saran")
    assert "91,25%" in saran.numbers_added
    assert any(n.after and "91,25%" in n.after for n in result.numbers)
    bad = _client(kasubag).get(reverse("reports:compare", args=[revising.cycle_id]), {"a": "x"})
    assert bad.status_code == 400
