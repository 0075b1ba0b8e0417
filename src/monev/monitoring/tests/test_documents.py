"""The Jadwal (step 4's output) and the berita acara of a visit (step 5), as the pages serve
them: read back with pypdf (kop, dates in Indonesian with the weekday, place, team, findings,
recommendations, signature blocks) and rendered to PNG with pdftoppm under var/shots/monev/
(looked at by the developers; copies in docs/screenshots/)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from monev.monitoring import pdf, services
from monev.monitoring.tests.conftest import at
from monev.monitoring.tests.test_flow import approve_plan, fill, plan
from monev.organization.models import Official
from monev.testing import kept_output

pytestmark = pytest.mark.django_db

SHOTS = kept_output("shots", "monev")
LONG_PLACE = (
    "Aula Rumah Produksi Bersama UKM Juai, Jl. Poros Paringin–Juai Km 12, Desa Buntu Pilanduk, "
    "Kecamatan Juai"
)


def _text(data: bytes) -> tuple[str, float]:
    """The PDF's text (whitespace folded) and the leftmost x of any text on any page."""
    reader = PdfReader(BytesIO(data))
    xs: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], *_args: Any) -> None:
        if text.strip():
            xs.append(cm[0] * tm[4] + cm[2] * tm[5] + cm[4])

    parts = [page.extract_text(visitor_text=visit) or "" for page in reader.pages]
    return " ".join(" ".join(parts).split()), min(xs)


def _render(data: bytes, name: str) -> list[Path]:
    if not shutil.which("pdftoppm"):
        return []
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob(f"{name}-*.png"):
        old.unlink()
    source = SHOTS / f"{name}.pdf"
    source.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(source), str(SHOTS / name)], check=True)
    return sorted(SHOTS.glob(f"{name}-*.png"))


@pytest.fixture
def two_visits(plan_cycle: Any, personas: dict[str, Any]) -> tuple[Any, Any]:
    """Bidang Koperasi (a long place, three on the team; filled, a finding disputed, a
    recommendation) and Bidang Tenaga Kerja (planned only), with the plan approved."""
    team = [
        personas["kasubag"].official,
        personas["staf.program"].official,
        personas["kabid.ukm"].official,
    ]
    kop, _w = plan(plan_cycle, personas, "BID-KOP", 12, team=team, place=LONG_PLACE)
    naker, _w = plan(
        plan_cycle,
        personas,
        "BID-NAKER",
        13,
        starts_at=at(13, 13, 30),
        ends_at=at(13, 15),
        team=[personas["staf.program"].official, personas["kasubag"].official],
    )
    approve_plan(plan_cycle, personas)
    kop.refresh_from_db()
    fill(kop, personas, proposed=Decimal(10))
    leader = personas["kasubag"]
    finding = services.finding_add(
        actor=leader,
        visit=kop,
        text="Bukti pemeriksaan dua koperasi tidak ditemukan pada arsip Bidang.",
        category="bukti",
        indicator=None,
    )
    services.finding_add(
        actor=leader,
        visit=kop,
        text="Daftar hadir pembinaan koperasi belum ditandatangani.",
        category="administrasi",
        indicator=None,
    )
    services.recommendation_add(
        actor=leader,
        visit=kop,
        text="Lengkapi berita acara pemeriksaan koperasi sebelum melaporkan realisasi.",
        unit=kop.unit,
        due_date=date(2026, 12, 31),
        finding=finding,
    )
    services.summary_save(actor=leader, visit=kop, summary="Data umumnya didukung bukti.")
    services.visit_submit(actor=leader, visit=kop)
    services.visit_answer(
        actor=personas["kabid.koperasi"],
        visit=kop,
        disputes={finding.pk: "Bukti ada di arsip UPTD, belum dibawa."},
    )
    return kop, naker


