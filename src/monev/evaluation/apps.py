from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "monev.evaluation"
    label = "evaluation"
    verbose_name = _("Olah data dan analisis")

    def ready(self) -> None:
        from monev.core.navigation import NavItem, register
        from monev.evaluation import annual, handlers

        handlers.register()
        annual.register()
        register(NavItem("dashboard", _("Analisis"), "evaluation:dashboard", "bar-chart", order=30))
