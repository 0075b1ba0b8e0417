from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "monev.archive"
    label = "archive"
    verbose_name = _("Arsip")

    def ready(self) -> None:
        from monev.archive import checks, handlers, services
        from monev.core.navigation import NavItem, register
        from monev.reports import sealing

        del checks  # imported for its deploy check's registration
        handlers.register()
        sealing.register(services.SEALER)
        register(NavItem("archive", _("Arsip"), "archive:list", "archive", order=45))
