from django.utils.translation import gettext_lazy as _

from monev.accounts.choices import Role
from monev.core.navigation import NavItem, register


def register_items() -> None:
    register(
        NavItem("recommendations", _("Rekomendasi"), "monitoring:register", "list-check", order=40)
    )
    register(
        NavItem(
            "checklists",
            _("Templat blangko monev"),
            "monitoring:checklist_list",
            "ui-checks",
            frozenset({Role.KASUBAG_PROGRAM, Role.ADMINISTRATOR}),
            _("SOP"),
            803,
        )
    )
