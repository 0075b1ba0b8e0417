"""Changes through /django-admin/ are audited with the admin user as actor (issue 10, item 9)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from monev.core.admin_audit import AuditedModelAdmin
from monev.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(demo_org: Any) -> tuple[Client, Any]:
    from monev.accounts.models import User

    superuser = User.objects.create_superuser("teknis", "teknis@example.org", "rahasia-teknis-1")
    client = Client()
    client.force_login(superuser)
    return client, superuser


def _entries(obj: Any) -> Any:
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).order_by("pk")


def test_every_registered_model_admin_is_audited() -> None:
    assert admin.site._registry
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, AuditedModelAdmin), model


def test_add_change_and_delete_through_the_admin_are_audited(
    admin_client: tuple[Client, Any],
) -> None:
    client, superuser = admin_client
    view = Permission.objects.get(codename="view_group")
    response = client.post(
        "/django-admin/auth/group/add/", {"name": "Pemantau", "permissions": [view.pk]}
    )
    assert response.status_code == 302, response.content[:2000]
    group = Group.objects.get(name="Pemantau")
    created = _entries(group).get()
    assert created.action == "create"
    assert created.actor == superuser and created.actor_name == "teknis"
    assert created.changes["name"] == [None, "Pemantau"]
    assert created.changes["permissions"] == [None, [view.pk]]

    change = Permission.objects.get(codename="change_group")
    response = client.post(
        f"/django-admin/auth/group/{group.pk}/change/",
        {"name": "Pemantau Teknis", "permissions": [view.pk, change.pk]},
    )
    assert response.status_code == 302
    updated = _entries(group).last()
    assert updated is not None and updated.action == "update"
    assert updated.actor == superuser
    assert updated.changes["name"] == ["Pemantau", "Pemantau Teknis"]
    assert updated.changes["permissions"] == [[view.pk], sorted([view.pk, change.pk])]

    pk = group.pk
    response = client.post(f"/django-admin/auth/group/{pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Group.objects.filter(pk=pk).exists()
    deleted = AuditEntry.objects.filter(object_id=str(pk), action="delete").get()
    assert deleted.actor == superuser
    assert deleted.changes["name"] == ["Pemantau Teknis", None]


def test_bulk_delete_action_is_audited(admin_client: tuple[Client, Any]) -> None:
    client, superuser = admin_client
    groups = [Group.objects.create(name=f"Grup {i}") for i in range(2)]
    response = client.post(
        "/django-admin/auth/group/",
        {
            "action": "delete_selected",
            "_selected_action": [g.pk for g in groups],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert not Group.objects.filter(pk__in=[g.pk for g in groups]).exists()
    deleted = AuditEntry.objects.filter(action="delete", actor=superuser)
    assert sorted(e.object_id for e in deleted) == sorted(str(g.pk) for g in groups)


def test_secret_fields_are_logged_as_a_digest(admin_client: tuple[Client, Any]) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client, superuser = admin_client
    from monev.accounts.models import User

    owner = User.objects.exclude(pk=superuser.pk).first()  # the admin's own would ask for 2FA
    device = TOTPDevice.objects.create(user=owner, name="ponsel", confirmed=True)
    response = client.post(
        f"/django-admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="delete", object_id=str(device.pk), actor=superuser)
    logged = entry.changes["key"][0]
    assert logged.startswith("sha256:") and device.key not in str(entry.changes)


def test_the_bappeda_role_is_granted_on_the_admin_page_readme_names_and_audited(
    admin_client: tuple[Client, Any],
) -> None:
    """Issue 21, item 12: README says to grant the Bappeda role in /django-admin/; the page
    exists (peran pengguna) and the grant is audited with the superuser as actor."""
    from monev.accounts.models import RoleAssignment, User

    client, superuser = admin_client
    user = User.objects.create_user("bappeda.baru", password="rahasia-bappeda-1")
    assert client.get("/django-admin/accounts/roleassignment/add/").status_code == 200
    assert client.get("/django-admin/accounts/user/").status_code == 200
    response = client.post(
        "/django-admin/accounts/roleassignment/add/", {"user": user.pk, "role": "bappeda"}
    )
    assert response.status_code == 302, response.content[:2000]
    grant = RoleAssignment.objects.get(user=user)
    assert User.objects.get(pk=user.pk).has_role("bappeda")
    entry = _entries(grant).get()
    assert (entry.action, entry.actor, entry.note) == ("create", superuser, "django-admin")
    assert entry.changes["role"] == [None, "bappeda"]
    # users are read only here: managed on the application's own pages
    assert client.get(f"/django-admin/accounts/user/{user.pk}/change/").status_code == 200
    assert client.post(f"/django-admin/accounts/user/{user.pk}/change/", {}).status_code == 403
