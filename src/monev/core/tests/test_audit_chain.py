"""Audit beyond the web: commands are actors, the log is a hash chain, stored files are
checked against their SHA-256."""

from __future__ import annotations

import itertools
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from monev.core import audit_chain
from monev.core.models import AuditEntry
from monev.sop.testing import run_of

pytestmark = pytest.mark.django_db


def test_every_entry_is_chained_and_audit_verify_names_a_row_changed_by_hand(
    personas: Any,
) -> None:
    entries = list(AuditEntry.objects.order_by("id"))
    assert len(entries) > 3
    assert entries[0].prev_hash == audit_chain.GENESIS
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(entries))
    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert "intact" in out.getvalue()
    victim = entries[2]
    AuditEntry.objects.filter(pk=victim.pk).update(note="diubah langsung di basis data")
    with pytest.raises(CommandError, match=f"broken at entry {victim.pk}: content"):
        call_command("audit_verify")


def test_a_deleted_row_breaks_the_chain_at_the_next_entry(personas: Any) -> None:
    entries = list(AuditEntry.objects.order_by("id"))
    AuditEntry.objects.filter(pk=entries[1].pk).delete()
    with pytest.raises(CommandError, match=f"broken at entry {entries[2].pk}: prev_hash"):
        call_command("audit_verify")


def test_a_management_command_is_the_actor_of_its_changes(demo_org: Any) -> None:
    from django.core.management.base import BaseCommand

    from monev.core import audit

    class Command(BaseCommand):
        def handle(self, *args: Any, **options: Any) -> None:
            demo_org.short_name = "UJI"
            audit.record_update(None, demo_org, {"short_name": "lama"})

    Command.__module__ = "monev.core.management.commands.rename_agency"
    call_command(Command())
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry is not None and entry.actor_name == "system:rename_agency"
    call_command("audit_verify", stdout=StringIO())


def test_verify_files_and_downloads_catch_a_changed_evidence_file(
    sop_cycle: Any, small_plan: Any, personas: Any
) -> None:
    from monev.collection import services
    from monev.collection.models import Submission
    from monev.planning.models import Indicator
    from monev.sop import services as sop_services

    sop_services.step_complete(actor=personas["kasubag"], run=run_of(sop_cycle, 1))
    submission = Submission.objects.get(cycle=sop_cycle, unit__code="BID-KOP")
    evidence = services.evidence_attach(
        actor=personas["operator.koperasi"],
        submission=submission,
        indicator=Indicator.objects.get(code="IK.2.17.03.2.01.0004.01"),
        upload=SimpleUploadedFile("bukti.pdf", b"%PDF-1.4 daftar hadir", "application/pdf"),
    )
    out = StringIO()
    call_command("verify_files", stdout=out)
    assert "match their SHA-256" in out.getvalue()
    Path(evidence.file.path).write_bytes(b"%PDF-1.4 daftar hadir palsu")
    err = StringIO()
    with pytest.raises(CommandError, match="1 of"):
        call_command("verify_files", stderr=err)
    assert f"collection.Evidence {evidence.pk}" in err.getvalue()
    client = Client()
    client.force_login(personas["operator.koperasi"])
    response = client.get(reverse("collection:evidence_download", args=[evidence.pk]))
    assert response.status_code == 409
    assert "tidak cocok lagi dengan sidik SHA-256" in response.content.decode()


def test_verify_files_catches_a_changed_report_document(
    sop_cycle: Any, small_plan: Any, personas: Any
) -> None:
    from monev.reports import services

    report = services.report_freeze(actor=personas["kasubag"], cycle=sop_cycle)
    version = services.version_render(actor=personas["kasubag"], report=report)
    call_command("verify_files", stdout=StringIO())
    Path(version.docx.path).write_bytes(b"PK diubah")
    err = StringIO()
    with pytest.raises(CommandError, match="1 of"):
        call_command("verify_files", stderr=err)
    assert f"reports.ReportVersion {version.pk}: {version.docx.name}" in err.getvalue()
