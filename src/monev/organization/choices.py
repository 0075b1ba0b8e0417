"""Choices of the organization app."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from monev.domain.pangkat import GOLONGAN


class UnitKind(models.TextChoices):
    SEKRETARIAT = "sekretariat", _("Sekretariat")
    SUBBAGIAN = "subbagian", _("Subbagian")
    BIDANG = "bidang", _("Bidang")
    UPTD = "uptd", _("UPTD")


#: Pangkat/golongan of civil servants, "III/a" → "Penata Muda (III/a)".
GOLONGAN_CHOICES = [(code, f"{pangkat} ({code})") for code, pangkat in GOLONGAN]
