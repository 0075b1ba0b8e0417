"""The Perjanjian Kinerja: content equal to the plan in force (murni, then after a perubahan),
a new version per stage with the old ones kept, the PDF and DOCX, the page and who may act."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import docx
import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pypdf import PdfReader

from monev.annual import selectors, services
from monev.annual.models import PerjanjianKinerjaVersion
from monev.annual.render_docx import render_docx
from monev.annual.snapshot import PkSnapshot
from monev.planning.models import Indicator, PlanNode
from monev.planning.stage_services import stage_create

NOW = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


def pdf_text(version: PerjanjianKinerjaVersion) -> str:
    with version.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def docx_text(version: PerjanjianKinerjaVersion) -> str:
    with version.docx.open("rb") as handle:
        document = docx.Document(io.BytesIO(handle.read()))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return " ".join(" ".join(parts).split())


@pytest.fixture
def made(personas: dict[str, Any], small_plan: Any) -> list[PerjanjianKinerjaVersion]:
    return services.pk_create(
        actor=personas["kasubag"], agency=personas["kasubag"].agency, year=2026, now=NOW
    )


def perubahan(personas: dict[str, Any], period: Any) -> Any:
    output = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
    sub = PlanNode.objects.get(code="2.17.03.2.01.0004")
    return stage_create(
        actor=personas["kasubag"], period=period, year=2026, kind="perubahan", first_quarter=3,
        reason="APBD Perubahan 2026", targets={(output.pk, None): Decimal(48),
        (output.pk, 3): Decimal(14), (output.pk, 4): Decimal(14)},
        budgets={sub.pk: {"pagu": Decimal("75500000")}},
    )  # fmt: skip


def test_it_makes_the_head_and_each_bidang_pk_from_the_murni_plan(made: list[Any]) -> None:
    head, *units = made
    snap = PkSnapshot.from_json(head.snapshot)
    assert head.agreement.unit is None and head.number == 1 and head.stage is None
    assert snap.stage_label == "Murni"
    assert [(r.code, r.target) for r in snap.rows] == [("IK.S1.1.01", "65.0000")]
    assert [(p.code, Decimal(p.pagu)) for p in snap.programs] == [("2.17.03", Decimal(62000000))]
    assert snap.first.name == "H. Ahmad Fauzan Noor, S.E., M.M."
    assert snap.first.nip == "19710315 200003 1 004"
    assert snap.first.pangkat.endswith("(IV/b)")
    assert snap.second.position == "Bupati Balangan"
    [koperasi] = units
    unit_snap = PkSnapshot.from_json(koperasi.snapshot)
    assert koperasi.agreement.unit.code == "BID-KOP"
    assert [(r.code, r.target, r.quarters) for r in unit_snap.rows] == [
        ("IK.2.17.03.2.01.0004.01", "40.0000", ["10.0000", "10.0000", "10.0000", "10.0000"])
    ]
    assert unit_snap.first.position == "Kepala Bidang Koperasi"
    assert unit_snap.second.name == snap.first.name


def test_the_pdf_states_the_plan_in_indonesian_format(made: list[Any]) -> None:
    head, koperasi = made
    text = pdf_text(head)
    assert "PERJANJIAN KINERJA TAHUN 2026" in text
    assert "PIHAK PERTAMA" in text and "PIHAK KEDUA" in text
    assert "Persentase koperasi aktif" in text and "65,00" in text
    assert "62.000.000" in text
    assert "NIP. 19710315 200003 1 004" in text
    unit_text = pdf_text(koperasi)
    assert "RENCANA AKSI" in unit_text and "Jumlah koperasi yang diperiksa dan diawasi" in unit_text
    assert "BIDANG KOPERASI" in unit_text


def test_the_docx_has_the_same_content(made: list[Any]) -> None:
    text = docx_text(made[0])
    assert "PERJANJIAN KINERJA TAHUN 2026" in text
    assert "Persentase koperasi aktif" in text and "65,00" in text
    assert "62.000.000" in text and "Bupati Balangan" in text
    assert "NIP. 19710315 200003 1 004" in text


def test_one_version_gives_the_same_docx_bytes_whenever_it_is_rendered(made: list[Any]) -> None:
    head = made[0]
    snap = PkSnapshot.from_json(head.snapshot)
    logo = services._logo(head.agreement.agency)
    with head.docx.open("rb") as handle:
        stored = handle.read()
    renders = []
    for moment in (datetime(2026, 3, 1, 9, 30, 17, tzinfo=UTC), datetime(2027, 8, 9, 23, 1, 59)):
        with time_machine.travel(moment, tick=False):
            renders.append(render_docx(snap, logo=logo))
    assert renders == [stored, stored]
    with zipfile.ZipFile(io.BytesIO(stored)) as package:
        entries = package.infolist()
    assert entries[0].filename == "[Content_Types].xml"
    assert [e.filename for e in entries[1:]] == sorted(e.filename for e in entries[1:])
    assert {e.date_time for e in entries} == {(2026, 1, 5, 0, 0, 0)}  # dated 5 January 2026
    core = docx.Document(io.BytesIO(stored)).core_properties
    assert core.created == core.modified == datetime(2026, 1, 5, tzinfo=UTC)


def test_a_perubahan_stage_calls_for_a_new_version_and_the_old_one_is_kept(
    personas: dict[str, Any], small_plan: Any, made: list[Any]
) -> None:
    kasubag = personas["kasubag"]
    assert not selectors.year_pk(kasubag.agency_id, 2026).update_available
    with pytest.raises(ValidationError):
        services.pk_create(actor=kasubag, agency=kasubag.agency, year=2026, now=NOW)
    stage = perubahan(personas, small_plan)
    assert selectors.year_pk(kasubag.agency_id, 2026).update_available
    head, koperasi = services.pk_create(actor=kasubag, agency=kasubag.agency, year=2026, now=NOW)
    assert (head.number, head.stage) == (2, stage)
    snap = PkSnapshot.from_json(koperasi.snapshot)
    assert snap.stage_label == "Perubahan (mulai Triwulan III)"
    [row] = snap.rows
    assert Decimal(row.target or "") == 48
    assert [Decimal(q or "") for q in row.quarters] == [10, 10, 14, 14]
    assert Decimal(PkSnapshot.from_json(head.snapshot).programs[0].pagu) == Decimal(75500000)
    assert "75.500.000" in pdf_text(head)
    assert "62.000.000" in pdf_text(made[0])  # the murni version kept as it was
    data = selectors.year_pk(kasubag.agency_id, 2026)
    assert [v.number for v in data.head] == [1, 2] and not data.update_available


def test_only_the_kasubag_program_makes_a_pk(personas: dict[str, Any], small_plan: Any) -> None:
    for name in ("kadis", "sekretaris", "kabid.koperasi", "admin"):
        with pytest.raises(PermissionDenied):
            services.pk_create(actor=personas[name], agency=personas[name].agency, year=2026)


def test_the_page_lists_versions_and_serves_files(
    client: Any, personas: dict[str, Any], made: list[Any]
) -> None:
    client.force_login(personas["operator.koperasi"])
    page = client.get(reverse("annual:pk", args=[2026]))
    assert page.status_code == 200
    assert b'data-testid="pk-head"' in page.content and b"pk-create" not in page.content
    response = client.get(reverse("annual:pk_download", args=[made[0].pk, "pdf"]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(personas["stranger"])
    assert client.get(reverse("annual:pk_download", args=[made[0].pk, "docx"])).status_code == 404
    client.force_login(personas["kasubag"])
    assert b"pk-create" not in client.get(reverse("annual:pk", args=[2026])).content


def test_the_kasubag_makes_the_pk_from_the_page(
    client: Any, personas: dict[str, Any], small_plan: Any
) -> None:
    client.force_login(personas["kasubag"])
    assert b"pk-create" in client.get(reverse("annual:pk", args=[2026])).content
    response = client.post(reverse("annual:pk_create", args=[2026]))
    assert response.status_code == 302
    assert selectors.latest_head_version(personas["kasubag"].agency_id, 2026) is not None
    client.force_login(personas["kadis"])
    assert client.post(reverse("annual:pk_create", args=[2026])).status_code == 403
