from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnualConfig(AppConfig):
    name = "monev.annual"
    label = "annual"
    verbose_name = _("Siklus tahunan")

    def ready(self) -> None:
        from monev.annual import handlers

        handlers.register()
