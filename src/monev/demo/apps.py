from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo agency's loader and its commands (`monev demo`, `monev load_demo`)."""

    name = "monev.demo"
    label = "demo"
    verbose_name = _("Data demo")
