"""The agency's rule settings (RULES "(setting)", issue 25 item 3): RULES' defaults, changed
only by the Administrator through its page, audited, and read by the results."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from monev.core.models import AuditEntry
from monev.domain.rule_settings import DEFAULTS
from monev.organization import services
from monev.organization.forms import SETTINGS_SECTIONS
from monev.organization.models import AgencySettings
from monev.organization.selectors import rule_settings

pytestmark = pytest.mark.django_db
URL = "organization:settings"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post_data(**changes: Any) -> dict[str, Any]:
    """Every field of the page at its default, with `changes`; a checkbox off is left out."""
    defaults = DEFAULTS.to_data()
    data: dict[str, Any] = {}
    for _title, names in SETTINGS_SECTIONS:
        for name in names:
            if name == "group_cap_enabled":
                value: Any = True
            elif name == "group_cap":
                value = "100"
            elif name.startswith("regional_head_"):  # not a rule: the PK's Pihak Kedua
                value = ""
            else:
                value = defaults[name]
            value = changes.get(name, value)
            if value is True:
                data[name] = "on"
            elif value is not False:
                data[name] = str(value)
    return data


def test_the_defaults_are_rules_defaults(demo_org: Any) -> None:
    assert rule_settings(demo_org.pk) == DEFAULTS
    row = AgencySettings(agency=demo_org)
    assert row.as_rules() == DEFAULTS


def test_only_the_administrator_opens_and_changes_the_settings(personas: Any) -> None:
    page = _client(personas["admin"]).get(reverse(URL))
    assert page.status_code == 200 and 'data-testid="settings-defaults"' in page.content.decode()
    assert _client(personas["kasubag"]).get(reverse(URL)).status_code == 403
    denied = _client(personas["kasubag"]).post(reverse(URL), _post_data(band_tinggi="70"))
    assert denied.status_code == 403 and not AgencySettings.objects.exists()
    with pytest.raises(PermissionDenied):
        services.settings_update(
            actor=personas["kasubag"], agency=personas["kasubag"].agency, band_tinggi=70
        )


def test_a_change_is_saved_audited_and_used_by_the_pages(personas: Any, small_plan: Any) -> None:
    admin = _client(personas["admin"])
    response = admin.post(
        reverse(URL),
        _post_data(rating_labels="baik", group_cap_enabled=False, above_cash_plan_pct="15"),
    )
    assert response.status_code == 302
    agency = personas["admin"].agency
    saved = rule_settings(agency.pk)
    assert saved.rating_labels == "baik" and saved.group_cap is None
    assert saved.above_cash_plan_pct == Decimal(15)
    entry = AuditEntry.objects.filter(object_repr__icontains="Pengaturan").latest("pk")
    assert entry.actor_name == "admin"
    # A second change is an update of the same row, audited with what changed.
    admin.post(reverse(URL), _post_data(rating_labels="permendagri", band_tinggi="70"))
    assert AgencySettings.objects.count() == 1
    update = AuditEntry.objects.filter(object_repr__icontains="Pengaturan").latest("pk")
    assert "band_tinggi" in update.changes and update.pk != entry.pk


def test_the_rating_labels_reach_the_pages(personas: Any, small_plan: Any) -> None:
    from monev.collection.models import Realization
    from monev.planning.models import Indicator

    Realization.objects.create(
        indicator=Indicator.objects.get(code="IK.S1.1.01"), year=2026, quarter=3, value=70
    )
    kadis = _client(personas["kadis"])
    url = reverse("evaluation:e81") + "?tahun=2026&triwulan=3"
    assert "Sangat Tinggi" in kadis.get(url).content.decode()
    AgencySettings.objects.create(agency=small_plan.agency, rating_labels="baik")
    page = kadis.get(url).content.decode()
    assert "Sangat Baik" in page and "Sangat Tinggi" not in page


def test_bands_must_fall(personas: Any) -> None:
    response = _client(personas["admin"]).post(reverse(URL), _post_data(band_tinggi="95"))
    assert response.status_code == 400 and not AgencySettings.objects.exists()
    assert "menurun" in response.content.decode()


def test_the_administrator_sets_the_kepala_daerah_printed_on_the_pk(personas: Any) -> None:
    """The Bupati's name and title (Pihak Kedua of the Kepala Dinas' PK) are settings of the
    agency; an empty title reads from the government's name."""
    from monev.annual.builder import regional_head

    admin = personas["admin"]
    agency = admin.agency
    assert regional_head(agency).name == ""
    response = _client(admin).post(reverse(URL), _post_data(regional_head_name="H. Contoh, S.H."))
    assert response.status_code == 302
    head = regional_head(agency)
    assert head.name == "H. Contoh, S.H." and head.position.startswith(("Bupati", "Wali"))
