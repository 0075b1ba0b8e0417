from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollectionConfig(AppConfig):
    name = "monev.collection"
    label = "collection"
    verbose_name = _("Pengumpulan data triwulan")

    def ready(self) -> None:
        from monev.collection import handlers, inbox

        handlers.register()
        inbox.register()
