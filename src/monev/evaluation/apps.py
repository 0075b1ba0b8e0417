from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "monev.evaluation"
    label = "evaluation"
    verbose_name = _("Olah data dan analisis")

    def ready(self) -> None:
        from monev.core import inbox
        from monev.core.navigation import NavItem, register
        from monev.evaluation import freshness, handlers, store

        handlers.register()
        freshness.connect()
        inbox.keep_with(store.memo_for_user)
        register(NavItem("dashboard", _("Analisis"), "evaluation:dashboard", "bar-chart", order=30))
