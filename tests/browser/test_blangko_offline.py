"""In Chromium at a phone's size: the blangko monev keeps working when the connection drops.
The team leader fills part of it online, loses the signal, edits an indicator, the checklist
and the summary, adds a finding and a recommendation (the banner counts what waits), reopens
the page offline (the service worker kept it), and when the signal is back the changes are
sent in order. The first two answers to the finding are lost on the way, so the page sends it
three times: the server stores it once. A save lost while the browser still says "online" is
queued and sent again. A change made offline to a blangko submitted meanwhile is refused with
the server's message and stays visible until discarded."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import expect

from monev.monitoring.tests.conftest import prepare_plan_cycle
from tests.browser.conftest import PHONE, keep_viewport

pytestmark = pytest.mark.django_db(transaction=True)

CODE = "IK.2.17.03.2.01.0004.01"
FINDING = "Daftar hadir pembinaan koperasi tidak ditandatangani."


@pytest.fixture
def visit(sop_cycle: Any, small_plan: Any, personas: Any) -> Any:
    """Bidang Koperasi's visit with its plan approved; kasubag leads, staf.program is on it."""
    from monev.monitoring.models import Visit
    from monev.monitoring.tests.test_flow import approve_plan, plan

    cycle = prepare_plan_cycle(sop_cycle, small_plan, personas)
    found, _warnings = plan(cycle, personas, "BID-KOP", 12)
    approve_plan(cycle, personas)
    return Visit.objects.get(pk=found.pk)


def _cached(page: Any) -> bool:
    """Wait until the service worker has kept this page (it opens offline from then on)."""
    for _attempt in range(50):
        if page.evaluate("async () => !!(window.caches && await caches.match(location.pathname))"):
            return True
        page.wait_for_timeout(200)
    return False