def test_the_jadwal_lists_each_visit_with_day_time_place_and_team(
    plan_cycle: Any, personas: dict[str, Any], two_visits: tuple[Any, Any]
) -> None:
    client = Client()
    client.force_login(personas["kasubag"])
    response = client.get(reverse("monitoring:jadwal_pdf", args=[plan_cycle.pk]))
    assert response["Content-Type"] == "application/pdf"
    text, left = _text(response.content)
    agency = plan_cycle.agency
    assert agency.government.upper() in text and agency.name.upper() in text  # the kop
    assert "JADWAL MONITORING DAN EVALUASI KINERJA TRIWULAN III TAHUN 2026" in text
    assert "Bidang Koperasi" in text and "Bidang Tenaga Kerja" in text
    assert "Senin, 12 Oktober 2026" in text and "09.00–12.00 WITA" in text
    assert "Selasa, 13 Oktober 2026" in text and "13.30–15.00 WITA" in text
    # the place printed whole (a line may break after its dash, in a narrow column)
    assert LONG_PLACE in text.replace("– ", "–") and "Ruang rapat Bidang" in text
    kasubag, staf = personas["kasubag"].official, personas["staf.program"].official
    assert f"{kasubag.name} (Ketua)" in text and f"{staf.name} (Ketua)" in text
    assert f"{personas['kabid.ukm'].official.name} (Anggota)" in text
    sekretaris = Official.objects.get(user=personas["sekretaris"])
    assert "Menyetujui," in text and sekretaris.name in text
    assert f"NIP. {sekretaris.nip_display}" in text
    assert left >= pdf.MARGIN + pdf.FRAME_PADDING - 0.01  # nothing sticks out past the kop
    pages = _render(response.content, "jadwal")
    assert len(pages) in (0, 1)  # one landscape page for two visits


def test_the_berita_acara_carries_kop_team_findings_recommendations_and_both_signatures(
    personas: dict[str, Any], two_visits: tuple[Any, Any]
) -> None:
    kop, _naker = two_visits
    client = Client()
    client.force_login(personas["kabid.koperasi"])
    response = client.get(reverse("monitoring:berita_acara", args=[kop.pk]))
    text, left = _text(response.content)
    agency = kop.cycle.agency
    assert agency.government.upper() in text and agency.name.upper() in text
    assert "BERITA ACARA MONITORING DAN EVALUASI KINERJA TRIWULAN III TAHUN 2026" in text
    assert (
        f"Pada hari ini, Senin, 12 Oktober 2026, pukul 09.00–12.00 WITA, bertempat di {LONG_PLACE}"
        in text
    )
    for member in ("kasubag", "staf.program", "kabid.ukm"):
        official = personas[member].official
        assert official.name in text and official.nip_display in text, member
    assert "Bukti pemeriksaan dua koperasi tidak ditemukan pada arsip Bidang." in text
    assert "Dibantah: Bukti ada di arsip UPTD, belum dibawa." in text
    assert "Daftar hadir pembinaan koperasi belum ditandatangani." in text
    assert "Lengkapi berita acara pemeriksaan koperasi sebelum melaporkan realisasi." in text
    assert "31 Desember 2026" in text
    assert "Ya" in text and " ya " not in f" {text} "  # yes/no answers capitalised
    # the reported value beside the verified and the proposed one, in Indonesian numbers
    assert "Kurang: Daftar hadir hanya memuat 10 koperasi." in text
    # signature blocks: the team leader and the Kepala Bidang, each with name and NIP
    leader = personas["kasubag"].official
    head = Official.objects.get(user=personas["kabid.koperasi"])
    assert f"{agency.city}, 12 Oktober 2026 Ketua Tim Monev," in text
    assert "Mengetahui," in text and head.position in text
    assert f"{head.name} NIP. {head.nip_display}" in text
    assert f"{leader.name} NIP. {leader.nip_display}" in text
    assert text.index("Mengetahui,") > text.index("E. Rekomendasi")
    assert left >= pdf.MARGIN + pdf.FRAME_PADDING - 0.01
    pages = _render(response.content, "berita-acara")
    assert len(pages) in (0, 2)  # two A4 pages at most for this visit
