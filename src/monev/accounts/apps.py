from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "monev.accounts"
    label = "accounts"
    verbose_name = _("Pengguna dan peran")

    def ready(self) -> None:
        from monev.accounts.navigation import register_base_items

        register_base_items()
