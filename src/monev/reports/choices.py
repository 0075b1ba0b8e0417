"""Choices of the report app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    """Where the report is along steps 8–12 and the archive (SPEC §7); the moves are the
    table `monev.domain.report_flow.REPORT` (a test checks both name the same values)."""

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


class ThreadStatus(models.TextChoices):
    TERBUKA = "terbuka", _("Terbuka")
    SELESAI = "selesai", _("Selesai")
    DITUNDA = "ditunda", _("Ditunda")


class ReviewKind(models.TextChoices):
    DIVERIFIKASI = "diverifikasi", _("Diverifikasi Sekretaris")
    DIKEMBALIKAN_VERIFIKASI = "dikembalikan_verifikasi", _("Dikembalikan Sekretaris")
    DISAHKAN = "disahkan", _("Disahkan Kepala Dinas")
    DIKEMBALIKAN_PENGESAHAN = "dikembalikan_pengesahan", _("Dikembalikan Kepala Dinas")


class SignatoryMode(models.TextChoices):
    """How the Kepala Dinas' signature block is headed (DOMAIN §8.2)."""

    DEFINITIF = "definitif", _("Kepala Dinas (definitif)")
    PLT = "plt", _("Plt. (pelaksana tugas)")
    PLH = "plh", _("Plh. (pelaksana harian)")
