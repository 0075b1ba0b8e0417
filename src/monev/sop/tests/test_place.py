"""The SOP-place component (`{% sop_place %}`): every working page of a step shows the step's
number and name, its holder, its due time and its timeliness, read over the demo's cycles."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from monev.accounts.models import User
from monev.sop import selectors, services
from monev.sop.models import Cycle, SopStep, StepRun
from monev.sop.tests.test_engine import _run_to, at

pytestmark = pytest.mark.django_db

PLACE = re.compile(
    r'<section class="card shadow-sm mb-3 sop-place[^"]*" data-testid="sop-place" '
    r'data-step="(?P<step>\d+)" data-state="(?P<state>\w+)" data-timeliness="(?P<time>\w*)"'
    r".*?</section>",
    re.S,
)


def _place(client: Client, url: str) -> dict[str, str]:
    response = client.get(url)
    assert response.status_code == 200, url
    found = PLACE.findall(response.content.decode())
    assert len(found) == 1, f"{url}: {len(found)} SOP-place components"
    match = PLACE.search(response.content.decode())
    assert match is not None
    return {**match.groupdict(), "html": match.group(0)}


def _expected(cycle: Cycle, key: str) -> dict[str, Any]:
    """What the page must show, read from the database without the selector."""
    step = SopStep.objects.get(definition=cycle.definition, key=key)
    run = StepRun.objects.filter(cycle=cycle, step=step).order_by("-round").first()
    if run is None:
        return {"step": step, "state": "belum", "time": ""}
    if run.completed_at is not None:
        return {
            "step": step,
            "state": "selesai",
            "time": "tepat_waktu" if run.completed_at <= run.due_at else "terlambat",
            "run": run,
        }
    late = timezone.now() > run.due_at
    return {"step": step, "state": run.status, "late": late, "run": run}


@pytest.fixture
def demo(loaded_demo: str) -> dict[str, Any]:
    cycles = {c.quarter: c for c in Cycle.objects.filter(agency__short_name="DKUKMTK", year=2026)}
    return {"cycles": cycles, "users": {u.username: u for u in User.objects.all()}}


def test_every_working_page_shows_its_step_holder_due_time_and_status(demo: Any) -> None:
    from monev.collection.models import Submission
    from monev.monitoring.models import Visit

    cycle = demo["cycles"][3]  # the demo's running quarter (at step 9, pembahasan)
    client = Client()
    client.force_login(demo["users"]["kasubag"])
    submission = Submission.objects.filter(cycle=cycle).order_by("pk").first()
    visit = Visit.objects.filter(cycle=cycle).order_by("pk").first()
    assert submission is not None and visit is not None
    pages = {
        reverse("collection:board", args=[cycle.pk]): "pengumpulan_data",
        reverse("collection:form", args=[submission.pk]): "pengumpulan_data",
        reverse("evaluation:processing", args=[cycle.pk]): "olah_data",
        reverse("monitoring:plan", args=[cycle.pk]): "rencana_monev",
        reverse("monitoring:visits", args=[cycle.pk]): "pelaksanaan_monev",
        reverse("monitoring:visit", args=[visit.pk]): "pelaksanaan_monev",
        reverse("monitoring:compilation", args=[cycle.pk]): "kompilasi_hasil",
        reverse("evaluation:analysis", args=[cycle.pk]): "analisis",
        reverse("reports:report", args=[cycle.pk]): "pembahasan",
        reverse("archive:cycle", args=[cycle.pk]): "penyimpanan",
    }
    running = StepRun.objects.get(cycle=cycle, status="berjalan")
    assert running.step.key == "pembahasan"
    for url, key in pages.items():
        shown = _place(client, url)
        want = _expected(cycle, key)
        step = want["step"]
        assert shown["step"] == str(step.number), url
        assert f"{step.number}. {step.description}" in shown["html"], url
        assert shown["state"] == want["state"], url
        assert step.get_actor_display() in shown["html"], url
        if want["state"] == "selesai":
            assert shown["time"] == want["time"], url
            label = "Tepat waktu" if want["time"] == "tepat_waktu" else "Terlambat"
            assert label in shown["html"], url
            # the cycle is elsewhere: the component says where
            assert f"Siklus kini di langkah {running.number} (Kasubag Program)" in shown["html"]
        elif want["state"] == "belum":
            assert "Belum dimulai" in shown["html"], url
        else:
            assert key == "pembahasan"
            assert shown["time"] == "terlambat" if want["late"] else shown["time"] != "terlambat"
            assert "Batas waktu" in shown["html"]
            assert "Kasubag Program" in shown["html"]
            # the holder by name
            assert demo["users"]["kasubag"].full_name in shown["html"], url
    # Both outcomes of a finished step appear over the demo's pace (some late, some on time).
    finished = [_place(client, u)["time"] for u in list(pages)[:8]]
    assert set(finished) == {"tepat_waktu", "terlambat"}, finished


def test_a_finished_cycle_shows_its_archive_step_done(demo: Any) -> None:
    cycle = demo["cycles"][2]
    client = Client()
    client.force_login(demo["users"]["sekretaris"])
    shown = _place(client, reverse("archive:cycle", args=[cycle.pk]))
    assert shown["step"] == "13" and shown["state"] == "selesai"
    assert "Siklus selesai" in shown["html"]


# --- Without the demo: the states the demo does not reach, and the query count ---------------


def test_the_plan_page_shows_approval_pending_with_the_approver(
    sop_cycle: Cycle, personas: Any
) -> None:
    moment = at(2026, 10, 8, 9, 0)
    step4 = _run_to(sop_cycle, 4, personas, moment)
    client = Client()
    client.force_login(personas["kasubag"])
    url = reverse("monitoring:plan", args=[sop_cycle.pk])
    running = _place(client, url)
    assert (running["step"], running["state"]) == ("4", "berjalan")
    assert "Menyusun rencana monitoring evaluasi kinerja setiap Bidang" in running["html"]
    assert "Pemegang: <strong>Kasubag Program</strong>" in running["html"]
    assert "Siklus kini" not in running["html"]
    from monev.sop.tests.test_engine import attach

    attach(step4, personas["kasubag"])
    services.step_complete(actor=personas["kasubag"], run=step4, now=moment)
    waiting = _place(client, url)
    assert waiting["state"] == "menunggu_persetujuan"
    assert "Menunggu persetujuan: <strong>Sekretaris</strong>" in waiting["html"]
    assert personas["sekretaris"].full_name in waiting["html"]
    # a later step's page before the cycle reaches it
    later = _place(client, reverse("monitoring:compilation", args=[sop_cycle.pk]))
    assert (later["step"], later["state"]) == ("6", "belum")
    assert "Siklus kini di langkah 4 (Sekretaris)" in later["html"]


def test_timeliness_near_the_due_time_names_the_time_left(sop_cycle: Cycle) -> None:
    run = StepRun.objects.get(cycle=sop_cycle, status="berjalan")  # step 1: 15 menit
    place = selectors.step_place(sop_cycle, "format_isian", now=at(2026, 10, 7, 8, 12))
    assert place is not None and place.run == run
    assert place.timing is not None and place.timing.status == "mendekati_batas"
    assert place.timing_text == "Sisa 3 menit"
    late = selectors.step_place(sop_cycle, ["format_isian"], now=at(2026, 10, 7, 9, 0))
    assert late is not None and late.timing_text == "Terlambat 45 menit"
    assert selectors.step_place(sop_cycle, "no_such_key") is None


def test_the_component_runs_a_constant_number_of_queries(sop_cycle: Cycle, personas: Any) -> None:
    """The same queries at step 11 in round 1 (few runs) as in round 3 after two returns to
    correction (many runs), for a finished step's page and the running step's page."""
    from django.template import Context, Template

    def count(keys: str) -> int:
        template = Template('{% load sop_place %}{% sop_place cycle "' + keys + '" %}')
        cycle = Cycle.objects.get(pk=sop_cycle.pk)
        with CaptureQueriesContext(connection) as queries:
            html = template.render(Context({"cycle": cycle}))
        assert 'data-testid="sop-place"' in html
        return len(queries)

    moment = at(2026, 10, 8, 9, 0)
    _run_to(sop_cycle, 11, personas, moment)
    few = {keys: count(keys) for keys in ("rencana_monev", "perbaikan verifikasi")}
    for _ in range(2):
        services.step_return(
            actor=personas["sekretaris"],
            run=StepRun.objects.get(cycle=sop_cycle, status="berjalan"),
            note="Perbaiki",
            now=moment,
        )
        _run_to(sop_cycle, 11, personas, moment)
    assert StepRun.objects.filter(cycle=sop_cycle).count() == 15
    many = {keys: count(keys) for keys in ("rencana_monev", "perbaikan verifikasi")}
    assert many == few
    # steps, runs, the agency, its calendar (setting, days off) and, for a running step, its
    # holders: nothing per run or per step
    assert few["perbaikan verifikasi"] <= 6 and few["rencana_monev"] <= 5
