"""The archive in Django's admin: read only (nothing changes an archive entry)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from monev.archive.models import ArchiveEntry


@admin.register(ArchiveEntry)
class ArchiveEntryAdmin(admin.ModelAdmin[ArchiveEntry]):
    list_display = ("code", "title", "year", "quarter", "number", "archived_at")
    search_fields = ("code", "title", "number")
    actions = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
