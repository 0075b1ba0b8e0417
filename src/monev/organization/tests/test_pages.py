"""The Administrator's organisation pages: search, filters, bad input, audit."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from monev.core.models import AuditEntry
from monev.organization.models import Official, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(personas: dict[str, Any]) -> Client:
    client = Client()
    client.force_login(personas["admin"])
    return client


def test_the_unit_list_shows_the_tree_and_filters_by_kind(admin_client: Client) -> None:
    page = admin_client.get(reverse("organization:unit_list")).content.decode()
    assert "Subbagian Perencanaan, Evaluasi dan Pelaporan" in page
    assert page.index("Sekretariat") < page.index("Subbagian Perencanaan")
    bidang_only = admin_client.get(reverse("organization:unit_list"), {"kind": "bidang"})
    assert "Bidang Koperasi" in bidang_only.content.decode()
    assert "Subbagian Keuangan" not in bidang_only.content.decode()


def test_the_official_list_finds_an_official_by_a_grouped_nip(admin_client: Client) -> None:
    response = admin_client.get(reverse("organization:official_list"), {"q": "19930328 202203"})
    page = response.content.decode()
    assert "Dewi Rahmawati" in page
    assert "19930328 202203 2 008" in page
    assert "Drs. Khairil Anwar" not in page


def test_an_invalid_nip_is_refused_in_indonesian_and_the_input_is_kept(
    admin_client: Client,
) -> None:
    unit = Unit.objects.get(code="BID-KOP")
    data = {
        "name": "Budi Santoso, S.E.",
        "nip": "1990 13 45",
        "golongan": "III/a",
        "position": "Analis",
        "unit": unit.pk,
        "is_active": "on",
    }
    response = admin_client.post(reverse("organization:official_create"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "NIP tidak valid" in page
    assert 'value="Budi Santoso, S.E."' in page
    assert not Official.objects.filter(name="Budi Santoso, S.E.").exists()


def test_a_valid_nip_typed_with_spaces_is_stored_as_eighteen_digits(admin_client: Client) -> None:
    unit = Unit.objects.get(code="BID-KOP")
    data = {
        "name": "Budi Santoso, S.E.",
        "nip": "19900101 201503 1 001",
        "golongan": "III/a",
        "position": "Analis",
        "unit": unit.pk,
        "is_active": "on",
    }
    response = admin_client.post(reverse("organization:official_create"), data)
    assert response.status_code == 302
    official = Official.objects.get(name="Budi Santoso, S.E.")
    assert official.nip == "199001012015031001"
    entry = AuditEntry.objects.get(object_id=str(official.pk), action="create")
    assert entry.actor_name == "admin"
    assert entry.changes["nip"] == [None, "199001012015031001"]


def test_deleting_a_unit_that_still_has_officials_is_refused(admin_client: Client) -> None:
    unit = Unit.objects.get(code="BID-KOP")
    response = admin_client.post(reverse("organization:unit_delete", args=[unit.pk]), follow=True)
    page = response.content.decode()
    assert "tidak dapat dihapus karena masih memiliki 3 pejabat/pegawai" in page
    assert Unit.objects.filter(pk=unit.pk).exists()
    assert not AuditEntry.objects.filter(action="delete").exists()


def test_deleting_an_empty_unit_is_audited_with_its_last_values(admin_client: Client) -> None:
    unit = Unit.objects.create(
        agency=Unit.objects.first().agency, code="TMP", name="Unit Sementara", kind="bidang"
    )
    response = admin_client.post(reverse("organization:unit_delete", args=[unit.pk]))
    assert response.status_code == 302
    assert not Unit.objects.filter(code="TMP").exists()
    entry = AuditEntry.objects.get(action="delete", object_repr="Unit Sementara")
    assert entry.changes["code"] == ["TMP", None]


def test_a_unit_cannot_become_its_own_grandparent(admin_client: Client) -> None:
    sekretariat = Unit.objects.get(code="SEK")
    subbag = Unit.objects.get(code="SUBBAG-PROG")
    data = {
        "code": "SEK",
        "name": "Sekretariat",
        "kind": "sekretariat",
        "parent": subbag.pk,
        "order": 1,
        "is_active": "on",
    }
    response = admin_client.post(reverse("organization:unit_edit", args=[sekretariat.pk]), data)
    assert response.status_code == 400
    assert "sub-unitnya" in response.content.decode()
    sekretariat.refresh_from_db()
    assert sekretariat.parent is None


def test_editing_the_agency_records_before_and_after(admin_client: Client) -> None:
    from monev.organization.models import Agency

    agency = Agency.objects.get(short_name="DKUKMTK")
    data = {
        f: getattr(agency, f)
        for f in [
            "name",
            "short_name",
            "government",
            "address",
            "city",
            "phone",
            "email",
            "website",
            "letterhead_lines",
            "evaluator_title",
            "evaluator_name",
        ]
    }
    data["phone"] = "(0526) 999"
    response = admin_client.post(reverse("organization:agency"), data)
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="update", object_repr="DKUKMTK")
    assert entry.changes == {"phone": ["(0526) 2028 100", "(0526) 999"]}
    data["evaluator_nip"] = "1234"  # the E.81 evaluator's NIP is checked like any NIP
    refused = admin_client.post(reverse("organization:agency"), data)
    assert refused.status_code == 400 and "NIP tidak valid" in refused.content.decode()
    assert Agency.objects.get(pk=agency.pk).evaluator_nip == ""
