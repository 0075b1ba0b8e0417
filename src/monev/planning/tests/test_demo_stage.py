"""The demo's APBD-P 2026 (issue 25 item 2): a perubahan from Triwulan III with a few
changed targets and pagu, marked on E.81 from Triwulan III and absent before."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from monev.accounts.models import User
from monev.demo import plan_stages
from monev.planning.models import PlanStage

pytestmark = pytest.mark.django_db


def test_the_demo_shows_the_apbd_p_on_e81_from_tw_iii(loaded_demo: str) -> None:
    stage = PlanStage.objects.get()
    assert (stage.kind, stage.year, stage.first_quarter) == ("perubahan", 2026, 3)
    client = Client()
    client.force_login(User.objects.get(username="kadis"))
    tw3 = client.get("/hasil/e81/", {"tahun": 2026, "triwulan": 3, "program": "semua"})
    page = tw3.content.decode()
    assert "Tahap rencana: Perubahan (mulai Triwulan III)" in page
    assert page.count('data-testid="murni-target"') == len(plan_stages.TARGETS)
    assert page.count('data-testid="murni-pagu"') == len(plan_stages.PAGU)
    assert "(murni: 150)" in page and "(murni: 420.000.000)" in page
    tw2 = client.get("/hasil/e81/", {"tahun": 2026, "triwulan": 2, "program": "semua"})
    assert "murni" not in tw2.content.decode().lower().replace("pagu murni", "")
    stages = client.get("/rencana/tahap/", {"tahun": 2026}).content.decode()
    assert stages.count('data-testid="stage-card"') == 2
    assert plan_stages.REASON in stages
    assert Decimal(plan_stages.PAGU["2.17.07.2.01.0015"]) == Decimal(360_000_000)
