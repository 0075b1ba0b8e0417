"""Nothing typed or chosen in the format isian is lost (issue #23, decision 0013): a save
refused for one bad number still attaches the evidence chosen in a card and shows the typed
values again; "Ajukan" saves unsaved edits first (naming them) or, when they are refused,
submits nothing; a file sent as soon as it is chosen is answered in JSON."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from monev.collection.models import Evidence, Realization, Submission
from monev.planning.models import Indicator
from monev.sop import services as sop_services
from monev.sop.testing import run_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 daftar hadir pemeriksaan koperasi"
OUTPUT = "IK.2.17.03.2.01.0004.01"
IKU = "IK.S1.1.01"


@pytest.fixture
def submission(sop_cycle: Any, small_plan: Any, personas: Any) -> Submission:
    sop_services.step_complete(actor=personas["kasubag"], run=run_of(sop_cycle, 1))
    return Submission.objects.get(cycle=sop_cycle, unit__code="BID-KOP")


@pytest.fixture
def operator(personas: Any) -> Client:
    client = Client()
    client.force_login(personas["operator.koperasi"])
    return client


def _fields(submission: Submission, **values: str) -> dict[str, Any]:
    output = Indicator.objects.get(code=OUTPUT)
    iku = Indicator.objects.get(code=IKU)
    data: dict[str, Any] = {"version": submission.version, f"v_{output.pk}": "", f"v_{iku.pk}": ""}
    for key, value in values.items():
        name, code = key.split("__")
        pk = Indicator.objects.get(code={"output": OUTPUT, "iku": IKU}[code]).pk
        data[f"{name}_{pk}"] = value
    return data


def test_a_refused_save_keeps_the_typed_values_and_attaches_the_chosen_file(
    submission: Submission, operator: Client
) -> None:
    output = Indicator.objects.get(code=OUTPUT)
    data = _fields(submission, v__output="12", v__iku="6l,5", n__output="Dua koperasi baru")
    data[f"e_{output.pk}"] = SimpleUploadedFile("daftar-hadir.pdf", PDF, "application/pdf")
    response = operator.post(reverse("collection:form", args=[submission.pk]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "«6l,5» bukan angka" in page
    assert 'value="6l,5"' in page and 'value="12"' in page and "Dua koperasi baru" in page
    # The file is not lost: attached, listed in its card, and said so.
    evidence = Evidence.objects.get(realization__indicator=output)
    assert evidence.original_name == "daftar-hadir.pdf"
    assert "daftar-hadir.pdf" in page and "sudah dilampirkan" in page
    assert 'data-unsaved="1"' in page  # the script names the screen's values as unsaved
    # The values themselves are not saved.
    assert not Realization.objects.filter(indicator=output, value__isnull=False).exists()


def test_submit_saves_unsaved_edits_first_and_names_them(
    submission: Submission, operator: Client
) -> None:
    output = Indicator.objects.get(code=OUTPUT)
    operator.post(
        reverse("collection:form", args=[submission.pk]),
        _fields(submission, v__output="12", v__iku="61,5"),
    )
    submission.refresh_from_db()
    edited = _fields(submission, v__output="12", v__iku="61,5", n__output="Ditambah UPTD")
    edited["problems"] = "Dua koperasi tutup."
    response = operator.post(
        reverse("collection:submit", args=[submission.pk]), edited, follow=True
    )
    page = response.content.decode()
    submission.refresh_from_db()
    assert submission.status == "diajukan"
    assert submission.problems == "Dua koperasi tutup."
    assert Realization.objects.get(indicator=output, quarter=3).note == "Ditambah UPTD"
    assert "ikut disimpan sebelum diajukan" in page
    assert f"Catatan {OUTPUT}" in page and "Kendala/permasalahan" in page


def test_submit_with_a_bad_number_submits_nothing_and_keeps_the_input(
    submission: Submission, operator: Client
) -> None:
    data = _fields(submission, v__output="12", v__iku="enam puluh")
    data["problems"] = "Catatan yang belum disimpan"
    response = operator.post(reverse("collection:submit", args=[submission.pk]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Belum diajukan:" in page and "«enam puluh» bukan angka" in page
    assert "Catatan yang belum disimpan" in page
    submission.refresh_from_db()
    assert submission.status == "draft" and submission.problems == ""


def test_a_file_sent_when_chosen_is_answered_in_json(
    submission: Submission, operator: Client
) -> None:
    output = Indicator.objects.get(code=OUTPUT)
    url = reverse("collection:evidence_upload", args=[submission.pk])
    answer = operator.post(
        url,
        {"indicator": output.pk, "file": SimpleUploadedFile("foto.pdf", PDF, "application/pdf")},
        headers={"X-Requested-With": "fetch"},
    )
    assert answer.status_code == 200 and answer.json()["ok"] is True
    assert answer.json()["name"] == "foto.pdf"
    refused = operator.post(
        url,
        {
            "indicator": output.pk,
            "file": SimpleUploadedFile("x.pdf", b"\x7fELF", "application/pdf"),
        },
        headers={"X-Requested-With": "fetch"},
    )
    assert refused.status_code == 400 and refused.json()["ok"] is False
    assert refused.json()["message"]
