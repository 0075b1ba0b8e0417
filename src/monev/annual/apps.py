from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnualConfig(AppConfig):
    name = "monev.annual"
    label = "annual"
    verbose_name = _("Siklus tahunan")

    def ready(self) -> None:
        from monev.annual import handlers

        handlers.register()
        from monev.accounts.choices import INSTANCE_ROLES, Role
        from monev.core.navigation import NavItem, register

        # In the SOP group beside the cycles' documents: no new top-level entry (the Kepala
        # Dinas' menu is full at 1280 px). Agency staff only (Bappeda has no agency).
        agency_roles = frozenset(r.value for r in Role) - {r.value for r in INSTANCE_ROLES}
        register(
            NavItem(
                "annual", _("Kinerja tahunan (PK, LKjIP)"), "annual:overview", "calendar-check",
                agency_roles, _("SOP"), 799,
            )
        )  # fmt: skip
