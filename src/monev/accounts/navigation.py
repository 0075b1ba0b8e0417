"""What the roles (SPEC §1) may do in the base layer, granted here because the roles live in
this app: the audit log and the organisation pages, and their menu entries."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from monev.accounts.choices import Role
from monev.core import access
from monev.core.navigation import NavItem, register

#: Roles that may read the audit log (Administrator, Kepala Dinas, Pemeriksa).
AUDIT_READERS = frozenset({Role.ADMINISTRATOR, Role.KEPALA_DINAS, Role.PEMERIKSA})
#: Roles that manage the agency, its units, officials and users.
ORGANIZATION_MANAGERS = frozenset({Role.ADMINISTRATOR})
#: Roles that read every agency of the instance and its consolidated view (SPEC §14).
KABUPATEN_READERS = frozenset({Role.BAPPEDA})


def register_base_items() -> None:
    """Grant the base layer's named permissions and register its menu entries."""
    access.grant("audit.read", *AUDIT_READERS)
    access.grant("organization.manage", *ORGANIZATION_MANAGERS)
    access.grant(access.EVERY_AGENCY, *KABUPATEN_READERS)
    admin, org = ORGANIZATION_MANAGERS, _("Organisasi")
    register(NavItem("home", _("Beranda"), "home", "house", order=0))
    register(
        NavItem(
            "kabupaten",
            _("Kinerja Perangkat Daerah"),
            "evaluation:consolidated",
            "buildings",
            KABUPATEN_READERS,
            order=5,
        )
    )
    register(NavItem("agency", _("Instansi"), "organization:agency", "building", admin, org, 900))
    register(
        NavItem(
            "rule_settings", _("Pengaturan aturan"), "organization:settings", "sliders", admin,
            org, 904,
        )
    )  # fmt: skip
    register(NavItem("units", _("Unit"), "organization:unit_list", "diagram-3", admin, org, 901))
    register(
        NavItem(
            "officials", _("Pejabat"), "organization:official_list", "person-badge", admin, org, 902
        )
    )
    register(NavItem("users", _("Pengguna"), "accounts:user_list", "people", admin, org, 903))
    register(
        NavItem(
            "deliveries", _("Pengiriman notifikasi"), "notifications:delivery_list", "send",
            admin, org, 905,
        )
    )  # fmt: skip
    register(
        NavItem("audit", _("Log audit"), "core:audit_list", "journal-text", AUDIT_READERS, org, 950)
    )
