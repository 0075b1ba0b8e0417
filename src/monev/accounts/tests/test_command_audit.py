"""Django's own commands and the console change data without the services: `createsuperuser`,
`changepassword` and edits typed into `monev shell` are recorded all the same, with the
command as the actor and no secret in the log (core/audit.py, `command_context`)."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from monev.accounts.models import User
from monev.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _entries_of(obj: Any) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            content_type__app_label=obj._meta.app_label,
            content_type__model=obj._meta.model_name,
            object_id=str(obj.pk),
        ).order_by("id")
    )


def _no_secret(entry: AuditEntry, *secrets: str) -> None:
    text = f"{entry.changes} {entry.note} {entry.object_repr}"
    for secret in secrets:
        assert secret not in text


def test_createsuperuser_and_changepassword_leave_an_audit_entry(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Sangat-rahasia-123")
    call_command(
        "createsuperuser", interactive=False, username="teknisi", email="t@example.go.id",
        stdout=StringIO(),
    )  # fmt: skip
    user = User.objects.get(username="teknisi")
    [created] = _entries_of(user)
    assert created.action == "create" and created.actor_name == "system:createsuperuser"
    assert created.actor is None
    assert created.changes["username"] == [None, "teknisi"]
    assert created.changes["is_superuser"] == [None, True]
    assert "password" not in created.changes
    _no_secret(created, user.password, "Sangat-rahasia-123")

    from django.contrib.auth.management.commands import changepassword

    monkeypatch.setattr(changepassword.getpass, "getpass", lambda prompt="": "Baru-rahasia-456")
    call_command("changepassword", "teknisi", stdout=StringIO())
    user.refresh_from_db()
    assert user.check_password("Baru-rahasia-456")
    changed = _entries_of(user)[-1]
    assert changed.action == "update" and changed.actor_name == "system:changepassword"
    assert "Nilai rahasia diubah" in changed.note and "password" in changed.note
    _no_secret(changed, user.password, "Baru-rahasia-456")
    call_command("audit_verify", stdout=StringIO())


def test_edits_typed_into_the_shell_are_recorded(personas: Any, demo_org: Any) -> None:
    before = AuditEntry.objects.count()
    call_command(
        "shell",
        command=(
            "from monev.organization.models import Agency\n"
            "from django_otp.plugins.otp_totp.models import TOTPDevice\n"
            "from monev.accounts.models import User\n"
            f"a = Agency.objects.get(pk={demo_org.pk}); a.short_name = 'DIUBAH'; a.save()\n"
            "u = User.objects.get(username='kadis')\n"
            "d = TOTPDevice.objects.create(user=u, name='HP', confirmed=True)\n"
            "d.delete()\n"
        ),
        stdout=StringIO(),
    )
    new = list(AuditEntry.objects.order_by("id")[before:])
    assert all(e.actor_name == "system:shell" and e.actor is None for e in new)
    [agency] = [e for e in new if e.object_id == str(demo_org.pk) and e.action == "update"]
    assert agency.changes["short_name"][1] == "DIUBAH"
    assert "langsung lewat perintah manajemen" in agency.note
    devices = [e for e in new if e.content_type.model == "totpdevice"]
    assert [e.action for e in devices] == ["create", "delete"]
    assert all("key" not in e.changes for e in devices)  # the TOTP seed never in the log
    call_command("audit_verify", stdout=StringIO())


def test_monev_commands_and_web_writes_are_not_recorded_twice(personas: Any) -> None:
    """monev's own commands write through the services (which record); outside a command
    (a request, a test) no signal records anything."""
    before = AuditEntry.objects.count()
    user = personas["kadis"]
    user.first_name = "Tanpa jejak ganda"
    user.save()
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize(
    ("name", "module", "direct"),
    [
        ("shell", "django.core.management.commands.shell", True),
        ("loaddata", "django.core.management.commands.loaddata", True),
        ("createsuperuser", "django.contrib.auth.management.commands.createsuperuser", True),
        ("load_demo", "monev.demo.management.commands.load_demo", False),  # services record
        ("db_worker", "django_tasks_db.management.commands.db_worker", False),  # runs services
        ("migrate", "django.core.management.commands.migrate", False),
        ("runserver", "django.core.management.commands.runserver", False),
    ],
)
def test_which_commands_have_their_direct_writes_recorded(
    name: str, module: str, direct: bool
) -> None:
    from monev.core import audit

    assert not audit.direct_writes.get()
    with audit.command_context(name, module):
        assert audit.direct_writes.get() is direct
        assert audit.system_actor.get() == f"system:{name}"
    assert not audit.direct_writes.get() and audit.system_actor.get() == ""


def test_the_receivers_are_connected_only_while_a_recorded_command_runs() -> None:
    """A `post_delete` listener for every model would cost the whole app Django's fast
    delete (a fetch and a signal per row): the receivers exist only inside the command."""
    from django.db.models.signals import post_delete, pre_save

    from monev.core import audit
    from monev.core.models import RateLimitCounter

    assert not post_delete.has_listeners(RateLimitCounter)
    with audit.command_context("shell", "django.core.management.commands.shell"):
        assert post_delete.has_listeners(RateLimitCounter)
        with audit.command_context("loaddata", "django.core.management.commands.loaddata"):
            assert pre_save.has_listeners(RateLimitCounter)
        assert post_delete.has_listeners(RateLimitCounter)  # still inside the outer command
    assert not post_delete.has_listeners(RateLimitCounter)
    with audit.command_context("load_demo", "monev.demo.management.commands.load_demo"):
        assert not post_delete.has_listeners(RateLimitCounter)


def test_a_service_called_from_the_shell_is_recorded_once_by_the_service(personas: Any) -> None:
    from django.utils import translation

    before = AuditEntry.objects.count()
    with translation.override("id"):
        call_command(
            "shell",
            command=(
                "from monev.accounts import services\n"
                "from monev.accounts.models import User\n"
                "u = User.objects.get(username='operator.koperasi')\n"
                "services.user_set_password(actor=None, user=u, password='Lewat-layanan-789')\n"
            ),
            stdout=StringIO(),
        )
    [entry] = AuditEntry.objects.order_by("id")[before:]
    assert entry.actor_name == "system:shell"
    assert "Kata sandi diatur ulang oleh Administrator" in entry.note  # the service's own
