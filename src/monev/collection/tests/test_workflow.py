"""Quarterly collection: forms per Bidang, saving, submitting, returning, accepting, the lock."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monev.accounts.models import User
from monev.collection import services
from monev.collection.models import Correction, Realization, Submission
from monev.planning.models import Indicator
from monev.sop import services as sop_services
from monev.sop.testing import run_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(sop_cycle: Any, small_plan: Any, personas: Any) -> Any:
    """Triwulan III 2026 with step 1 done: Bidang Koperasi has its format isian."""
    first = run_of(sop_cycle, 1)
    sop_services.step_complete(actor=personas["kasubag"], run=first)
    return sop_cycle


def koperasi(cycle: Any) -> Submission:
    return Submission.objects.get(cycle=cycle, unit__code="BID-KOP")


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(submission: Submission, **values: str) -> dict[str, str]:
    iku = Indicator.objects.get(code="IK.S1.1.01")
    output = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
    sub = output.node
    data = {
        "version": str(submission.version),
        f"v_{iku.pk}": "",
        f"v_{output.pk}": "",
        f"b_{sub.pk}": "",
        "problems": "",
        "follow_up": "",
        "drivers": "",
        "obstacles": "",
    }
    names = {"iku": f"v_{iku.pk}", "output": f"v_{output.pk}", "budget": f"b_{sub.pk}"}
    for key, value in values.items():
        data[names.get(key, key)] = value
    return data


def test_completing_step_one_gives_each_bidang_its_form(cycle: Any) -> None:
    assert list(cycle.submissions.values_list("unit__code", flat=True)) == ["BID-KOP"]
    assert koperasi(cycle).status == "draft"


def test_the_form_shows_targets_and_the_operator_saves_indonesian_numbers(
    cycle: Any, personas: Any
) -> None:
    submission = koperasi(cycle)
    client = _client(personas["operator.koperasi"])
    page = client.get(reverse("collection:form", args=[submission.pk])).content.decode()
    assert "Jumlah koperasi yang diperiksa dan diawasi" in page
    assert "Rp 62.000.000" in page
    data = _post(submission, iku="61,5", output="9", budget="Rp 15.250.000", problems="Hujan")
    response = client.post(reverse("collection:form", args=[submission.pk]), data)
    assert response.status_code == 302
    values = {r.indicator.code: r.value for r in Realization.objects.all()}
    assert values == {"IK.S1.1.01": Decimal("61.5"), "IK.2.17.03.2.01.0004.01": Decimal("9")}
    submission.refresh_from_db()
    assert submission.problems == "Hujan" and submission.version == 2
    page = client.get(reverse("collection:form", args=[submission.pk])).content.decode()
    assert "tersimpan: 61,50" in page and "Rp 15.250.000" in page


def test_a_bad_number_names_the_field_and_keeps_the_input(cycle: Any, personas: Any) -> None:
    submission = koperasi(cycle)
    client = _client(personas["operator.koperasi"])
    data = _post(submission, iku="enam puluh", output="-3", problems="catatan saya")
    response = client.post(reverse("collection:form", args=[submission.pk]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "«enam puluh» bukan angka" in page and "Nilai tidak boleh negatif." in page
    assert 'value="enam puluh"' in page and "catatan saya" in page
    assert not Realization.objects.exists()


def test_two_editors_lose_nothing_the_later_save_is_refused_with_input_kept(
    cycle: Any, personas: Any
) -> None:
    submission = koperasi(cycle)
    first, second = _client(personas["operator.koperasi"]), _client(personas["kabid.koperasi"])
    opened = _post(submission)  # both opened version 1
    first.post(
        reverse("collection:form", args=[submission.pk]), {**opened, **_post(submission, iku="60")}
    )
    response = second.post(
        reverse("collection:form", args=[submission.pk]),
        {**opened, **_post(submission, output="12")},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "sudah disimpan oleh operator.koperasi" in page
    assert 'value="12"' in page  # the second editor's input is still there
    assert Realization.objects.get().value == Decimal("60")


def test_submitting_needs_every_indicator_or_a_reason(cycle: Any, personas: Any) -> None:
    submission = koperasi(cycle)
    operator = personas["operator.koperasi"]
    iku = Indicator.objects.get(code="IK.S1.1.01")
    output = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
    services.submission_save(
        actor=operator,
        submission=submission,
        version=1,
        indicators={iku.pk: services.IndicatorInput(Decimal("61.5"))},
        budgets={},
        narratives={},
    )
    with pytest.raises(ValidationError, match="1 indikator belum diisi"):
        services.submission_submit(actor=operator, submission=koperasi(cycle))
    services.submission_save(
        actor=operator,
        submission=koperasi(cycle),
        version=2,
        indicators={output.pk: services.IndicatorInput(None, True, "Pemeriksaan ditunda")},
        budgets={},
        narratives={},
    )
    services.submission_submit(actor=operator, submission=koperasi(cycle))
    assert koperasi(cycle).status == "diajukan"


def _fill_and_submit(cycle: Any, personas: Any) -> Submission:
    operator = personas["operator.koperasi"]
    iku = Indicator.objects.get(code="IK.S1.1.01")
    output = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
    submission = koperasi(cycle)
    services.submission_save(
        actor=operator,
        submission=submission,
        version=submission.version,
        indicators={
            iku.pk: services.IndicatorInput(Decimal("61.5")),
            output.pk: services.IndicatorInput(Decimal("9")),
        },
        budgets={output.node_id: Decimal("15000000")},
        narratives={"drivers": "Dukungan"},
    )
    services.submission_submit(actor=operator, submission=koperasi(cycle))
    return koperasi(cycle)


def test_return_and_accept_and_step_two_completes(cycle: Any, personas: Any) -> None:
    kasubag = personas["kasubag"]
    submission = _fill_and_submit(cycle, personas)
    output = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
    with pytest.raises(PermissionDenied):
        services.submission_accept(actor=personas["operator.koperasi"], submission=submission)
    services.submission_return(
        actor=kasubag,
        submission=submission,
        note="Lampirkan bukti pemeriksaan",
        indicator_notes={output.pk: "Angka 9 belum sesuai daftar hadir"},
    )
    page = (
        _client(personas["operator.koperasi"])
        .get(reverse("collection:form", args=[submission.pk]))
        .content.decode()
    )
    assert "Lampirkan bukti pemeriksaan" in page and "Angka 9 belum sesuai" in page
    step2 = run_of(cycle, 2)
    with pytest.raises(ValidationError):
        sop_services.step_complete(actor=kasubag, run=step2)
    services.submission_submit(actor=personas["operator.koperasi"], submission=koperasi(cycle))
    services.submission_accept(actor=kasubag, submission=koperasi(cycle))
    sop_services.step_complete(actor=kasubag, run=step2)
    assert run_of(cycle, 3).status == "berjalan"


def test_step_two_may_complete_by_an_explicit_override_with_a_reason(
    cycle: Any, personas: Any
) -> None:
    step2 = run_of(cycle, 2)
    sop_services.step_complete(
        actor=personas["kasubag"], run=step2, override_reason="Bidang Koperasi cuti bersama"
    )
    step2.refresh_from_db()
    assert "Bidang Koperasi cuti bersama" in step2.note
    transition = cycle.transitions.get(from_step=2)
    assert "Dilanjutkan tanpa output lengkap" in transition.note


def test_once_step_three_starts_data_changes_only_by_correction(cycle: Any, personas: Any) -> None:
    submission = _fill_and_submit(cycle, personas)
    services.submission_accept(actor=personas["kasubag"], submission=submission)
    sop_services.step_complete(actor=personas["kasubag"], run=run_of(cycle, 2))
    submission = koperasi(cycle)
    services_error = pytest.raises(ValidationError, match="sudah dikunci")
    with services_error:
        services.submission_save(
            actor=personas["operator.koperasi"],
            submission=submission,
            version=submission.version,
            indicators={},
            budgets={},
            narratives={},
        )
    realization = Realization.objects.get(indicator__code="IK.2.17.03.2.01.0004.01")
    with pytest.raises(ValidationError, match="alasan"):
        services.realization_correct(
            actor=personas["kasubag"], realization=realization, value=Decimal(11), reason=" "
        )
    services.realization_correct(
        actor=personas["kasubag"],
        realization=realization,
        value=Decimal(11),
        reason="Hasil verifikasi daftar hadir",
    )
    correction = Correction.objects.get()
    assert (correction.before["value"], correction.after["value"]) == ("9.0000", "11")
    page = (
        _client(personas["kadis"])
        .get(reverse("collection:form", args=[submission.pk]))
        .content.decode()
    )
    assert "Hasil verifikasi daftar hadir" in page


def test_another_bidang_cannot_read_or_write_the_form(cycle: Any, personas: Any) -> None:
    submission = koperasi(cycle)
    outsider = _client(personas["operator.ukm"])
    assert outsider.get(reverse("collection:form", args=[submission.pk])).status_code == 404
    response = outsider.post(
        reverse("collection:form", args=[submission.pk]), _post(submission, iku="1")
    )
    assert response.status_code == 404
    assert not Realization.objects.exists()
    board = outsider.get(reverse("collection:board", args=[cycle.pk])).content.decode()
    assert "Bidang Koperasi" not in board


def test_the_form_runs_a_constant_number_of_queries(cycle: Any, personas: Any) -> None:
    submission = koperasi(cycle)
    client = _client(personas["operator.koperasi"])
    url = reverse("collection:form", args=[submission.pk])
    iku = Indicator.objects.get(code="IK.S1.1.01")
    Realization.objects.create(indicator=iku, year=2026, quarter=3, value=Decimal(60))
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    kop = submission.unit
    node = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01").node
    for n in range(100):
        indicator = Indicator.objects.create(
            period=node.period,
            node=node,
            code=f"IK.N.{n}",
            name=f"Indikator {n}",
            unit_of_measure="orang",
            responsible_unit=kop,
        )
        Realization.objects.create(indicator=indicator, year=2026, quarter=2, value=n)
        Realization.objects.create(indicator=indicator, year=2026, quarter=3, value=n)
    with CaptureQueriesContext(connection) as large:
        page = client.get(url).content.decode()
    assert "Indikator 99" in page
    assert len(large) == len(small)


def test_the_kasubag_reminds_a_bidang(cycle: Any, personas: Any) -> None:
    from monev.sop.models import Notification

    submission = koperasi(cycle)
    response = _client(personas["kasubag"]).post(reverse("collection:remind", args=[submission.pk]))
    assert response.status_code == 302
    assert set(
        Notification.objects.filter(title__startswith="Pengingat").values_list(
            "user__username", flat=True
        )
    ) == {"kabid.koperasi", "operator.koperasi"}


def test_step_one_without_a_plan_is_done_by_hand(sop_cycle: Any, personas: Any) -> None:
    first = run_of(sop_cycle, 1)
    with pytest.raises(ValidationError):
        sop_services.step_complete(actor=personas["kasubag"], run=first)
    sop_services.document_attach(
        actor=personas["kasubag"],
        run=first,
        upload=SimpleUploadedFile("d.pdf", b"%PDF-1.4", "application/pdf"),
    )
    sop_services.step_complete(actor=personas["kasubag"], run=first)
    assert not Submission.objects.exists()


def test_inboxes_show_the_form_to_fill_and_the_form_to_review(cycle: Any, personas: Any) -> None:
    from monev.core.inbox import items_for

    titles = [i.title for i in items_for(personas["operator.koperasi"])]
    assert "Isi format isian Bidang Koperasi" in titles
    assert not any("format isian" in i.title for i in items_for(personas["operator.ukm"]))
    _fill_and_submit(cycle, personas)
    assert not any("format isian" in i.title for i in items_for(personas["operator.koperasi"]))
    assert "Periksa laporan Bidang Koperasi" in [i.title for i in items_for(personas["kasubag"])]


def test_the_realizations_api_reads_in_scope_and_writes_only_the_own_bidang(
    cycle: Any, personas: Any
) -> None:
    from rest_framework.test import APIClient

    output = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
    client = APIClient()
    client.force_authenticate(personas["operator.koperasi"])
    body = {"indicator": output.pk, "year": 2026, "quarter": 3, "value": 7, "version": 1}
    response = client.post("/api/v1/realizations/", body, format="json")
    assert response.status_code == 201, response.content
    listed = client.get("/api/v1/realizations/", {"year": 2026, "quarter": 3}).json()
    assert listed["results"] == [
        {
            "indicator": output.pk,
            "year": 2026,
            "quarter": 3,
            "value": 7.0,
            "no_data": False,
            "no_data_reason": "",
            "note": "",
            "status": "draft",
            "version": 2,
        }
    ]
    client.force_authenticate(personas["operator.ukm"])
    assert client.get("/api/v1/realizations/").json()["count"] == 0
    assert client.post("/api/v1/realizations/", body, format="json").status_code == 404
    client.force_authenticate(personas["kasubag"])
    assert client.post("/api/v1/realizations/", body, format="json").status_code == 403
    assert client.get("/api/v1/realizations/").json()["count"] == 1
    assert Realization.objects.get().value == Decimal(7)
