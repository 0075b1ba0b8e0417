"""The demo loader: idempotent, refuses production unless forced."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from monev.accounts.models import User
from monev.organization.models import Agency

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_and_prints_one_login_per_role(settings: object) -> None:
    settings.DEBUG = True  # type: ignore[attr-defined]
    out = StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    for username in [
        "admin",
        "kadis",
        "sekretaris",
        "kasubag",
        "kabid.koperasi",
        "operator.koperasi",
        "kabid.naker",
        "pemeriksa",
    ]:
        assert username in text
        assert User.objects.get(username=username).check_password("monev-demo")
    assert "monev-demo" in text
    count = User.objects.count()
    again = StringIO()
    call_command("load_demo", stdout=again)
    assert "sudah ada" in again.getvalue()
    assert User.objects.count() == count
    assert Agency.objects.count() == 1


def test_the_demo_refuses_to_load_with_debug_off(settings: object) -> None:
    settings.DEBUG = False  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="DEBUG mati"):
        call_command("load_demo", stdout=StringIO())
    assert not Agency.objects.exists()
    call_command("load_demo", force=True, stdout=StringIO())
    assert Agency.objects.count() == 1


def test_the_demo_holds_a_real_renja_and_three_quarters_of_data(settings: object) -> None:
    import re

    from monev.collection.models import Evidence, Submission
    from monev.planning.models import Budget, Indicator, PlanNode, Target
    from monev.sop.models import Cycle

    settings.DEBUG = True  # type: ignore[attr-defined]
    call_command("load_demo", stdout=StringIO())
    indicators = Indicator.objects.all()
    assert 35 <= indicators.count() <= 45
    kinds = set(indicators.values_list("polarity", "aggregation", "negative_variant"))
    for kind in [
        ("positive", "cumulative", "A"),
        ("positive", "last", "A"),
        ("positive", "average", "A"),
        ("negative", "last", "A"),
        ("negative", "last", "B"),
        ("negative", "cumulative", "A"),
    ]:
        assert kind in kinds
    assert set(indicators.filter(is_iku=True).values_list("node__level", flat=True)) == {"sasaran"}
    for node in PlanNode.objects.filter(level="sub_kegiatan"):
        assert re.fullmatch(r"\d\.\d{2}\.\d{2}\.2\.\d{2}\.\d{4}", node.code)
        assert node.code.startswith(node.parent.code)
        budget = Budget.objects.get(node=node, year=2026)
        assert sum(budget.cash_plan) == budget.pagu  # type: ignore[arg-type]
    assert Target.objects.filter(year=2026, quarter__isnull=False).exists()
    assert list(Cycle.objects.order_by("quarter").values_list("quarter", "status")) == [
        (1, "selesai"),
        (2, "selesai"),
        (3, "berjalan"),
    ]
    units = {"BID-KOP", "BID-UKM", "BID-NAKER", "UPTD-BLK", "SUBBAG-PROG"}
    for quarter in (1, 2, 3):
        submissions = Submission.objects.filter(cycle__quarter=quarter)
        assert units <= set(submissions.values_list("unit__code", flat=True))
        assert set(submissions.values_list("status", flat=True)) == {"diterima"}
    assert Evidence.objects.exists()
    from monev.core.models import AuditEntry

    returned = AuditEntry.objects.filter(action="transition", changes__status__1="dikembalikan")
    assert returned.exists()
