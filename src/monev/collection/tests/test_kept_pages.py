"""The format isian's rows are rendered once per data token (issue #16): with committed
transactions, as in production, a read after a save, an upload of evidence, a correction or a
step transition shows the new state at once, and a kept read costs the same number of queries
whatever the number of indicators."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monev.accounts.models import User
from monev.collection.models import Realization, Submission
from monev.collection.tests.test_workflow import _post
from monev.evaluation import store
from monev.planning.models import Indicator
from monev.sop import services as sop_services
from monev.sop.testing import run_of

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def form(sop_cycle: Any, small_plan: Any, personas: Any) -> Submission:
    """Bidang Koperasi's form of 2026 TW III (step 1 done), nothing kept yet."""
    sop_services.step_complete(actor=personas["kasubag"], run=run_of(sop_cycle, 1))
    store.clear_cache()
    return Submission.objects.get(cycle=sop_cycle, unit__code="BID-KOP")


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _page(client: Client, submission: Submission) -> str:
    response = client.get(reverse("collection:form", args=[submission.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _rows(page: str) -> str:
    start = page.index('data-testid="indicator-rows"')
    return page[start : page.index("</table>", start)]


def _count(client: Client, submission: Submission) -> int:
    with CaptureQueriesContext(connection) as queries:
        _page(client, submission)
    return len(queries)


def test_a_save_shows_its_values_on_the_next_read(form: Submission, personas: Any) -> None:
    operator = _client(personas["operator.koperasi"])
    before = _rows(_page(operator, form))
    assert _rows(_page(operator, form)) == before  # kept: the same rows
    response = operator.post(
        reverse("collection:form", args=[form.pk]), _post(form, iku="61,5", budget="1.250.000")
    )
    assert response.status_code == 302
    after = _page(operator, form)
    assert 'value="61,5"' in after
    assert "tersimpan: 61,5" in after
    assert "1.250.000" in after
    # A write made elsewhere (the API, a worker) replaces the token too.
    iku = Indicator.objects.get(code="IK.S1.1.01")
    realization = Realization.objects.get(indicator=iku, year=2026, quarter=3)
    realization.note = "Catatan dari API"
    realization.save()
    assert "Catatan dari API" in _page(operator, form)


def test_the_kept_rows_follow_the_lock_and_the_reader(
    form: Submission, personas: Any, sop_cycle: Any
) -> None:
    operator = _client(personas["operator.koperasi"])
    reader = _client(personas["sekretaris"])
    assert 'name="v_' in _page(operator, form)
    assert 'name="v_' not in _page(reader, form)  # read only: its own kept rows
    assert 'name="v_' in _page(operator, form)
    # Step 2 done, step 3 (olah data) starts: the quarter is locked, the inputs go at once.
    run = run_of(sop_cycle, 2)
    sop_services.step_complete(actor=personas["kasubag"], run=run, override_reason="Uji")
    assert 'name="v_' not in _page(operator, form)


def test_a_kept_read_costs_the_same_queries_whatever_the_size(
    form: Submission, personas: Any
) -> None:
    operator = _client(personas["operator.koperasi"])
    _page(operator, form)
    small = _count(operator, form)
    node = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01").node
    for n in range(60):
        indicator = Indicator.objects.create(
            period=node.period,
            node=node,
            code=f"IK.N.{n}",
            name=f"Indikator {n}",
            unit_of_measure="orang",
            responsible_unit=form.unit,
        )
        Realization.objects.create(indicator=indicator, year=2026, quarter=3, value=Decimal(n))
    first = _count(operator, form)  # after the writes: the rows are made again
    assert "Indikator 59" in _page(operator, form)
    large = _count(operator, form)
    assert large == small
    assert first > large  # the first read computed, the later ones were kept


def _home(client: Client) -> str:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_home_inbox_is_kept_and_follows_each_write(form: Submission, personas: Any) -> None:
    from monev.collection.tests.test_workflow import _fill_and_submit

    operator = _client(personas["operator.koperasi"])
    kasubag = _client(personas["kasubag"])
    assert "Isi format isian Bidang Koperasi" in _home(operator)
    assert "Periksa laporan Bidang Koperasi" not in _home(kasubag)
    with CaptureQueriesContext(connection) as queries:
        assert "Isi format isian Bidang Koperasi" in _home(operator)
    kept = len(queries)
    _fill_and_submit(form.cycle, personas)
    with CaptureQueriesContext(connection) as queries:
        assert "Isi format isian Bidang Koperasi" not in _home(operator)
    fresh = len(queries)
    assert "Periksa laporan Bidang Koperasi" in _home(kasubag)
    assert kept < fresh  # the kept read asks only for the data token


def test_a_kept_read_asks_for_the_data_token_once(form: Submission, personas: Any) -> None:
    """The page body and its place in the SOP are both kept per data token: one read of the
    token serves both."""
    operator = _client(personas["operator.koperasi"])
    _page(operator, form)
    with CaptureQueriesContext(connection) as queries:
        _page(operator, form)
    tokens = [q for q in queries.captured_queries if "resultsversion" in q["sql"]]
    assert len(tokens) == 1


def _place(page: str) -> str:
    start = page.index('data-testid="sop-place"')
    return page[start : page.index("</section>", start)]


def test_the_kept_place_in_the_sop_follows_a_step_transition(
    form: Submission, personas: Any, sop_cycle: Any
) -> None:
    operator = _client(personas["operator.koperasi"])
    running = _place(_page(operator, form))
    assert 'data-step="2"' in running and 'data-state="berjalan"' in running
    assert _place(_page(operator, form)) == running  # kept
    run = run_of(sop_cycle, 2)
    sop_services.step_complete(actor=personas["kasubag"], run=run, override_reason="Uji")
    done = _place(_page(operator, form))
    assert 'data-step="2"' in done and 'data-state="selesai"' in done
    assert 'data-testid="sop-place-current"' in done  # the cycle is at step 3 now
