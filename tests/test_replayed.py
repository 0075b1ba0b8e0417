"""`monev.testing.replayed`: a world built once per worker and database state, then written
back. The state key is the count and highest key of every table; it cannot see a row whose
contents changed beneath the same key. What keeps a replay right is that the value handed to
the test is fetched afresh from the database, never the objects the builder returned."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from monev.organization.models import Agency
from monev.testing import replayed

pytestmark = pytest.mark.django_db


def test_a_replayed_world_is_written_back_and_fetched_afresh(demo_org: Any) -> None:
    below = Agency.objects.get(short_name="DKUKMTK")  # built before: beneath the world
    builds: list[tuple[Agency, Agency]] = []

    def build() -> tuple[Agency, Agency]:
        made = Agency.objects.create(
            name="Dinas Uji", short_name="UJI", government="Kab", address="-", city="-"
        )
        builds.append((made, below))
        return made, below

    before = transaction.savepoint()
    first_made, first_below = replayed("replayed-test", build)
    transaction.savepoint_rollback(before)
    assert not Agency.objects.filter(short_name="UJI").exists()

    # The same state key over other contents: the row beneath is renamed, no count or key moves.
    Agency.objects.filter(pk=below.pk).update(name="Dinas yang berganti nama")
    made, again_below = replayed("replayed-test", build)

    assert len(builds) == 1  # written back, not built again
    assert Agency.objects.filter(short_name="UJI").count() == 1  # its row is back, once
    assert made.pk == first_made.pk and made is not first_made
    # fetched afresh: the renamed row as the database holds it, not the builder's object
    assert again_below is not first_below
    assert again_below.name == "Dinas yang berganti nama" != first_below.name
