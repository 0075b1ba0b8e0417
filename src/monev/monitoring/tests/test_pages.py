"""Pages and API of monev visits: scoping, the exact API fields, PDFs that open, and query
counts that do not grow with the number of visits and recommendations."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monev.accounts.models import User
from monev.monitoring.models import Finding, Recommendation, TeamMember, Visit, VisitIndicator
from monev.monitoring.services import default_checklist
from monev.organization.models import Unit
from monev.planning.models import Indicator

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def add_visit(cycle: Any, code: str, personas: dict[str, Any], day: int) -> Visit:
    """A submitted visit with two findings, two recommendations and every indicator line."""
    unit = Unit.objects.get(code=code)
    visit = Visit.objects.create(
        cycle=cycle,
        unit=unit,
        starts_at=datetime(2026, 10, day, 9, tzinfo=WITA),
        ends_at=datetime(2026, 10, day, 11, tzinfo=WITA),
        place=f"Kantor {unit.name}",
        checklist=default_checklist(cycle.agency),
        status="dilaksanakan",
    )
    TeamMember.objects.create(visit=visit, official=personas["kasubag"].official, is_leader=True)
    TeamMember.objects.create(visit=visit, official=personas["staf.program"].official)
    for indicator in Indicator.objects.all()[:3]:
        VisitIndicator.objects.create(
            visit=visit, indicator=indicator, correction_status="diusulkan", proposed_value=1
        )
    for n in range(2):
        Finding.objects.create(visit=visit, text=f"Temuan {n}", category="data")
        Recommendation.objects.create(
            agency=cycle.agency,
            unit=unit,
            visit=visit,
            cycle=cycle,
            text=f"Rekomendasi {n} {unit.code}",
            due_date=date(2026, 12, 31),
            created_at=visit.starts_at,
        )
    return visit


def test_the_api_lists_visits_and_recommendations_with_the_spec_fields_in_scope(
    plan_cycle: Any, personas: Any
) -> None:
    kop = add_visit(plan_cycle, "BID-KOP", personas, 12)
    add_visit(plan_cycle, "BID-NAKER", personas, 13)
    data = _client(personas["pemeriksa"]).get(reverse("api:visits"), {"year": 2026, "quarter": 3})
    rows = data.json()["results"]
    assert len(rows) == 2
    first = next(r for r in rows if r["id"] == kop.pk)
    assert set(first) == {
        "id", "cycle", "unit", "scheduled_at", "place", "team", "status", "findings",
        "berita_acara_url",
    }  # fmt: skip
    assert first["findings"] == 2 and first["status"] == "dilaksanakan"
    assert {"name": personas["kasubag"].official.name, "role": "ketua"} in first["team"]
    # the API's own download (token auth), not the page's address
    assert first["berita_acara_url"].endswith(f"/api/v1/visits/{kop.pk}/berita-acara/")
    own = _client(personas["kabid.koperasi"]).get(reverse("api:visits")).json()["results"]
    assert [r["id"] for r in own] == [kop.pk]
    recs = _client(personas["operator.koperasi"]).get(reverse("api:recommendations")).json()
    assert {r["unit"] for r in recs["results"]} == {kop.unit_id}
    assert set(recs["results"][0]) == {
        "id", "unit", "text", "visit", "finding", "cycle", "due_date", "status", "follow_ups",
    }  # fmt: skip
    assert recs["count"] == 2


def test_a_bidang_cannot_open_another_bidangs_visit_or_its_berita_acara(
    plan_cycle: Any, personas: Any
) -> None:
    naker = add_visit(plan_cycle, "BID-NAKER", personas, 13)
    client = _client(personas["kabid.koperasi"])
    assert client.get(reverse("monitoring:visit", args=[naker.pk])).status_code == 404
    assert client.get(reverse("monitoring:berita_acara", args=[naker.pk])).status_code == 404
    assert (
        _client(personas["kabid.naker"])
        .get(reverse("monitoring:berita_acara", args=[naker.pk]))
        .content.startswith(b"%PDF")
    )


PAGES = [
    ("monitoring:plan", "cycle"),
    ("monitoring:visits", "cycle"),
    ("monitoring:compilation", "cycle"),
    ("monitoring:register", None),
    ("monitoring:register_xlsx", None),
    ("monitoring:jadwal_pdf", "cycle"),
    ("api:visits", None),
    ("api:recommendations", None),
]


@pytest.mark.parametrize(("name", "arg"), PAGES)
def test_pages_run_a_constant_number_of_queries(
    plan_cycle: Any, personas: Any, name: str, arg: str | None
) -> None:
    args = [plan_cycle.pk] if arg else []
    add_visit(plan_cycle, "BID-KOP", personas, 12)
    client = _client(personas["kasubag"])
    client.get(reverse(name, args=args))  # warm caches (content types, default checklist)
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse(name, args=args)).status_code == 200
    add_visit(plan_cycle, "BID-NAKER", personas, 13)
    add_visit(plan_cycle, "BID-UKM", personas, 14)
    with CaptureQueriesContext(connection) as three:
        assert client.get(reverse(name, args=args)).status_code == 200
    assert len(three) == len(one), [q["sql"][:120] for q in three.captured_queries]


def test_the_blangko_page_runs_a_constant_number_of_queries(plan_cycle: Any, personas: Any) -> None:
    visit = add_visit(plan_cycle, "BID-KOP", personas, 12)
    client = _client(personas["kasubag"])
    url = reverse("monitoring:visit", args=[visit.pk])
    client.get(url)
    _earlier(plan_cycle, visit.unit, 1)
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    _earlier(plan_cycle, visit.unit, 4)  # more open recommendations of earlier quarters
    for n in range(5):
        Finding.objects.create(visit=visit, text=f"Lagi {n}", category="bukti")
        Recommendation.objects.create(
            agency=plan_cycle.agency,
            unit=visit.unit,
            visit=visit,
            cycle=plan_cycle,
            text=f"Lagi {n}",
            due_date=date(2026, 12, 31),
            created_at=visit.starts_at,
        )
    with CaptureQueriesContext(connection) as after:
        page = client.get(url).content.decode()
    assert page.count('data-testid="earlier-recommendation"') == 5
    assert len(after) == len(before), [q["sql"][:120] for q in after.captured_queries]


def _earlier(cycle: Any, unit: Unit, count: int) -> None:
    """`count` recommendations of TW II to `unit`, each with a follow-up reported in `cycle`."""
    from monev.monitoring.models import FollowUp
    from monev.sop.models import Cycle

    tw2, _created = Cycle.objects.get_or_create(
        agency=cycle.agency,
        year=2026,
        quarter=2,
        defaults={
            "definition": cycle.definition,
            "disposition": "TW II",
            "opened_at": datetime(2026, 7, 6, 8, tzinfo=WITA),
            "status": "selesai",
        },
    )
    for n in range(count):
        rec = Recommendation.objects.create(
            agency=cycle.agency,
            unit=unit,
            cycle=tw2,
            text=f"Rekomendasi TW II {n}",
            due_date=date(2026, 9, 30),
            created_at=datetime(2026, 7, 20, 10, tzinfo=WITA),
        )
        FollowUp.objects.create(
            recommendation=rec,
            cycle=cycle,
            text=f"Tindak lanjut {n}",
            reported_at=datetime(2026, 10, 8, 9, tzinfo=WITA),
        )


def test_team_members_fill_only_their_visits_and_a_bidang_reads_only_its_own(
    plan_cycle: Any, personas: Any
) -> None:
    """The visit's team writes its blangko, nobody else: not the Kasubag Program off the team,
    not a team member of another visit, not the Pemeriksa (who reads everything). A Bidang
    sees its own visits and recommendations; a team member from another Bidang also the
    Bidang they visit."""
    kop = add_visit(plan_cycle, "BID-KOP", personas, 12)
    naker = add_visit(plan_cycle, "BID-NAKER", personas, 13)
    Visit.objects.filter(pk__in=[kop.pk, naker.pk]).update(status="disetujui")
    TeamMember.objects.create(visit=kop, official=personas["kepala.blk"].official)
    naker.team.filter(official=personas["staf.program"].official).delete()

    def answers(user: str, visit: Visit) -> int:
        url = reverse("monitoring:answers_save", args=[visit.pk])
        return _client(personas[user]).post(url, {"summary": f"oleh {user}"}).status_code

    assert answers("kepala.blk", kop) == 302  # a team member from UPTD BLK
    assert answers("staf.program", kop) == 302
    assert answers("kepala.blk", naker) == 404  # not on that team: not even visible
    assert answers("staf.program", naker) == 403  # Kasubag role, but not on the team
    assert answers("pemeriksa", kop) == 403
    assert answers("kabid.koperasi", kop) == 403  # the visited Bidang answers, never fills
    kop.refresh_from_db()
    naker.refresh_from_db()
    assert kop.summary == "oleh staf.program" and naker.summary == ""

    def api(user: str, name: str) -> set[int]:
        rows = _client(personas[user]).get(reverse(name)).json()["results"]
        return {r["unit"] if name == "api:recommendations" else r["id"] for r in rows}

    assert api("kabid.koperasi", "api:visits") == {kop.pk}
    assert api("operator.koperasi", "api:recommendations") == {kop.unit_id}
    assert api("kabid.naker", "api:visits") == {naker.pk}
    assert api("kabid.naker", "api:recommendations") == {naker.unit_id}
    assert api("kepala.blk", "api:visits") == {kop.pk}
    assert api("kepala.blk", "api:recommendations") == {kop.unit_id}
    assert api("pemeriksa", "api:visits") == {kop.pk, naker.pk}
    assert api("pemeriksa", "api:recommendations") == {kop.unit_id, naker.unit_id}
    register = _client(personas["kabid.naker"]).get(reverse("monitoring:register"))
    assert "BID-NAKER" in register.content.decode()
    assert "Rekomendasi 0 BID-KOP" not in register.content.decode()


def test_the_blangko_reads_typed_numbers_by_the_rules_and_shows_them_back_the_same(
    plan_cycle: Any, personas: Any
) -> None:
    """RULES §10: "1.500" is 1500 in the blangko as in every form; the value shown back in the
    field ("1.500") saves again as 1500, not 1.5."""
    from decimal import Decimal

    from monev.monitoring.pdf import _num
    from monev.monitoring.tests.test_flow import approve_plan, plan

    visit, _warnings = plan(plan_cycle, personas, "BID-KOP", 12)
    approve_plan(plan_cycle, personas)
    line = visit.indicators.get(indicator__code="IK.2.17.03.2.01.0004.01")
    client = _client(personas["kasubag"])
    url = reverse("monitoring:indicator_save", args=[visit.pk, line.pk])
    data = {"verified_value": "1.500", "verdict": "cukup", "proposed_value": "1.234,5"}
    assert client.post(url, data).status_code == 302
    line.refresh_from_db()
    assert (line.verified_value, line.proposed_value) == (Decimal(1500), Decimal("1234.5"))
    page = client.get(reverse("monitoring:visit", args=[visit.pk])).content.decode()
    shown = f'name="verified_value" inputmode="decimal" value="{_num(line.verified_value)}"'
    assert _num(line.verified_value) == "1.500" and shown in page
    again = {**data, "verified_value": _num(line.verified_value)}
    assert client.post(url, again).status_code == 302
    line.refresh_from_db()
    assert line.verified_value == Decimal(1500)
    refused = client.post(url, {**data, "verified_value": "1.5.0,0,0"}, HTTP_HX_REQUEST="true")
    assert "bukan angka" in refused.content.decode()
    line.refresh_from_db()
    assert line.verified_value == Decimal(1500)


def test_verify_files_and_the_photo_download_catch_a_changed_visit_photo(
    plan_cycle: Any, personas: Any
) -> None:
    """Visit photos are checked like evidence: by `verify_files` and on download (409 with a
    message, `nosniff` when they match); a report version's PDF and DOCX by `verify_files`."""
    from io import StringIO
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import CommandError, call_command

    from monev.monitoring import services
    from monev.monitoring.tests.test_flow import approve_plan, plan

    visit, _warnings = plan(plan_cycle, personas, "BID-KOP", 12)
    approve_plan(plan_cycle, personas)
    visit.refresh_from_db()
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    photo = services.photo_add(
        actor=personas["kasubag"],
        visit=visit,
        upload=SimpleUploadedFile("arsip.png", png, "image/png"),
    )
    client = Client()
    client.force_login(personas["kasubag"])
    url = reverse("monitoring:photo_download", args=[photo.pk])
    shown = client.get(url)
    assert shown.status_code == 200 and shown["X-Content-Type-Options"] == "nosniff"
    assert b"".join(shown.streaming_content) == png
    call_command("verify_files", stdout=StringIO())
    Path(photo.file.path).write_bytes(png + b"lain")
    err = StringIO()
    with pytest.raises(CommandError, match="1 of"):
        call_command("verify_files", stderr=err)
    assert f"monitoring.VisitPhoto {photo.pk}" in err.getvalue()
    refused = client.get(url)
    assert refused.status_code == 409
    assert "tidak cocok lagi dengan sidik SHA-256" in refused.content.decode()
