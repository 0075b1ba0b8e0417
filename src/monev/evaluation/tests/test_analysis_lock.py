"""Analysis notes (SOP step 7) are read-only once the analysis is done, and a save never
blanks a note by omission (issue #10 item 7)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from monev.evaluation.models import AnalysisNote
from monev.evaluation.selectors import analysis_closed
from monev.evaluation.services import analysis_note_save
from monev.sop.choices import StepKey
from monev.sop.models import StepRun

pytestmark = pytest.mark.django_db

FULL = {
    "drivers": "Pendampingan rutin",
    "obstacles": "RAT terlambat",
    "next_quarter": "Percepatan RAT",
    "next_renja": "Target realistis",
}


def _url(cycle: Any) -> str:
    return f"/hasil/siklus/{cycle.pk}/analisis/"


def _start_step(cycle: Any, key: str, status: str = "berjalan", round: int = 1) -> StepRun:
    """Record that the cycle reached the step with `key` (the engine's run, made directly)."""
    step = cycle.definition.steps.get(key=key)
    now = timezone.now()
    return StepRun.objects.create(
        cycle=cycle,
        step=step,
        number=step.number,
        round=round,
        status=status,
        started_at=now,
        due_at=now,
    )


def _close_analysis(cycle: Any) -> None:
    cycle.runs.filter(status="berjalan").update(status="selesai")
    _start_step(cycle, StepKey.ANALISIS, status="selesai")
    _start_step(cycle, StepKey.DRAFT_LAPORAN)


def test_a_save_that_omits_fields_keeps_their_text(sop_cycle: Any, personas: Any) -> None:
    analysis_note_save(actor=personas["kasubag"], cycle=sop_cycle, unit=None, values=FULL)
    client = Client()
    client.force_login(personas["kasubag"])
    response = client.post(_url(sop_cycle), {"unit": "", "dinas-drivers": "Penyuluh aktif"})
    assert response.status_code == 302
    note = AnalysisNote.objects.get(cycle=sop_cycle, unit__isnull=True)
    assert note.drivers == "Penyuluh aktif"
    assert (note.obstacles, note.next_quarter, note.next_renja) == (
        "RAT terlambat",
        "Percepatan RAT",
        "Target realistis",
    )
    assert note.is_complete
    # A field sent empty on purpose is emptied: only omission keeps the text.
    client.post(_url(sop_cycle), {"unit": "", "dinas-next_renja": ""})
    note.refresh_from_db()
    assert note.next_renja == "" and note.obstacles == "RAT terlambat"


def test_notes_are_read_only_once_the_analysis_is_done(sop_cycle: Any, personas: Any) -> None:
    analysis_note_save(actor=personas["kasubag"], cycle=sop_cycle, unit=None, values=FULL)
    assert not analysis_closed(sop_cycle)
    _close_analysis(sop_cycle)
    assert analysis_closed(sop_cycle)
    with pytest.raises(ValidationError, match="catatan analisis hanya dapat dibaca"):
        analysis_note_save(
            actor=personas["kasubag"], cycle=sop_cycle, unit=None, values={"drivers": "x"}
        )
    client = Client()
    client.force_login(personas["kasubag"])
    page = client.get(_url(sop_cycle)).content.decode()
    assert 'data-testid="analysis-closed"' in page and "<textarea" not in page
    response = client.post(_url(sop_cycle), {"unit": "", "dinas-drivers": "x"}, follow=True)
    assert "catatan analisis hanya dapat dibaca" in response.content.decode()
    assert AnalysisNote.objects.get(cycle=sop_cycle, unit__isnull=True).drivers == FULL["drivers"]
    # Someone who may not write the note still gets 403, closed or not.
    kabid = Client()
    kabid.force_login(personas["kabid.koperasi"])
    assert kabid.post(_url(sop_cycle), {"unit": "", "dinas-drivers": "x"}).status_code == 403


def test_a_step_returned_to_the_analysis_opens_the_notes_again(
    sop_cycle: Any, personas: Any
) -> None:
    _close_analysis(sop_cycle)
    sop_cycle.runs.filter(status="berjalan").update(status="selesai")
    _start_step(sop_cycle, StepKey.ANALISIS, round=2)  # a later step returned it
    assert not analysis_closed(sop_cycle)
