"""Scope follows the unit tree: a Kepala Bidang and an Operator Bidang act on their Bidang and
the units under it (UPTD BLK under Bidang Tenaga Kerja), nothing else."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from monev.collection import policies as collection_policies
from monev.collection import selectors
from monev.collection.models import Submission
from monev.organization.models import Unit
from monev.organization.selectors import bidang_scope, subtree_ids

pytestmark = pytest.mark.django_db


def _ids(*codes: str) -> frozenset[int]:
    return frozenset(Unit.objects.filter(code__in=codes).values_list("pk", flat=True))


def test_the_scope_of_a_bidang_user_is_its_unit_and_the_units_under_it(personas: Any) -> None:
    naker = Unit.objects.get(code="BID-NAKER")
    assert subtree_ids(naker.pk) == _ids("BID-NAKER", "UPTD-BLK")
    assert bidang_scope(personas["kabid.naker"]) == _ids("BID-NAKER", "UPTD-BLK")
    assert bidang_scope(personas["kabid.koperasi"]) == _ids("BID-KOP")
    assert bidang_scope(personas["kadis"]) is None  # agency-wide
    assert subtree_ids(None) == frozenset()


def test_a_kepala_bidang_sees_and_fills_the_form_of_a_uptd_under_it(
    sop_cycle: Any, personas: Any
) -> None:
    blk = Submission.objects.create(cycle=sop_cycle, unit=Unit.objects.get(code="UPTD-BLK"))
    kop = Submission.objects.create(cycle=sop_cycle, unit=Unit.objects.get(code="BID-KOP"))
    naker, koperasi = personas["kabid.naker"], personas["kabid.koperasi"]
    assert blk in selectors.submissions_visible_to(naker)
    assert kop not in selectors.submissions_visible_to(naker)
    assert blk not in selectors.submissions_visible_to(koperasi)
    assert collection_policies.may_fill_submission(naker, blk)
    assert not collection_policies.may_fill_submission(koperasi, blk)
    assert not collection_policies.may_fill_submission(naker, kop)
    client = Client()
    client.force_login(naker)
    assert client.get(reverse("collection:form", args=[blk.pk])).status_code == 200
    assert client.get(reverse("collection:form", args=[kop.pk])).status_code == 404
