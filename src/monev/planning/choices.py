"""Choices of the planning app (SPEC §3, RULES §2)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Level(models.TextChoices):
    """Levels of the plan tree, top to bottom (Kepmendagri nomenclature below sasaran)."""

    TUJUAN = "tujuan", _("Tujuan")
    SASARAN = "sasaran", _("Sasaran")
    PROGRAM = "program", _("Program")
    KEGIATAN = "kegiatan", _("Kegiatan")
    SUB_KEGIATAN = "sub_kegiatan", _("Sub Kegiatan")


#: The level a node of each level hangs under (None: top level).
PARENT_LEVEL = {
    Level.TUJUAN: None,
    Level.SASARAN: Level.TUJUAN,
    Level.PROGRAM: Level.SASARAN,
    Level.KEGIATAN: Level.PROGRAM,
    Level.SUB_KEGIATAN: Level.KEGIATAN,
}


class Polarity(models.TextChoices):
    POSITIVE = "positive", _("Positif (makin tinggi makin baik)")
    NEGATIVE = "negative", _("Negatif (makin rendah makin baik)")


class Aggregation(models.TextChoices):
    CUMULATIVE = "cumulative", _("Kumulatif (jumlah triwulan)")
    LAST = "last", _("Nilai akhir (triwulan terakhir)")
    AVERAGE = "average", _("Rata-rata triwulan")


class NegativeVariant(models.TextChoices):
    A = "A", _("A: (2T − R) / T × 100")
    B = "B", _("B: T / R × 100")


class StageKind(models.TextChoices):
    """Stages of a plan year (RULES §11, DOMAIN §14): the adopted plan, then shifts and the
    APBD Perubahan. Murni is the plan as stored in Target and Budget, never a stage row."""

    # with a context: "Perubahan" alone is also "changes" elsewhere
    MURNI = "murni", pgettext_lazy("tahap rencana", "Murni")
    PERGESERAN = "pergeseran", pgettext_lazy("tahap rencana", "Pergeseran")
    PERUBAHAN = "perubahan", pgettext_lazy("tahap rencana", "Perubahan")
