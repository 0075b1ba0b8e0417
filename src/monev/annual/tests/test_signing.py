"""The Kepala Dinas signs the latest version of their Perjanjian Kinerja (SPEC §16 step 1):
with the agency seal here (BSrE is the same `monev.signing` call, tested there); step 1 waits
for the signature; the PDF download is the signed file from then on."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from monev.annual import handlers, selectors, services, signing
from monev.annual.tests.test_pk import perubahan

NOW = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pk(personas: dict[str, Any], small_plan: Any) -> Any:
    kasubag = personas["kasubag"]
    return services.pk_create(actor=kasubag, agency=kasubag.agency, year=2026, now=NOW)[0]


def test_the_kepala_dinas_signs_the_pk_with_the_seal_and_step_one_may_end(
    client: Any, personas: dict[str, Any], pk: Any, seal: Any, annual_cycle: Any
) -> None:
    run = annual_cycle.runs.get(number=1)
    assert handlers.blockers(run) == [
        "Perjanjian Kinerja 2026 versi 1 belum ditandatangani Kepala Dinas."
    ]
    client.force_login(personas["kadis"])
    page = client.get(reverse("annual:pk", args=[2026])).content.decode()
    assert 'data-testid="pk-sign"' in page
    response = client.post(reverse("annual:pk_sign", args=[pk.pk]), {"segel": "1"})
    assert response.status_code == 302
    row = selectors.signature_of(pk)
    assert row is not None and row.provider == "segel" and row.role == "kepala_dinas"
    assert handlers.blockers(run) == []
    download = client.get(reverse("annual:pk_download", args=[pk.pk, "pdf"]))
    data = b"".join(download.streaming_content)
    assert "-ttd.pdf" in download["Content-Disposition"] and b"/ByteRange" in data
    page = client.get(reverse("annual:pk", args=[2026])).content.decode()
    assert 'data-testid="pk-signed"' in page and 'data-testid="pk-sign"' not in page
    with pytest.raises(ValidationError):
        signing.pk_sign(actor=personas["kadis"], version=pk, use_seal=True)


def test_only_the_kepala_dinas_signs_and_only_the_latest_version(
    personas: dict[str, Any], small_plan: Any, pk: Any, seal: Any
) -> None:
    with pytest.raises(PermissionDenied):
        signing.pk_sign(actor=personas["kasubag"], version=pk, use_seal=True)
    perubahan(personas, small_plan)
    kasubag = personas["kasubag"]
    services.pk_create(actor=kasubag, agency=kasubag.agency, year=2026, now=NOW)
    with pytest.raises(ValidationError):
        signing.pk_sign(actor=personas["kadis"], version=pk, use_seal=True)


def test_without_a_seal_or_bsre_the_reason_is_given(personas: dict[str, Any], pk: Any) -> None:
    with pytest.raises(ValidationError, match="segel elektronik"):
        signing.pk_sign(actor=personas["kadis"], version=pk, use_seal=True)
