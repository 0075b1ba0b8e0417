"""The audit log in Indonesian (issue #23): keys without an Indonesian verbose name get one,
an app's coded values (a cycle's transition action) their label, and moments their
Indonesian shape — never "step", "action: complete" or "2026-10-14T09:00"."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from monev.core.audit_display import humanize
from monev.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_a_cycle_transition_reads_in_indonesian(sop_cycle: Any, personas: Any) -> None:
    entries = [e for e in AuditEntry.objects.all() if "action" in (e.changes or {})]
    assert entries
    humanize(entries)
    labels = {c.label: c for e in entries for c in e.human_changes}
    assert "Langkah" in labels and "Tindakan" in labels
    assert "step" not in labels and "action" not in labels
    shown = {c.after for e in entries for c in e.human_changes if c.label == "Tindakan"}
    assert "Siklus dibuka (Mulai)" in shown
    client = Client()
    client.force_login(personas["kadis"])
    page = client.get("/audit/").content.decode()
    assert "Tindakan</span>" in page and ">complete<" not in page and ">step</span>" not in page


def test_keys_with_an_english_made_name_are_labelled_in_indonesian() -> None:
    from monev.core.audit_display import _label
    from monev.sop.models import StepDocument

    field = StepDocument._meta.get_field("size")
    assert _label(field, "size") == "Ukuran (bita)"
    assert _label(None, "decided_at") == "Diputuskan pada"


def test_stored_object_names_read_with_indonesian_numbers_and_dates() -> None:
    from django.utils import translation

    from monev.core.audit_display import in_words

    with translation.override("id"):
        assert in_words("Cakupan pengawasan 2026 TW 3: 18.6900") == (
            "Cakupan pengawasan 2026 TW 3: 18,69"
        )
        assert in_words("2026-11-16 Hasil monev") == "16 November 2026 Hasil monev"
        assert in_words("IK.2.17.03.2.01.0004.01") == "IK.2.17.03.2.01.0004.01"
