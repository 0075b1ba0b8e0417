from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigningConfig(AppConfig):
    name = "monev.signing"
    label = "signing"
    verbose_name = _("Tanda tangan elektronik")

    def ready(self) -> None:
        from monev.accounts.choices import Role
        from monev.core.navigation import NavItem, register

        register(
            NavItem("seal", _("Segel instansi"), "signing:seal", "shield-lock",
                    frozenset({Role.ADMINISTRATOR}), _("Organisasi"), 904)
        )  # fmt: skip
