from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "monev.archive"
    label = "archive"
    verbose_name = _("Arsip")

    def ready(self) -> None:
        from monev.archive import handlers
        from monev.core.navigation import NavItem, register

        handlers.register()
        register(NavItem("archive", _("Arsip"), "archive:list", "archive", order=45))
