from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SopConfig(AppConfig):
    name = "monev.sop"
    label = "sop"
    verbose_name = _("SOP dan siklus monev")

    def ready(self) -> None:
        from monev.core.audit_display import register_value_labels
        from monev.sop import inbox, navigation
        from monev.sop.choices import TransitionAction

        navigation.register_items()
        inbox.register()
        # a cycle's transitions audit `action` (no field of Cycle): named, not "complete"
        register_value_labels("sop.cycle", "action", TransitionAction.choices)
