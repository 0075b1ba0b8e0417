"""Features attach to step keys, not numbers: an Administrator inserts a manual step between
steps 2 and 3 in a new SOP version, and a cycle on that version still finds the format isian,
the completeness board, the data lock, the flag board and the analysis on their keys."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from monev.accounts.models import User
from monev.collection import services as collection_services
from monev.collection.models import Submission
from monev.collection.selectors import is_locked
from monev.collection.tests.test_submission_flow import _fill
from monev.evaluation import services as evaluation_services
from monev.sop import handlers, selectors, services
from monev.sop.choices import StepKey
from monev.sop.models import Cycle, StepRun
from monev.sop.testing import step_of
from monev.sop.tests.test_engine import _run_to, at, attach

pytestmark = pytest.mark.django_db

MOMENT = at(2026, 10, 8, 9, 0)

INSERTED = {
    "number": 3,
    "key": None,
    "description": "Rapat koordinasi validasi data bersama para Kepala Bidang",
    "actor": "kasubag_program",
    "approver": None,
    "lanes": ["kasubag_program"],
    "symbol": "process",
    "no_goto": None,
    "inputs": "Data Bidang",
    "time_value": 1,
    "time_unit": "jam",
    "output": "Notulen rapat",
    "notes": "",
}


@pytest.fixture
def new_version(sop_definition: Any, personas: Any) -> Any:
    data = selectors.definition_as_dict(sop_definition)
    steps = []
    for step in data["steps"]:
        moved = dict(step)
        if step["number"] >= 3:
            moved["number"] = step["number"] + 1
        if step["no_goto"] and step["no_goto"] >= 3:
            moved["no_goto"] = step["no_goto"] + 1
        steps.append(moved)
    data["steps"] = sorted([*steps, INSERTED], key=lambda s: s["number"])
    return services.definition_new_version(
        actor=personas["admin"], definition=sop_definition, data=data, note="Sisip rapat"
    )


def _current(cycle: Cycle) -> StepRun:
    run = selectors.current_run(Cycle.objects.get(pk=cycle.pk))
    assert run is not None
    return run


def _page(user: User, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_features_stay_on_their_keys_when_a_step_is_inserted_between_2_and_3(
    new_version: Any, small_plan: Any, personas: Any
) -> None:
    kasubag, operator = personas["kasubag"], personas["operator.koperasi"]
    numbers = {s.key: s.number for s in new_version.steps.all() if s.key}
    assert numbers[StepKey.OLAH_DATA] == 4 and numbers[StepKey.ANALISIS] == 8
    assert step_of(new_version, 12).no_goto == 11  # verifikasi → perbaikan
    detail = _page(personas["admin"], reverse("sop:definition_detail", args=[new_version.pk]))
    assert 'data-testid="step-key-4"><code>olah_data</code>' in detail
    assert 'data-testid="step-key-3"><span class="text-muted">manual' in detail

    cycle = services.cycle_open(
        actor=personas["sekretaris"],
        agency=new_version.agency,
        year=2026,
        quarter=3,
        disposition="Mulai",
        now=at(2026, 10, 7, 8, 0),
    )
    assert cycle.definition == new_version
    # Step 1 format_isian: completing it makes each Bidang's form.
    services.step_complete(actor=kasubag, run=_current(cycle), now=MOMENT)
    submission = Submission.objects.get(cycle=cycle, unit__code="BID-KOP")
    # Step 2 pengumpulan_data: the completeness board, and its real blocker.
    step2 = _current(cycle)
    assert (step2.number, step2.step.key) == (2, StepKey.PENGUMPULAN_DATA)
    assert handlers.for_run(step2).url(step2) == reverse("collection:board", args=[cycle.pk])
    _page(kasubag, reverse("collection:board", args=[cycle.pk]))
    assert handlers.blockers(step2) == ["1 Bidang belum diterima (Bidang Koperasi)."]
    _fill(submission, operator)
    collection_services.submission_submit(actor=operator, submission=submission)
    collection_services.submission_accept(actor=kasubag, submission=submission)
    services.step_complete(actor=kasubag, run=step2, now=MOMENT)
    # Step 3 is the inserted manual step: the data are not locked yet, it needs a document.
    step3 = _current(cycle)
    assert (step3.number, step3.step.key, handlers.for_run(step3)) == (3, "", None)
    assert not is_locked(cycle)
    assert "Lampirkan dokumen output" in handlers.blockers(step3)[0]
    page = _page(kasubag, reverse("sop:cycle_detail", args=[cycle.pk]))
    assert 'data-testid="upload"' in page and 'data-testid="step-page"' not in page
    attach(step3, kasubag, "notulen.pdf")
    services.step_complete(actor=kasubag, run=step3, now=MOMENT)
    # Step 4 olah_data: the data lock holds from here and the flag board is the step's page.
    step4 = _current(cycle)
    assert (step4.number, step4.step.key) == (4, StepKey.OLAH_DATA)
    assert is_locked(cycle) and selectors.cycle_is_at(cycle, StepKey.OLAH_DATA)
    assert handlers.for_run(step4).url(step4) == reverse("evaluation:processing", args=[cycle.pk])
    assert "tanda kualitas data belum dijelaskan" in handlers.blockers(step4)[0]
    page = _page(kasubag, reverse("sop:cycle_detail", args=[cycle.pk]))
    assert reverse("evaluation:processing", args=[cycle.pk]) in page
    for result, flag, _res in evaluation_services.open_flags(cycle):
        evaluation_services.flag_resolve(
            actor=kasubag, cycle=cycle, indicator=result.indicator, code=flag.code, note="ok"
        )
    attach(step4, kasubag)
    services.step_complete(actor=kasubag, run=step4, now=MOMENT)
    # Step 8 analisis (was 7): the analysis page and its own blocker.
    step8 = _run_to(cycle, 8, personas, MOMENT)
    assert (step8.number, step8.step.key) == (8, StepKey.ANALISIS)
    assert handlers.for_run(step8).url(step8) == reverse("evaluation:analysis", args=[cycle.pk])
    assert handlers.blockers(step8) == ["Catatan analisis tingkat Dinas belum lengkap."]
    assert selectors.cycle_reached(cycle, StepKey.ANALISIS)
    assert not selectors.cycle_reached(cycle, StepKey.DRAFT_LAPORAN)
