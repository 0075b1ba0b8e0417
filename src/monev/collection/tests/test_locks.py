"""Locks that hold (issue #10 item 7): no reminder for an accepted form or a finished cycle;
the same file uploaded twice on one indicator is one evidence row."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from monev.collection import services
from monev.collection.models import Evidence, Submission
from monev.planning.models import Indicator
from monev.sop import services as sop_services
from monev.sop.models import Notification
from monev.sop.testing import run_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission(sop_cycle: Any, small_plan: Any, personas: Any) -> Submission:
    """Bidang Koperasi's form of Triwulan III 2026 (step 1 done)."""
    sop_services.step_complete(actor=personas["kasubag"], run=run_of(sop_cycle, 1))
    return Submission.objects.get(cycle=sop_cycle, unit__code="BID-KOP")


def _reminders() -> int:
    return Notification.objects.filter(title__startswith="Pengingat").count()


def test_no_reminder_for_an_accepted_form(submission: Submission, personas: Any) -> None:
    Submission.objects.filter(pk=submission.pk).update(status="diterima")
    submission.refresh_from_db()
    with pytest.raises(ValidationError, match="sudah diterima"):
        services.remind_bidang(actor=personas["kasubag"], submission=submission)
    client = Client()
    client.force_login(personas["kasubag"])
    response = client.post(reverse("collection:remind", args=[submission.pk]), follow=True)
    assert "sudah diterima; pengingat tidak dikirim" in response.content.decode()
    assert _reminders() == 0


def test_no_reminder_in_a_finished_cycle(submission: Submission, personas: Any) -> None:
    type(submission.cycle).objects.filter(pk=submission.cycle_id).update(status="selesai")
    submission.refresh_from_db()
    with pytest.raises(ValidationError, match="Siklus ini sudah selesai"):
        services.remind_bidang(actor=personas["kasubag"], submission=submission)
    assert _reminders() == 0


def test_a_draft_form_is_still_reminded(submission: Submission, personas: Any) -> None:
    assert services.remind_bidang(actor=personas["kasubag"], submission=submission) == 2
    assert _reminders() == 2


def test_the_same_file_twice_on_one_indicator_is_one_evidence_row(
    submission: Submission, personas: Any
) -> None:
    indicator = Indicator.objects.get(code="IK.S1.1.01")
    other = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")

    def attach(name: str, on: Indicator) -> Evidence:
        upload = SimpleUploadedFile(name, b"%PDF-1.4 berita acara", "application/pdf")
        return services.evidence_attach(
            actor=personas["operator.koperasi"], submission=submission, indicator=on, upload=upload
        )

    first = attach("berita-acara.pdf", indicator)
    again = attach("berita-acara (1).pdf", indicator)
    assert again.pk == first.pk
    assert Evidence.objects.filter(realization__indicator=indicator).count() == 1
    elsewhere = attach("berita-acara.pdf", other)  # another indicator keeps its own row
    assert elsewhere.pk != first.pk
    assert Evidence.objects.count() == 2
