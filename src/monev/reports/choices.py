"""Choices of the report app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionSource(models.TextChoices):
    GENERATED = "generated", _("Dibuat sistem")
    UPLOADED = "uploaded", _("Diunggah")


class JobStatus(models.TextChoices):
    """A render request as the page shows it; a failed job never leaves a version behind."""

    MENUNGGU = "menunggu", _("Menunggu")
    BERJALAN = "berjalan", _("Sedang dibuat")
    SELESAI = "selesai", _("Selesai")
    GAGAL = "gagal", _("Gagal")
