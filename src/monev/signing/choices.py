from django.db import models
from django.utils.translation import gettext_lazy as _


class Provider(models.TextChoices):
    BSRE = "bsre", _("TTE BSrE (tersertifikasi)")
    SEGEL = "segel", _("Segel elektronik instansi")


class Kind(models.TextChoices):
    PARAF = "paraf", _("Paraf")
    PENGESAHAN = "pengesahan", _("Tanda tangan pengesahan")


class TteStatus(models.TextChoices):
    """A pengesahan made with the seal while BSrE could not be reached (SPEC §15)."""

    TIDAK = "", _("—")
    MENUNGGU = "menunggu", _("Menunggu TTE")
    SIAP = "siap", _("BSrE dapat dihubungi lagi: tambahkan TTE")
    SELESAI = "selesai", _("TTE ditambahkan")
