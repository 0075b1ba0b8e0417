"""Users and their roles in Django's admin (/django-admin/), for the technical superuser.

README names this as the way to grant the Bappeda role, which an agency's Administrator
cannot give (SPEC §14): add a "peran pengguna" row. Users are listed read only (they are
managed on the application's own pages, with their services' checks); every change here is
audited like the rest of the admin site (core.admin_audit)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from monev.accounts.models import RoleAssignment, User


@admin.register(User)
class UserAdmin(admin.ModelAdmin[User]):
    list_display = ("username", "first_name", "last_name", "email", "agency", "is_active")
    list_filter = ("is_active", "agency")
    search_fields = ("username", "first_name", "last_name", "email")
    fields = ("username", "first_name", "last_name", "email", "agency", "is_active", "last_login")
    actions = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin[RoleAssignment]):
    list_display = ("user", "role")
    list_filter = ("role",)
    search_fields = ("user__username", "user__first_name", "user__last_name")
    autocomplete_fields = ("user",)
