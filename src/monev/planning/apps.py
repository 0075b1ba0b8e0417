from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "monev.planning"
    label = "planning"
    verbose_name = _("Perencanaan (Renstra/Renja)")

    def ready(self) -> None:
        from monev.planning import navigation

        navigation.register_items()
