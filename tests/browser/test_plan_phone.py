"""In Chromium at 390 px: the monev plan (step 4) on a phone. The Kasubag Program chooses the
Bidang first and is offered only its indicators, finds one by searching, saves the visit (shown
as a card, nothing cut off), and deleting it asks for confirmation first. Screenshots at 390 and
1366 px."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from monev.monitoring.tests.conftest import prepare_plan_cycle
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def plan_cycle(sop_cycle: Any, small_plan: Any, personas: Any) -> Any:
    """Step 4, with Bidang Koperasi holding eight indicators (so the list wants a search) and
    Bidang Tenaga Kerja its own."""
    from monev.planning.models import Indicator

    cycle = prepare_plan_cycle(sop_cycle, small_plan, personas)
    node = small_plan.indicators.get(code="IK.2.17.03.2.01.0004.01").node
    kop = node.responsible_unit
    for n, name in enumerate(
        [
            "Jumlah koperasi yang menyampaikan RAT",
            "Jumlah anggota koperasi yang dilatih",
            "Persentase koperasi sehat",
            "Jumlah koperasi baru berbadan hukum",
            "Jumlah akta perubahan anggaran dasar",
            "Volume usaha koperasi",
        ],
        start=2,
    ):
        Indicator.objects.create(
            period=small_plan,
            node=node,
            code=f"IK.KOP.0{n}",
            name=name,
            unit_of_measure="koperasi",
            responsible_unit=kop,
        )
    return cycle


def _no_sideways_scroll(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways: {width} px"


def test_the_plan_form_on_a_phone(
    live_server: Any, page: Any, personas: Any, plan_cycle: Any, login: Any, shoot: Any
) -> None:
    from monev.monitoring.models import Visit
    from monev.organization.models import Unit
    from monev.planning.models import Indicator

    kop = Unit.objects.get(code="BID-KOP")
    page.set_viewport_size(PHONE)
    login("kasubag")
    page.goto(f"{live_server.url}/kunjungan/siklus/{plan_cycle.pk}/rencana/")
    expect(page.get_by_test_id("sop-place")).to_contain_text("Pemegang: Kasubag Program")
    expect(page.get_by_test_id("sop-place")).to_have_attribute("data-step", "4")
    # Nothing to choose from before the Bidang
    expect(page.locator("input[name=indicators]")).to_have_count(0)
    shoot("plan-phone-1-bidang")
    expect(page.locator("#id_bidang[data-autosubmit-ready]")).to_have_count(1)
    page.locator("#id_bidang").select_option(str(kop.pk))  # goes on by itself (plan-form.js)
    expect(page.get_by_test_id("plan-unit")).to_have_text(kop.name)
    own = Indicator.objects.filter(responsible_unit=kop)
    boxes = page.locator("#pilih-indikator input[name=indicators]")
    expect(boxes).to_have_count(own.count())
    assert own.count() == 8
    offered = set(boxes.evaluate_all("els => els.map(e => e.value)"))
    assert offered == {str(pk) for pk in own.values_list("pk", flat=True)}
    _no_sideways_scroll(page)
    # Search: two words, both must appear
    search = page.locator('input[data-filter-for="pilih-indikator"]')
    expect(search).to_be_visible()
    search.fill("koperasi sehat")
    visible = page.locator("#pilih-indikator .filter-item:visible")
    expect(visible).to_have_count(1)
    expect(visible).to_contain_text("Persentase koperasi sehat")
    expect(page.locator('[data-filter-count="pilih-indikator"]')).to_have_text("1 / 8")
    visible.locator("input").check()
    search.fill("tidak ada kata ini")
    expect(page.locator("#pilih-indikator [data-filter-empty]")).to_be_visible()
    search.fill("")
    expect(page.locator("#pilih-indikator .filter-item:visible")).to_have_count(8)
    # the team, found by searching too
    kasubag, staf = personas["kasubag"].official, personas["staf.program"].official
    team_search = page.locator('input[data-filter-for="pilih-tim"]')
    team_search.fill(staf.name.split()[0])
    page.locator(f'#pilih-tim input[value="{staf.pk}"]').check()
    team_search.fill("")
    page.locator(f'#pilih-tim input[value="{kasubag.pk}"]').check()
    page.locator("#id_leader").select_option(str(kasubag.pk))
    page.locator("#id_day").fill("2026-10-12")
    page.locator("#id_start").fill("09:00")
    page.locator("#id_end").fill("11:30")
    page.locator("#id_place").fill("Ruang rapat Bidang Koperasi")
    shoot("plan-phone-2-form")
    page.get_by_role("button", name="Simpan kunjungan").click()
    expect(page.get_by_text(f"Kunjungan ke {kop.name} disimpan.")).to_be_visible()
    visit = Visit.objects.get(cycle=plan_cycle)
    assert [line.indicator.name for line in visit.indicators.all()] == ["Persentase koperasi sehat"]
    assert set(visit.team.values_list("official_id", flat=True)) == {kasubag.pk, staf.pk}
    # A card on the phone, not a cut table
    card = page.locator('[data-testid="plan-card"][data-unit="BID-KOP"]')
    expect(card).to_be_visible()
    expect(card).to_contain_text("1 indikator")
    expect(page.get_by_test_id("plan")).to_be_hidden()
    _no_sideways_scroll(page)
    shoot("plan-phone-3-cards")
    # Deleting asks first
    card.get_by_role("link", name="Ubah").click()
    page.get_by_test_id("visit-delete").click()
    expect(page.get_by_test_id("visit-delete-confirm")).to_contain_text(kop.name)
    assert Visit.objects.filter(pk=visit.pk).exists()
    _no_sideways_scroll(page)
    shoot("plan-phone-4-confirm-delete")
    page.set_viewport_size(DESKTOP)
    shoot("plan-desktop-confirm-delete")
    page.set_viewport_size(PHONE)
    page.get_by_role("link", name="Batal").click()
    expect(page.get_by_test_id("plan-unit")).to_have_text(kop.name)
    assert Visit.objects.filter(pk=visit.pk).exists()
    page.get_by_test_id("visit-delete").click()
    page.get_by_test_id("confirm-delete").click()
    expect(page.get_by_test_id("plan-cards")).to_contain_text("Belum ada kunjungan direncanakan.")
    expect(page.get_by_text("Kunjungan dihapus.")).to_be_visible()
    assert not Visit.objects.filter(pk=visit.pk).exists()
    # At a desktop: the table and the same form
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/kunjungan/siklus/{plan_cycle.pk}/rencana/?bidang={kop.pk}")
    expect(page.get_by_test_id("plan")).to_be_visible()
    expect(page.get_by_test_id("plan-cards")).to_be_hidden()
    shoot("plan-desktop-form")
