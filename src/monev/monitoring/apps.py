from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monev.monitoring"
    label = "monitoring"
    verbose_name = _("Monev lapangan dan rekomendasi")

    def ready(self) -> None:
        from monev.monitoring import handlers, navigation, waiting

        handlers.register()
        navigation.register_items()
        waiting.register()
