from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "monev.core"
    label = "core"
    verbose_name = _("Inti")

    def ready(self) -> None:
        _audit_commands()
        # Django's admin (first in INSTALLED_APPS) has autodiscovered every admin module by now.
        from monev.core.admin_audit import audit_admin_site

        audit_admin_site()


def _audit_commands() -> None:
    """Make every management command (call_command, `monev …`, manage.py) the audit actor
    "system:<command>" of the changes it makes; the direct model writes of commands that are
    not monev's own (createsuperuser, changepassword, shell …) are recorded from the model
    signals (core/audit.py, `command_context`)."""
    from django.core.management.base import BaseCommand

    from monev.core.audit import command_context

    if getattr(BaseCommand.execute, "_monev_audited", False):
        return
    original = BaseCommand.execute

    def execute(self: BaseCommand, *args: Any, **options: Any) -> Any:
        module = type(self).__module__
        with command_context(module.rsplit(".", 1)[-1], module):
            return original(self, *args, **options)

    execute._monev_audited = True  # type: ignore[attr-defined]
    BaseCommand.execute = execute  # type: ignore[method-assign]
