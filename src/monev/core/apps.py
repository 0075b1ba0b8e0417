from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "monev.core"
    label = "core"
    verbose_name = _("Inti")

    def ready(self) -> None:
        from monev.core import freshness  # lazy: imports models (not loaded at app import)

        freshness.connect()  # every model is loaded by now: an unknown watched name raises
        _audit_commands()
        _site_error_pages_under_debug()
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


def _site_error_pages_under_debug() -> None:
    """With DEBUG on and SHOW_DEBUG_PAGES off (the demo), a 404 or an uncaught error shows the
    site's Indonesian page instead of Django's developer page: Django calls
    `django.views.debug.technical_404_response` / `technical_500_response` under DEBUG (403
    already goes through `handler403`); they are replaced by the site's handlers."""
    from django.conf import settings
    from django.views import debug

    if not settings.DEBUG or getattr(settings, "SHOW_DEBUG_PAGES", False):
        return
    if getattr(debug.technical_404_response, "_monev_site_page", False):
        return
    from monev.core import errors

    def technical_404_response(request: Any, exception: Any) -> Any:
        return errors.page_not_found(request, exception)

    def technical_500_response(request: Any, *exc_info: Any, status_code: int = 500) -> Any:
        if status_code == 400:  # BadRequest / SuspiciousOperation under DEBUG
            return errors.bad_request(request, exc_info[1] if len(exc_info) > 1 else None)
        return errors.server_error_page(request)

    technical_404_response._monev_site_page = True  # type: ignore[attr-defined]
    debug.technical_404_response = technical_404_response
    debug.technical_500_response = technical_500_response  # type: ignore[assignment]
