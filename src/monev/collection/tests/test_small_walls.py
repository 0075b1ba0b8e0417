"""Smaller walls: the operator's inbox item shows its deadline; notifications write dates in
Indonesian long form; the audit log speaks in field labels, Indonesian actions and names."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from monev.collection.inbox import items_for
from monev.core.models import AuditEntry
from monev.sop import services as sop_services
from monev.sop.models import Notification
from monev.sop.testing import run_of

pytestmark = pytest.mark.django_db


def test_the_operators_inbox_item_shows_its_deadline(
    sop_cycle: Any, small_plan: Any, personas: Any
) -> None:
    sop_services.step_complete(actor=personas["kasubag"], run=run_of(sop_cycle, 1))
    step2 = run_of(sop_cycle, 2)
    items = items_for(personas["operator.koperasi"])
    assert [i.title for i in items] == ["Isi format isian Bidang Koperasi"]
    assert items[0].due_at == step2.due_at
    client = Client()
    client.force_login(personas["operator.koperasi"])
    home = client.get("/").content.decode()
    assert "Batas" in home


def test_step_notifications_carry_the_indonesian_long_date(sop_cycle: Any, personas: Any) -> None:
    note = Notification.objects.filter(user=personas["kasubag"]).latest("pk")
    # step 1 of the fixture's cycle: opened Wed 7 Oct 2026 08.00 WITA
    assert "Oktober 2026" in note.body and "WITA" in note.body
    assert "-10-2026" not in note.body


def test_the_audit_log_speaks_in_labels_and_names(
    sop_cycle: Any, small_plan: Any, personas: Any
) -> None:
    from decimal import Decimal

    from monev.collection import services
    from monev.collection.models import Realization
    from monev.planning.models import Indicator

    output = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
    realization = Realization.objects.create(
        indicator=output,
        year=2026,
        quarter=3,
        value=Decimal(9),
        updated_by=personas["kabid.koperasi"],
    )
    services.realization_correct(
        actor=personas["kasubag"], realization=realization, value=Decimal(12), reason="Salah ketik"
    )
    entry = AuditEntry.objects.filter(object_id=str(realization.pk)).latest("pk")
    client = Client()
    client.force_login(personas["kadis"])
    detail = client.get(f"/audit/{entry.pk}/").content.decode()
    assert "Realisasi" in detail and "<code>value</code>" not in detail
    assert personas["kasubag"].full_name in detail  # a name, not a username only
    log = client.get("/audit/").content.decode()
    assert "Ubah" in log and personas["kasubag"].full_name in log
    assert "<code>value</code>" not in log
