"""The pages issue #23 changed, in Chromium at 390 px and 1366 px (screenshots looked at):
the Kepala Bidang's and the operator's inbox with what monev waits on them for, the dashboard
with a unit that has no data, the flag board's «timpa penjelasan yang ada», the open-cycle
form offering the next quarter."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import expect

from monev.monitoring.tests.conftest import prepare_plan_cycle
from tests.browser.conftest import SIZES

pytestmark = pytest.mark.django_db(transaction=True)


def _fits(page: Any, size: str) -> None:
    if size == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_inboxes_show_the_tanggapan_and_the_recommendations(
    live_server: Any,
    page: Any,
    personas: Any,
    small_plan: Any,
    sop_cycle: Any,
    login: Any,
    shoot: Any,
) -> None:
    from django.utils import timezone

    from monev.monitoring import services
    from monev.monitoring.models import Recommendation
    from monev.monitoring.tests.test_flow import approve_plan, fill, plan

    cycle = prepare_plan_cycle(sop_cycle, small_plan, personas)
    kop, _w = plan(cycle, personas, "BID-KOP", 12)
    approve_plan(cycle, personas)
    kop.refresh_from_db()
    fill(kop, personas)
    finding = services.finding_add(
        actor=personas["kasubag"], visit=kop, text="Berkas pemeriksaan koperasi belum lengkap.",
        category="administrasi", indicator=None,
    )  # fmt: skip
    for text in ("Lengkapi berita acara pemeriksaan.", "Unggah daftar hadir.", "Perbarui SIMKOP."):
        services.recommendation_add(
            actor=personas["kasubag"],
            visit=kop,
            text=text,
            unit=kop.unit,
            due_date=date(2026, 12, 31),
            finding=finding,
        )
    services.visit_submit(actor=personas["kasubag"], visit=kop)
    late = Recommendation.objects.filter(visit=kop).order_by("pk")[:2]
    Recommendation.objects.filter(pk__in=[r.pk for r in late]).update(
        due_date=timezone.localdate() - timedelta(days=2)
    )
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        login("kabid.koperasi")
        inbox = page.get_by_test_id("inbox")
        expect(inbox).to_contain_text("Beri tanggapan atas hasil monev Bidang Koperasi")
        expect(page.get_by_test_id("unread-count")).to_be_attached()  # the bell: notified
        _fits(page, size)
        shoot(f"inbox-kabid-tanggapan-{size}")
        login("operator.koperasi")
        inbox = page.get_by_test_id("inbox")
        expect(inbox.get_by_text("Tindak lanjuti rekomendasi", exact=False)).to_have_count(3)
        expect(inbox.get_by_text("Lewat batas waktu")).to_have_count(2)
        _fits(page, size)
        shoot(f"inbox-operator-recommendations-{size}")


def test_the_dashboard_says_belum_ada_data(
    live_server: Any,
    page: Any,
    personas: Any,
    small_plan: Any,
    sop_cycle: Any,
    login: Any,
    shoot: Any,
) -> None:
    from monev.collection.models import Realization
    from monev.organization.models import Unit
    from monev.planning.models import Indicator, Target

    output = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
    for quarter, value in ((1, 8), (2, 12), (3, 9)):
        Realization.objects.create(indicator=output, year=2026, quarter=quarter, value=value)
    sek = Indicator.objects.create(
        period=output.period,
        node=output.node,
        code="IK.SEK.01",
        name="Jumlah dokumen perencanaan",
        unit_of_measure="dokumen",
        responsible_unit=Unit.objects.get(code="SEK"),
    )
    for quarter in (None, 1, 2, 3, 4):
        Target.objects.create(indicator=sek, year=2026, quarter=quarter, value=Decimal(1))
    Realization.objects.create(indicator=sek, year=2026, quarter=1, value=Decimal(5))
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        login("kadis")
        page.goto(f"{live_server.url}/hasil/dasbor/?tahun=2026&triwulan=3")
        expect(page.get_by_test_id("units-without-data")).to_contain_text(
            "1 dari 2 unit belum ada data"
        )
        expect(page.get_by_test_id("by-unit").get_by_test_id("no-data")).to_have_text(
            "belum ada data"
        )
        expect(page.get_by_test_id("agency-mean")).to_have_text("96,67 %")
        _fits(page, size)
        shoot(f"dashboard-belum-ada-data-{size}")


def test_the_flag_board_offers_to_overwrite_only_when_ticked(
    live_server: Any,
    page: Any,
    personas: Any,
    small_plan: Any,
    sop_cycle: Any,
    login: Any,
    step_done: Any,
    shoot: Any,
) -> None:
    from monev.evaluation import services as evaluation_services
    from monev.evaluation.models import FlagResolution
    from monev.evaluation.tests.test_flag_board import add_indicators

    step_done(1)
    extra = add_indicators(small_plan, 3)
    step_done(2, override_reason="uji")
    evaluation_services.flag_resolve(
        actor=personas["kasubag"],
        cycle=sop_cycle,
        indicator=extra[0],
        code="missing_value",
        note="Kontrak baru",
    )
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        login("kasubag")
        page.goto(f"{live_server.url}/hasil/siklus/{sop_cycle.pk}/olah-data/")
        for indicator in extra:
            page.locator(f"#check-flag-{indicator.pk}-missing_value").check()
        expect(page.get_by_test_id("bulk-overwrite")).not_to_be_checked()
        page.locator("#id_bulk_note").fill("Belum ada kegiatan")
        page.get_by_test_id("bulk-submit").click()
        expect(page.get_by_test_id("bulk-status")).to_contain_text("tidak ditimpa")
        _fits(page, size)
        shoot(f"flag-board-kept-{size}")
    assert FlagResolution.objects.get(indicator=extra[0]).note == "Kontrak baru"


def test_the_open_cycle_form_offers_the_next_quarter(
    live_server: Any,
    page: Any,
    personas: Any,
    sop_cycle: Any,
    login: Any,
    shoot: Any,
) -> None:
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        login("sekretaris")
        page.goto(f"{live_server.url}/monev/siklus/buka/")
        quarter = page.get_by_label("Triwulan")
        expect(quarter).not_to_have_value("3")  # Triwulan III 2026 is open already
        _fits(page, size)
        shoot(f"cycle-open-next-quarter-{size}")
