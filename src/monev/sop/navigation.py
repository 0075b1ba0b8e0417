from django.utils.translation import gettext_lazy as _

from monev.accounts.choices import Role
from monev.core.navigation import NavItem, register


def register_items() -> None:
    sop = _("SOP")
    register(NavItem("cycles", _("Siklus monev"), "sop:cycle_list", "arrow-repeat", order=10))
    register(
        NavItem("sop", _("Dokumen SOP"), "sop:definition_list", "diagram-2", group=sop, order=800)
    )
    register(
        NavItem(
            "compliance", _("Kepatuhan SOP"), "sop:compliance", "stopwatch", group=sop, order=801
        )
    )
    register(
        NavItem(
            "calendar",
            _("Kalender kerja"),
            "sop:calendar",
            "calendar3",
            frozenset({Role.ADMINISTRATOR}),
            sop,
            802,
        )
    )
