"""Recommendations across quarters: shown in the next format isian, reported by the Bidang with
evidence, verified by the next visit's team, counted in the completion rate, listed in the
register and its XLSX."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from monev.accounts.models import User
from monev.collection.models import Submission
from monev.monitoring import followups, selectors, services
from monev.monitoring.models import Recommendation
from monev.monitoring.tests.test_flow import approve_plan, official, plan
from monev.organization.models import Unit
from monev.sop.models import Cycle
from monev.sop.testing import run_of

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")


@pytest.fixture
def earlier(plan_cycle: Any) -> Recommendation:
    """A recommendation to Bidang Koperasi from Triwulan II 2026."""
    tw2 = Cycle.objects.create(
        agency=plan_cycle.agency,
        year=2026,
        quarter=2,
        definition=plan_cycle.definition,
        disposition="TW II",
        opened_at=datetime(2026, 7, 6, 8, tzinfo=WITA),
        status="selesai",
    )
    return Recommendation.objects.create(
        agency=plan_cycle.agency,
        unit=Unit.objects.get(code="BID-KOP"),
        cycle=tw2,
        text="Tertibkan arsip bukti pemeriksaan koperasi.",
        due_date=date(2026, 9, 30),
        created_at=datetime(2026, 7, 20, 10, tzinfo=WITA),
    )


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_earlier_recommendation_shows_in_the_next_format_isian_and_moves_through_verification(
    plan_cycle: Any, personas: Any, earlier: Recommendation
) -> None:
    submission = Submission.objects.get(cycle=plan_cycle, unit__code="BID-KOP")
    form_url = reverse("collection:form", args=[submission.pk])
    page = _client(personas["operator.koperasi"]).get(form_url)
    assert b'data-testid="open-recommendation"' in page.content
    assert earlier.text.encode() in page.content
    other = Submission.objects.filter(cycle=plan_cycle).exclude(unit__code="BID-KOP").first()
    if other is not None:
        assert (
            earlier.text.encode()
            not in _client(personas["kasubag"])
            .get(reverse("collection:form", args=[other.pk]))
            .content
        )
    response = _client(personas["operator.koperasi"]).post(
        reverse("monitoring:follow_up_report", args=[earlier.pk]),
        {
            "text": "Arsip ditata per koperasi dan dipindai.",
            "cycle": plan_cycle.pk,
            "next": form_url,
            "evidence": SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64),
        },
    )
    assert response.status_code == 302 and response["Location"] == form_url
    follow_up = earlier.follow_ups.get()
    assert follow_up.evidence_name == "foto.png" and follow_up.status == ""
    assert b"menunggu verifikasi" in _client(personas["operator.koperasi"]).get(form_url).content
    # the Bidang cannot verify its own follow-up; the next visit's team can
    with pytest.raises(PermissionDenied):
        followups.follow_up_verify(
            actor=personas["kabid.koperasi"], follow_up=follow_up, status="sesuai", note=""
        )
    plan(plan_cycle, personas, "BID-KOP", 12)
    approve_plan(plan_cycle, personas)
    followups.follow_up_verify(
        actor=personas["staf.program"],
        follow_up=follow_up,
        status="dalam_proses",
        note="Baru sebagian koperasi.",
    )
    earlier.refresh_from_db()
    assert earlier.status == "dalam_proses"
    with pytest.raises(ValidationError):  # verified follow-ups are not rewritten
        followups.follow_up_report(
            actor=personas["operator.koperasi"], recommendation=earlier, cycle=plan_cycle, text="x"
        )
    follow_up.refresh_from_db()
    assert follow_up.verified_by == personas["staf.program"]


def test_closing_counts_in_the_completion_rate_and_a_closed_one_leaves_the_format_isian(
    plan_cycle: Any, personas: Any, earlier: Recommendation
) -> None:
    rows = selectors.completion_rate(plan_cycle.agency)
    assert (rows[-1].total, rows[-1].closed, rows[-1].rate) == (1, 0, 0)
    follow_up = followups.follow_up_report(
        actor=personas["kabid.koperasi"],
        recommendation=earlier,
        cycle=plan_cycle,
        text="Selesai ditata.",
    )
    followups.follow_up_verify(
        actor=personas["kasubag"], follow_up=follow_up, status="sesuai", note="Dicek."
    )
    earlier.refresh_from_db()
    assert earlier.status == "sesuai" and earlier.closed_at is not None
    rows = selectors.completion_rate(plan_cycle.agency)
    assert rows[0].unit.code == "BID-KOP" and rows[0].rate == 100
    assert selectors.open_for_unit(earlier.unit_id, plan_cycle) == []
    # the dashboard shows the rate per Bidang and for the agency; a Bidang sees its own
    dashboard = reverse("evaluation:dashboard") + "?tahun=2026&triwulan=3"
    shown = _client(personas["kadis"]).get(dashboard).content.decode()
    section = shown[shown.index('data-testid="completion"') :].split("</section>")[0]
    assert "Bidang Koperasi: 100" in section and "(1/1)" in section and "Dinas" in section
    other = _client(personas["kabid.naker"]).get(dashboard).content.decode()
    section = other[other.index('data-testid="completion"') :].split("</section>")[0]
    assert "Bidang Koperasi" not in section and "Dinas" in section
    with pytest.raises(ValidationError):
        followups.follow_up_verify(
            actor=personas["kasubag"], follow_up=follow_up, status="dalam_proses", note=""
        )


def test_the_register_filters_exports_and_hides_other_bidang(
    plan_cycle: Any, personas: Any, earlier: Recommendation
) -> None:
    from openpyxl import load_workbook

    page = _client(personas["kasubag"]).get(
        reverse("monitoring:register") + "?status=belum_ditindaklanjuti"
    )
    assert earlier.text.encode() in page.content
    page = _client(personas["kasubag"]).get(reverse("monitoring:register") + "?status=sesuai")
    assert earlier.text.encode() not in page.content
    assert (
        earlier.text.encode()
        not in _client(personas["kabid.naker"]).get(reverse("monitoring:register")).content
    )
    assert (
        _client(personas["kabid.naker"])
        .get(reverse("monitoring:recommendation", args=[earlier.pk]))
        .status_code
        == 404
    )
    xlsx = _client(personas["pemeriksa"]).get(reverse("monitoring:register_xlsx"))
    sheet = load_workbook(BytesIO(xlsx.content)).active
    assert sheet is not None
    assert sheet["C2"].value == earlier.text and sheet["H2"].value == "Belum ditindaklanjuti"


def test_a_tw1_recommendation_shows_in_tw2s_format_isian_and_is_verified_at_tw2s_visit(
    personas: Any, sop_definition: Any, small_plan: Any
) -> None:
    """SPEC §11 with the demo's quarters: a TW I recommendation to Bidang Koperasi appears in
    TW II's format isian, the Bidang reports its follow-up with evidence there, TW II's visit
    team sees it on the blangko and verifies it («dalam proses»); verified «sesuai» later it is
    closed and leaves the format isian."""
    from monev.monitoring.services import default_checklist
    from monev.monitoring.tests.conftest import walk_to
    from monev.sop import services as sop_services

    tw2 = sop_services.cycle_open(
        actor=personas["sekretaris"],
        agency=sop_definition.agency,
        year=2026,
        quarter=2,
        disposition="Siapkan format isian Triwulan II.",
        now=datetime(2026, 7, 6, 8, tzinfo=WITA),
    )
    sop_services.step_complete(actor=personas["kasubag"], run=run_of(tw2, 1))
    tw1 = Cycle.objects.create(
        agency=tw2.agency,
        year=2026,
        quarter=1,
        definition=tw2.definition,
        disposition="TW I",
        opened_at=datetime(2026, 4, 6, 8, tzinfo=WITA),
        status="selesai",
    )
    koperasi = Unit.objects.get(code="BID-KOP")
    earlier = Recommendation.objects.create(
        agency=tw2.agency,
        unit=koperasi,
        cycle=tw1,
        text="Lengkapi daftar hadir pemeriksaan koperasi.",
        due_date=date(2026, 6, 30),
        created_at=datetime(2026, 4, 21, 10, tzinfo=WITA),
    )
    form_url = reverse(
        "collection:form", args=[Submission.objects.get(cycle=tw2, unit=koperasi).pk]
    )
    operator = _client(personas["operator.koperasi"])
    page = operator.get(form_url).content.decode()
    assert earlier.text in page and "TW I 2026" in page
    operator.post(
        reverse("monitoring:follow_up_report", args=[earlier.pk]),
        {
            "text": "Daftar hadir dilengkapi untuk 8 dari 12 koperasi.",
            "cycle": tw2.pk,
            "next": form_url,
            "evidence": SimpleUploadedFile("daftar-hadir.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64),
        },
    )
    assert "menunggu verifikasi" in operator.get(form_url).content.decode()
    walk_to(tw2, "rencana_monev", personas)
    visit, _w = services.visit_plan(
        actor=personas["kasubag"],
        cycle=tw2,
        data=services.PlanInput(
            unit=koperasi,
            starts_at=datetime(2026, 7, 13, 9, tzinfo=WITA),
            ends_at=datetime(2026, 7, 13, 11, tzinfo=WITA),
            place="Ruang rapat Bidang Koperasi",
            team=[personas["staf.program"].official, personas["kepala.blk"].official],
            leader=personas["staf.program"].official,
            checklist=default_checklist(tw2.agency),
        ),
    )
    approve_plan(tw2, personas)
    # on TW II's blangko, a team member (not the Kasubag Program) verifies the follow-up
    member = _client(personas["kepala.blk"])
    visit_url = reverse("monitoring:visit", args=[visit.pk])
    blangko = member.get(visit_url).content.decode()
    assert 'data-testid="earlier-recommendation"' in blangko
    assert "Daftar hadir dilengkapi untuk 8 dari 12 koperasi." in blangko
    assert 'data-testid="verify"' in blangko
    assert 'data-testid="verify"' not in (
        _client(personas["kabid.koperasi"]).get(visit_url).content.decode()
    )  # the Bidang sees its follow-up, but does not verify it
    follow_up = earlier.follow_ups.get()
    answer = member.post(
        reverse("monitoring:follow_up_verify", args=[follow_up.pk]),
        {"status": "dalam_proses", "note": "Baru 8 koperasi.", "next": visit_url},
    )
    assert answer.status_code == 302 and answer["Location"] == visit_url
    earlier.refresh_from_db()
    follow_up.refresh_from_db()
    assert earlier.status == "dalam_proses" and follow_up.verified_by == personas["kepala.blk"]
    assert "Belum sesuai / dalam proses" in operator.get(form_url).content.decode()
    assert "Baru 8 koperasi." in member.get(visit_url).content.decode()
    # the Pemeriksa reads its history
    history = _client(personas["pemeriksa"]).get(
        reverse("monitoring:recommendation", args=[earlier.pk])
    )
    assert "TW II 2026" in history.content.decode()
    # at step 6 the Kasubag Program verifies it once more, now «sesuai»: closed
    followups.follow_up_verify(
        actor=personas["kasubag"], follow_up=follow_up, status="sesuai", note="Lengkap."
    )
    assert selectors.open_for_unit(koperasi.pk, tw2) == []
    assert earlier.text not in operator.get(form_url).content.decode()


def test_step_6_lists_follow_ups_awaiting_verification_and_the_team_verifies_there(
    plan_cycle: Any, personas: Any, earlier: Recommendation
) -> None:
    """The compilation page lists what the Bidang reported this quarter and nobody verified
    yet; the Kasubag Program and the team of this quarter's visit to that Bidang verify it
    there and come back to the list; others read it without a form. Its queries do not grow
    with the number of follow-ups."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("monitoring:compilation", args=[plan_cycle.pk])
    followups.follow_up_report(
        actor=personas["operator.koperasi"],
        recommendation=earlier,
        cycle=plan_cycle,
        text="Arsip bukti pemeriksaan sudah ditata.",
    )
    plan(plan_cycle, personas, "BID-KOP", 12, team=[official("staf.program", personas)])
    approve_plan(plan_cycle, personas)

    def listed(user: str) -> tuple[str, bool]:
        html = _client(personas[user]).get(url).content.decode()
        start = html.index('data-testid="awaiting-follow-ups"')
        block = html[start : html.index("</ul>", start)]
        verify = reverse("monitoring:follow_up_verify", args=[earlier.follow_ups.get().pk])
        return block, verify in block

    block, form = listed("kasubag")
    assert "Arsip bukti pemeriksaan sudah ditata." in block and earlier.text in block and form
    assert listed("staf.program")[1]  # on the team of this quarter's visit to the Bidang
    block, form = listed("sekretaris")
    assert earlier.text in block and not form  # reads, does not verify

    kasubag = _client(personas["kasubag"])
    kasubag.get(url)  # the session's first request writes it once
    with CaptureQueriesContext(connection) as one:
        kasubag.get(url)
    for n in range(2):  # two more open recommendations of TW II, each reported
        more = Recommendation.objects.create(
            agency=earlier.agency, unit=earlier.unit, cycle=earlier.cycle,
            text=f"Rekomendasi lain {n}", due_date=earlier.due_date, created_at=earlier.created_at,
        )  # fmt: skip
        followups.follow_up_report(
            actor=personas["operator.koperasi"], recommendation=more, cycle=plan_cycle,
            text=f"Dilaksanakan {n}",
        )  # fmt: skip
    with CaptureQueriesContext(connection) as three:
        assert kasubag.get(url).content.decode().count('data-testid="awaiting-follow-up"') == 3
    assert len(three) == len(one), [q["sql"][:120] for q in three.captured_queries]

    answer = kasubag.post(
        reverse("monitoring:follow_up_verify", args=[earlier.follow_ups.get().pk]),
        {"status": "sesuai", "note": "Diperiksa di kompilasi.", "next": url + "#tindak-lanjut"},
    )
    assert answer.status_code == 302 and answer["Location"] == url + "#tindak-lanjut"
    earlier.refresh_from_db()
    assert earlier.status == "sesuai"
    html = kasubag.get(url).content.decode()
    assert html.count('data-testid="awaiting-follow-up"') == 2 and earlier.text not in html
