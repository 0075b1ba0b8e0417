from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "monev.reports"
    label = "reports"
    verbose_name = _("Laporan monev")

    def ready(self) -> None:
        from monev.reports import handlers, inbox, kinds, lkjip, quarterly

        kinds.register(quarterly.KIND)
        kinds.register(lkjip.KIND)
        handlers.register()
        inbox.register()
