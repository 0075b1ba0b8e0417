from django.utils.translation import gettext_lazy as _

from monev.core.navigation import NavItem, register


def register_items() -> None:
    register(NavItem("plan", _("Rencana kinerja"), "planning:tree", "diagram-3-fill", order=20))
