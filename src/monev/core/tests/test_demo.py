"""The demo loader: idempotent, refuses production unless forced."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from monev.accounts.models import User
from monev.organization.models import Agency

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_and_prints_one_login_per_role(loaded_demo: str) -> None:
    text = loaded_demo  # what `load_demo` printed on an empty database
    for username in [
        "admin",
        "kadis",
        "sekretaris",
        "kasubag",
        "kabid.koperasi",
        "operator.koperasi",
        "kabid.naker",
        "pemeriksa",
        "bappeda",
    ]:
        assert username in text
        assert User.objects.get(username=username).check_password("monev-demo")
    assert "monev-demo" in text
    count = User.objects.count()
    again = StringIO()
    call_command("load_demo", stdout=again)
    assert "sudah ada" in again.getvalue()
    assert User.objects.count() == count
    # DKUKMTK, the two smaller agencies of the kabupaten demo and the Bappeda.
    assert set(Agency.objects.values_list("short_name", flat=True)) == {
        "DKUKMTK", "DISHUB", "DISPUSIP", "BAPPEDA",
    }  # fmt: skip


def test_the_demo_refuses_to_load_with_debug_off(settings: object) -> None:
    settings.DEBUG = False  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="DEBUG mati"):
        call_command("load_demo", stdout=StringIO())
    assert not Agency.objects.exists()


def test_with_force_the_demo_command_runs_with_debug_off(loaded_demo: str, settings: Any) -> None:
    """--force passes the DEBUG guard and runs the loading, which (the demo being there, as
    `loaded_demo` loaded it through the same command) changes nothing and says so: a second
    full load only to show the guard open cost ~7 s a database."""
    settings.DEBUG = False
    count = User.objects.count()
    with pytest.raises(CommandError, match="DEBUG mati"):
        call_command("load_demo", stdout=StringIO())
    out = StringIO()
    call_command("load_demo", force=True, stdout=out)
    assert "sudah ada" in out.getvalue() and "operator.koperasi" in out.getvalue()
    assert User.objects.count() == count


def test_the_demo_holds_a_real_renja_and_three_quarters_of_data(loaded_demo: str) -> None:
    import re

    from monev.collection.models import Evidence, Submission
    from monev.planning.models import Budget, Indicator, PlanNode, Target
    from monev.sop.models import Cycle

    dkukmtk = {"period__agency__short_name": "DKUKMTK"}
    indicators = Indicator.objects.filter(**dkukmtk)
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
    for node in PlanNode.objects.filter(level="sub_kegiatan"):  # every agency's
        assert re.fullmatch(r"\d\.\d{2}\.\d{2}\.2\.\d{2}\.\d{4}", node.code)
        assert node.code.startswith(node.parent.code)
        budget = Budget.objects.get(node=node, year=2026)
        assert sum(budget.cash_plan) == budget.pagu  # type: ignore[arg-type]
    assert Target.objects.filter(year=2026, quarter__isnull=False).exists()
    cycles = Cycle.objects.filter(agency__short_name="DKUKMTK", quarter__isnull=False).order_by(
        "quarter"
    )
    assert list(cycles.values_list("quarter", "status")) == [
        (1, "selesai"),
        (2, "selesai"),
        (3, "berjalan"),
    ]
    annual = Cycle.objects.filter(agency__short_name="DKUKMTK", quarter__isnull=True)
    assert sorted(annual.values_list("year", "status")) == [(2025, "selesai"), (2026, "berjalan")]
    units = {"BID-KOP", "BID-UKM", "BID-NAKER", "UPTD-BLK", "SUBBAG-PROG"}
    for quarter in (1, 2, 3):
        submissions = Submission.objects.filter(
            cycle__quarter=quarter, cycle__agency__short_name="DKUKMTK"
        )
        assert units <= set(submissions.values_list("unit__code", flat=True))
        assert set(submissions.values_list("status", flat=True)) == {"diterima"}
    assert Evidence.objects.exists()
    from monev.core.models import AuditEntry

    returned = AuditEntry.objects.filter(action="transition", changes__status__1="dikembalikan")
    assert returned.exists()


def test_the_demo_is_a_kabupaten_the_bappeda_compares(loaded_demo: str) -> None:
    """Two smaller agencies with a real Triwulan III beside DKUKMTK, ranked for the Bappeda."""
    from monev.core.access import scope_of
    from monev.evaluation import consolidated
    from monev.sop.models import Cycle

    bappeda = User.objects.get(username="bappeda")
    assert bappeda.check_password("monev-demo") and bappeda.roles == {"bappeda"}
    data = consolidated.build(scope_of(bappeda), year=2026, quarter=3)
    assert [row.agency.short_name for row in data.rows if row.rank] == sorted(
        ["DKUKMTK", "DISHUB", "DISPUSIP"],
        key=lambda name: -next(r.results.mean for r in data.rows if r.agency.short_name == name),
    )
    for row in data.rows:
        assert row.results.mean is not None and row.results.absorption is not None
        assert row.steps_done > 0 and row.sop_on_time_pct is not None
    cycle = Cycle.objects.get(agency__short_name="DISHUB", year=2026, quarter=3)
    assert cycle.runs.filter(completed_at__isnull=False).count() == 3
