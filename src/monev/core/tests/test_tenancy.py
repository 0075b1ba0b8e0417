"""Each model declares its path to its agency once (monev.core.tenancy, decision 0018); the
scope filter, the data token's invalidation and the audit log's agency all read it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monev.core import freshness, tenancy
from monev.core.access import Scope
from monev.core.tenancy import agency_id_of, agency_lookups


def test_every_model_of_monev_declares_its_agency_or_none() -> None:
    models = [m for m in apps.get_models() if m.__module__.startswith("monev.")]
    assert tenancy.undeclared_models(models) == []


@pytest.mark.parametrize(
    ("label", "lookups"),
    [
        ("organization.Agency", ("pk",)),
        ("sop.Cycle", ("agency_id",)),
        ("core.AuditEntry", ("agency_id",)),
        ("collection.Evidence", ("realization__indicator__period__agency_id",)),
        ("accounts.RoleAssignment", ("user__agency_id",)),
        (
            "collection.Correction",
            (
                "realization__indicator__period__agency_id",
                "budget_realization__node__period__agency_id",
            ),
        ),
        ("reports.Comment", ("thread__report__cycle__agency_id",)),
    ],
)
def test_the_full_path_is_the_chain_of_the_declared_hops(
    label: str, lookups: tuple[str, ...]
) -> None:
    assert agency_lookups(apps.get_model(label)) == lookups


def test_a_watched_name_that_is_no_model_is_an_error_not_skipped() -> None:
    with pytest.raises(LookupError):
        freshness.connect((("planning", "BudgetPlan"),))


def test_a_watched_model_without_a_declared_agency_is_an_error() -> None:
    with pytest.raises(ImproperlyConfigured):
        freshness.connect((("core", "RateLimitCounter"),))


def test_every_watched_model_exists_and_declares_its_agency() -> None:
    for app_label, name in freshness.WATCHED:
        assert tenancy.is_declared(apps.get_model(app_label, name)), (app_label, name)


def test_an_undeclared_model_cannot_be_scope_filtered() -> None:
    from monev.core.models import RateLimitCounter

    with pytest.raises(ImproperlyConfigured, match="declares no path"):
        Scope(agency_id=1).filter(RateLimitCounter.objects)


def _rows() -> tuple[Any, Any, Any]:
    """The small plan's period, a realisation of its first indicator, a budget realisation."""
    from monev.collection.models import BudgetRealization, Realization
    from monev.planning.models import Indicator, PlanNode, RenstraPeriod

    period = RenstraPeriod.objects.get(name="Renstra 2025–2029")
    indicator = Indicator.objects.filter(period=period).first()
    node = PlanNode.objects.filter(period=period).first()
    realization = Realization.objects.create(
        indicator=indicator, year=2026, quarter=1, value=Decimal(1)
    )
    budget = BudgetRealization.objects.create(node=node, year=2026, quarter=1, amount=Decimal(5))
    return period, realization, budget


@pytest.mark.django_db
def test_a_row_s_agency_follows_its_declared_path_with_one_remembered_query(
    small_plan: Any,
) -> None:
    from monev.collection.models import Realization

    period, realization, _budget = _rows()
    fresh = Realization.objects.get(pk=realization.pk)  # nothing related loaded
    tenancy.forget_agencies()
    with CaptureQueriesContext(connection) as first:
        assert agency_id_of(fresh) == period.agency_id
    with CaptureQueriesContext(connection) as again:
        assert agency_id_of(fresh) == period.agency_id
    assert (len(first), len(again)) == (1, 0)
    loaded = Realization.objects.select_related("indicator__period").get(pk=realization.pk)
    tenancy.forget_agencies()
    with CaptureQueriesContext(connection) as none:
        assert agency_id_of(loaded) == period.agency_id
    assert len(none) == 0


@pytest.mark.django_db
def test_the_scope_filter_reads_the_declaration_and_its_alternatives(
    small_plan: Any, personas: dict[str, Any]
) -> None:
    from django.utils import timezone

    from monev.collection.models import Correction

    period, realization, budget = _rows()
    now = timezone.now()
    on_value = Correction.objects.create(
        realization=realization, before={}, after={}, reason="salah ketik", corrected_at=now
    )
    on_budget = Correction.objects.create(
        budget_realization=budget, before={}, after={}, reason="salah ketik", corrected_at=now
    )
    own = Scope(agency_id=period.agency_id)
    other = Scope(agency_id=personas["stranger"].agency_id)
    assert set(own.filter(Correction.objects)) == {on_value, on_budget}
    assert list(other.filter(Correction.objects)) == []
    assert agency_id_of(on_budget) == period.agency_id
    assert own.owns(on_value) and not other.owns(on_value)


@pytest.mark.django_db
def test_the_audit_log_files_a_change_under_the_row_s_agency_not_the_actor_s(
    small_plan: Any, personas: dict[str, Any]
) -> None:
    from monev.core import audit
    from monev.core.models import AuditEntry

    period, realization, _budget = _rows()
    stranger = personas["stranger"]  # e.g. a support administrator of another agency
    entry = audit.record_create(stranger, realization)
    assert entry is not None
    assert AuditEntry.objects.get(pk=entry.pk).agency_id == period.agency_id != stranger.agency_id


def test_the_signed_in_user_behind_its_lazy_proxy_has_its_agency() -> None:
    from django.utils.functional import SimpleLazyObject

    from monev.accounts.models import User

    assert agency_id_of(SimpleLazyObject(lambda: User(agency_id=5))) == 5
