"""Choices shared by every app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("Tambah")
    UPDATE = "update", _("Ubah")
    DELETE = "delete", _("Hapus")
    TRANSITION = "transition", _("Perubahan status")
