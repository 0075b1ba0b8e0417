"""A batch of audit entries (the plan import's thousands of changes): written when the block
ends in one bulk insert, chained in order after the entries before and before the entries
after, so `audit_verify` finds the log intact; a block that raises writes none."""

from __future__ import annotations

import itertools
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from monev.core import audit, audit_chain
from monev.core.models import AuditEntry
from monev.organization.models import Unit

pytestmark = pytest.mark.django_db


def test_a_batch_is_chained_in_order_between_the_entries_around_it(personas: Any) -> None:
    units = list(Unit.objects.order_by("pk")[:3])
    before = AuditEntry.objects.count()
    with audit.batch():
        for unit in units:
            audit.record_create(personas["admin"], unit, note="batch")
        with audit.batch():  # nested: the outer block writes
            audit.record_create(personas["admin"], units[0], note="inner")
        assert AuditEntry.objects.count() == before  # nothing written yet
    audit.record_create(personas["admin"], units[1], note="after")
    entries = list(AuditEntry.objects.order_by("id"))
    assert [e.note for e in entries[before:]] == ["batch"] * 3 + ["inner", "after"]
    assert entries[0].prev_hash == audit_chain.GENESIS
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(entries))
    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert "intact" in out.getvalue()


def test_a_batch_that_raises_writes_nothing(personas: Any) -> None:
    before = AuditEntry.objects.count()
    unit = Unit.objects.first()
    assert unit is not None
    with pytest.raises(RuntimeError), audit.batch():
        audit.record_create(personas["admin"], unit, note="lost")
        raise RuntimeError("stop")
    assert AuditEntry.objects.count() == before