def test_the_blangko_keeps_working_offline_and_syncs_once_when_back(
    live_server: Any, page: Any, personas: Any, visit: Any, login: Any, shoot: Any
) -> None:
    from monev.monitoring.models import Finding, Recommendation, Visit

    page.set_viewport_size(PHONE)
    login("kasubag")
    url = f"{live_server.url}/kunjungan/{visit.pk}/"
    page.goto(url)
    card = page.locator(f'[data-testid="indicator"][data-code="{CODE}"]')
    other = page.locator('[data-testid="indicator"][data-code="IK.S1.1.01"]')
    other.locator("input[name=verified_value]").fill("61,5")
    expect(other.locator(".save-state")).to_contain_text("tersimpan")
    page.wait_for_load_state("networkidle")
    assert _cached(page), "the service worker did not keep the blangko"

    # the signal drops
    page.context.set_offline(True)
    banner = page.get_by_test_id("sync-banner")
    expect(banner).to_contain_text("Tidak ada sambungan")
    card.locator("input[name=verified_value]").fill("10")
    card.locator("select[name=verdict]").select_option("kurang")
    card.locator("input[name=verdict_reason]").fill("Daftar hadir hanya memuat 10 koperasi.")
    card.locator("input[name=proposed_value]").fill("10")
    expect(card.locator(".save-state")).to_contain_text("menunggu dikirim")
    page.locator('[data-key="1.1"] input[value=ya]').check()
    page.locator('[data-key="2.2"] textarea').fill("Pendampingan rutin oleh penyuluh.")
    page.locator("#summary").fill("Data umumnya sesuai; satu indikator perlu koreksi.")
    page.get_by_test_id("finding-form").locator("textarea").fill(FINDING)
    page.get_by_test_id("finding-form").locator("select[name=indicator]").select_option(label=CODE)
    page.get_by_role("button", name="Tambah temuan").click()
    rec = page.get_by_test_id("recommendation-form")
    # the finding written offline is offered at once: the recommendation answers it
    rec.locator("select[name=finding]").select_option(index=1)
    rec.locator("textarea").fill("Lengkapi tanda tangan daftar hadir.")
    rec.locator("input[type=date]").fill("2026-12-31")
    page.get_by_role("button", name="Tambah rekomendasi").click()
    # one indicator, the checklist, the summary, a finding, a recommendation
    expect(banner).to_contain_text("5 perubahan menunggu dikirim.")
    expect(page.get_by_test_id("findings")).to_contain_text(FINDING)
    expect(page.get_by_test_id("findings")).to_contain_text("menunggu dikirim")
    assert Finding.objects.filter(visit=visit).count() == 0  # nothing reached the server

    # the page is reopened without a connection: kept by the service worker, edits re-applied
    page.reload()
    expect(banner).to_contain_text("5 perubahan menunggu dikirim.")
    expect(card.locator("input[name=verified_value]")).to_have_value("10")
    expect(page.locator('[data-key="2.2"] textarea')).to_have_value(
        "Pendampingan rutin oleh penyuluh."
    )
    expect(page.get_by_test_id("findings")).to_contain_text(FINDING)
    shoot("monev-blangko-offline-phone")
    page.locator("#summary").scroll_into_view_if_needed()
    keep_viewport(page, "monev-blangko-offline-phone-viewport.png")

    # back online; the first two answers to the finding get lost on the way back
    sends: list[str] = []
    lost = {"finding": 2}

    def flaky(route: Any) -> None:
        kind = json.loads(route.request.post_data or "{}").get("kind", "")
        sends.append(kind)
        response = route.fetch()  # the server gets it…
        if lost.get(kind, 0) > 0:
            lost[kind] -= 1
            route.abort("connectionreset")  # …but the phone never hears back
        else:
            route.fulfill(response=response)

    page.route("**/sinkron/", flaky)
    page.context.set_offline(False)
    expect(banner).to_contain_text("5 perubahan telah tersimpan di server", timeout=20000)
    shoot("monev-blangko-synced-phone")
    keep_viewport(page, "monev-blangko-synced-phone-viewport.png")
    assert sends == [
        "indicator",
        "answers",
        "summary",
        "finding",
        "finding",
        "finding",
        "recommendation",
    ]
    assert Finding.objects.filter(visit=visit).count() == 1
    assert Recommendation.objects.filter(visit=visit).count() == 1
    assert Recommendation.objects.get(visit=visit).finding == Finding.objects.get(visit=visit)

    page.unroute("**/sinkron/")
    page.reload()
    findings = page.get_by_test_id("findings")
    expect(findings.get_by_text(FINDING)).to_have_count(1)
    assert Finding.objects.get(visit=visit).indicator.code == CODE
    expect(
        page.get_by_test_id("recommendations").get_by_text("Lengkapi tanda tangan")
    ).to_have_count(1)
    expect(card.locator("input[name=proposed_value]")).to_have_value("10")
    expect(page.locator('[data-key="1.1"] input[value=ya]')).to_be_checked()
    expect(page.get_by_test_id("sync-banner")).to_be_hidden()
    line = visit.indicators.get(indicator__code=CODE)
    assert (line.verified_value, line.verdict, line.proposed_value) == (
        Decimal(10),
        "kurang",
        Decimal(10),
    )
    stored = Visit.objects.get(pk=visit.pk)
    assert stored.answers["1.1"] == "ya" and stored.summary.startswith("Data umumnya sesuai")

    # a weak signal: the browser says online but a save never arrives → queued, sent again
    page.route("**/indikator/**", lambda route: route.abort("internetdisconnected"))
    other.locator("input[name=verdict_reason]").fill("Sesuai papan data koperasi.")
    expect(banner).to_contain_text("1 perubahan menunggu dikirim.")
    expect(banner).to_contain_text("1 perubahan telah tersimpan di server", timeout=15000)
    page.unroute("**/indikator/**")
    assert visit.indicators.get(indicator__code="IK.S1.1.01").verdict_reason.startswith("Sesuai")

    # offline again; meanwhile the blangko is submitted from another phone
    page.context.set_offline(True)
    page.locator("#summary").fill("Ditambah dari lapangan setelah diajukan.")
    expect(banner).to_contain_text("1 perubahan menunggu dikirim.")
    Visit.objects.filter(pk=visit.pk).update(status="dilaksanakan")
    page.context.set_offline(False)
    refused = page.get_by_test_id("sync-refused")
    expect(refused).to_contain_text("ditolak server")
    expect(refused).to_contain_text("tidak dapat disimpan")
    expect(refused).to_contain_text("Ditambah dari lapangan")  # what was typed is not lost
    shoot("monev-blangko-refused-phone")
    keep_viewport(page, "monev-blangko-refused-phone-viewport.png")
    assert Visit.objects.get(pk=visit.pk).summary.startswith("Data umumnya sesuai")
    page.reload()
    expect(refused).to_contain_text("Ditambah dari lapangan")  # kept across a reload
    refused.get_by_role("button", name="buang").click()
    expect(refused).to_be_hidden()
