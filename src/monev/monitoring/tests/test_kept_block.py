"""The format isian's block of earlier open recommendations is kept per data token (it is
about a third of the page's cost): a follow-up reported, verified or a recommendation closed
shows on the next request — tested with committed transactions, as the pages see them."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from monev.collection.models import Submission
from monev.monitoring import followups
from monev.monitoring.models import Recommendation
from monev.monitoring.tests.test_flow import approve_plan, plan
from monev.monitoring.tests.test_followups import earlier  # noqa: F401 (fixture)


@pytest.mark.django_db(transaction=True)
def test_the_kept_block_follows_follow_ups_and_their_verification(
    plan_cycle: Any,
    personas: Any,
    earlier: Recommendation,  # noqa: F811
) -> None:
    submission = Submission.objects.get(cycle=plan_cycle, unit__code="BID-KOP")
    form_url = reverse("collection:form", args=[submission.pk])
    operator = Client()
    operator.force_login(personas["operator.koperasi"])

    def page() -> str:
        return operator.get(form_url).content.decode()

    first = page()
    assert earlier.text in first and "menunggu verifikasi" not in first
    operator.post(
        reverse("monitoring:follow_up_report", args=[earlier.pk]),
        {
            "text": "Arsip ditata per koperasi.",
            "cycle": plan_cycle.pk,
            "next": form_url,
            "evidence": SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64),
        },
    )
    reported = page()
    assert "Arsip ditata per koperasi." in reported and "menunggu verifikasi" in reported

    plan(plan_cycle, personas, "BID-KOP", 12)
    approve_plan(plan_cycle, personas)
    followups.follow_up_verify(
        actor=personas["staf.program"], follow_up=earlier.follow_ups.get(), status="sesuai",
        note="Sesuai.",
    )  # fmt: skip
    earlier.refresh_from_db()
    assert earlier.status == "sesuai"
    assert earlier.text not in page()  # closed: it leaves the form at once


@pytest.mark.django_db(transaction=True)
def test_the_kept_block_carries_each_readers_csrf_token_and_form(
    plan_cycle: Any,
    personas: Any,
    earlier: Recommendation,  # noqa: F811
) -> None:
    """The block is rendered once and kept, yet each reader's follow-up form posts with their
    own CSRF token (checked for real), and a reader who may not report gets no form."""
    import re

    submission = Submission.objects.get(cycle=plan_cycle, unit__code="BID-KOP")
    form_url = reverse("collection:form", args=[submission.pk])
    report_url = reverse("monitoring:follow_up_report", args=[earlier.pk])
    texts = {}
    for name in ("operator.koperasi", "kabid.koperasi"):
        client = Client(enforce_csrf_checks=True)
        client.force_login(personas[name])
        html = client.get(form_url).content.decode()
        block = html[html.index('data-testid="open-recommendations"') :]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', block)
        assert token is not None and "\x00" not in token.group(1)
        texts[name] = f"Tindak lanjut oleh {name}"
        answer = client.post(
            report_url,
            {
                "csrfmiddlewaretoken": token.group(1),
                "text": texts[name],
                "cycle": plan_cycle.pk,
                "next": form_url,
            },
        )
        assert answer.status_code == 302, answer.status_code  # not 403: the token is theirs
        # this quarter's one follow-up, reported again by the second reader
        assert earlier.follow_ups.get(cycle=plan_cycle).text == texts[name]

    kasubag = Client()
    kasubag.force_login(personas["kasubag"])
    html = kasubag.get(form_url).content.decode()
    assert earlier.text in html
    assert report_url not in html  # the Kasubag Program reads it, reports nothing
