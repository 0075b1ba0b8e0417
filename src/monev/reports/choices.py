"""Choices of the report app."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The report's status is the state of the SOP's report steps (8–13): defined with the SOP, so
# that lower apps (the consolidated view in evaluation) can name it (decision 0018).
from monev.sop.choices import ReportStatus as ReportStatus


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
