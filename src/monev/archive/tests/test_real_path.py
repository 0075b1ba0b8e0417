"""The archive at the end of the real path: a report taken from step 8 through discussion,
revision, verification, the final document and ratification by the services of steps 9–12,
then sealed — the report reaches `diarsipkan` through the report's own transition table and
the step is audited there (the other archive tests start from a report placed at
`disahkan` to keep them fast)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from monev.archive import services
from monev.core.models import AuditEntry
from monev.reports import services as report_services
from monev.reports.tests.conftest import place_at

pytestmark = pytest.mark.django_db


def test_a_report_ratified_through_steps_9_to_12_is_archived_by_its_transition(
    small_plan: Any, sop_cycle: Any, personas: Any
) -> None:
    kasubag, sekretaris, kadis = personas["kasubag"], personas["sekretaris"], personas["kadis"]
    place_at(sop_cycle, 8)
    report = report_services.report_freeze(actor=kasubag, cycle=sop_cycle)
    report_services.version_render(actor=kasubag, report=report)
    place_at(sop_cycle, 9)
    report.refresh_from_db()
    report_services.discussion_open(actor=kasubag, report=report)
    report_services.discussion_close(actor=kasubag, report=report)
    report_services.section_save(actor=kasubag, report=report, key="saran", text="Saran baru.")
    report_services.version_render(actor=kasubag, report=report)
    report_services.revision_submit(actor=kasubag, report=report)
    report_services.verify(actor=sekretaris, report=report)
    report_services.final_set(
        actor=kasubag, report=report, sequence=17,
        number_date=timezone.localdate() + timedelta(days=1), mode="definitif",
        jabatan="Kepala Dinas", name="H. AHMAD RIDUAN, S.Sos., M.M.",
        pangkat="Pembina Tingkat I (IV/b)", nip="197205141998031006",
    )  # fmt: skip
    report.refresh_from_db()
    report_services.version_render(actor=kasubag, report=report)
    report_services.final_submit(actor=kasubag, report=report)
    report_services.ratify(actor=kadis, report=report)
    report.refresh_from_db()
    assert report.status == "disahkan" and report.final_version is not None

    # Only the Kasubag Program seals it; the refused attempt changes nothing.
    with pytest.raises(PermissionDenied):
        services.archive_report(actor=kadis, report=report)
    report.refresh_from_db()
    assert report.status == "disahkan"

    entry = services.archive_report(actor=kasubag, report=report)
    report.refresh_from_db()
    assert report.status == "diarsipkan"
    assert entry.version == report.final_version and entry.number == report.number
    transitions = [
        e for e in AuditEntry.objects.filter(object_id=str(report.pk), action="transition")
        if e.changes.get("action", [None, None])[1] == "arsipkan"
    ]  # fmt: skip
    assert len(transitions) == 1
    assert transitions[0].changes["status"] == ["disahkan", "diarsipkan"]
    assert transitions[0].actor_id == kasubag.pk
