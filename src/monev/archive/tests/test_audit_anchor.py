"""Every sealed archive entry records the audit chain's head: an entry that was the head when
the report was archived cannot disappear (with the head pointer moved back over it) without
`monev audit_verify` naming it (docs/decisions/0014)."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from monev.core import audit_chain
from monev.core.models import AuditChainHead, AuditEntry

pytestmark = pytest.mark.django_db


def test_the_sealed_entry_anchors_the_chain_head_and_a_cut_tail_is_reported(
    ratified_report: Any, personas: Any
) -> None:
    from monev.archive import services

    head = audit_chain.anchor()
    entry = services.archive_report(actor=personas["kasubag"], report=ratified_report)
    entry.refresh_from_db()
    assert entry.audit_anchor == head and head["id"] is not None
    assert AuditEntry.objects.filter(pk=head["id"], hash=head["hash"]).exists()
    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert "intact" in out.getvalue() and "1 anchors" in out.getvalue()
    # The tail from the anchored entry on is cut off and the head pointer moved back: the
    # chain is consistent in itself, the archive entry still names the head it saw.
    kept = AuditEntry.objects.filter(pk__lt=head["id"]).order_by("-id").first()
    assert kept is not None
    AuditEntry.objects.filter(pk__gte=head["id"]).delete()
    AuditChainHead.objects.filter(pk=1).update(entry_id=kept.pk, hash=kept.hash)
    with pytest.raises(CommandError) as raised:
        call_command("audit_verify", stdout=StringIO(), stderr=StringIO())
    assert (
        f"broken at entry {head['id']}: missing, but recorded as the chain head in archive "
        f"{entry.code}" in str(raised.value)
    )
