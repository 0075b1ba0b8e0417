"""Choices of quarterly data collection (SPEC §4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    DIAJUKAN = "diajukan", _("Diajukan")
    DIKEMBALIKAN = "dikembalikan", _("Dikembalikan")
    DITERIMA = "diterima", _("Diterima")
