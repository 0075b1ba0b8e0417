from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SopConfig(AppConfig):
    name = "monev.sop"
    label = "sop"
    verbose_name = _("SOP dan siklus monev")

    def ready(self) -> None:
        from monev.sop import inbox, navigation

        navigation.register_items()
        inbox.register()
