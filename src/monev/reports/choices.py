"""Choices of the report app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    """Where the report is along steps 8–12 and the archive (SPEC §7). Only `draf` is
    reached today; the review issue (steps 9–12) adds the transitions, as a table in
    `monev/domain/`."""

    DRAF = "draf", _("Draf")
    DIBAHAS = "dibahas", _("Dibahas")
    DIPERBAIKI = "diperbaiki", _("Diperbaiki")
    DIVERIFIKASI = "diverifikasi", _("Diverifikasi")
    DISAHKAN = "disahkan", _("Disahkan")
    DIARSIPKAN = "diarsipkan", _("Diarsipkan")


class VersionSource(models.TextChoices):
    GENERATED = "generated", _("Dibuat sistem")
    UPLOADED = "uploaded", _("Diunggah")


class JobStatus(models.TextChoices):
    """A render request as the page shows it; a failed job never leaves a version behind."""

    MENUNGGU = "menunggu", _("Menunggu")
    BERJALAN = "berjalan", _("Sedang dibuat")
    SELESAI = "selesai", _("Selesai")
    GAGAL = "gagal", _("Gagal")
