"""Choices of monev visits and recommendations; the values are the domain enums'
(`monev.domain.monitoring_flow`), where the transitions live."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VisitStatus(models.TextChoices):
    DIRENCANAKAN = "direncanakan", _("Direncanakan")
    DISETUJUI = "disetujui", _("Disetujui")
    DILAKSANAKAN = "dilaksanakan", _("Dilaksanakan")
    DIAKUI = "diakui", _("Diakui Bidang")
    DIBANTAH = "dibantah", _("Dibantah Bidang")


class Verdict(models.TextChoices):
    """How well the evidence supports the reported value."""

    CUKUP = "cukup", _("Cukup")
    KURANG = "kurang", _("Kurang")
    TIDAK_ADA = "tidak_ada", _("Tidak ada")


class CorrectionStatus(models.TextChoices):
    TIDAK_ADA = "tidak_ada", _("Tidak ada usulan")
    DIUSULKAN = "diusulkan", _("Diusulkan")
    DITERIMA = "diterima", _("Diterima")
    DITOLAK = "ditolak", _("Ditolak")


class FindingCategory(models.TextChoices):
    DATA = "data", _("Ketidaksesuaian data")
    BUKTI = "bukti", _("Bukti dukung")
    PELAKSANAAN = "pelaksanaan", _("Pelaksanaan kegiatan")
    ANGGARAN = "anggaran", _("Anggaran")
    ADMINISTRASI = "administrasi", _("Administrasi")


class RecommendationStatus(models.TextChoices):
    """The four SIPTL statuses (SPEC §11)."""

    SESUAI = "sesuai", _("Sesuai")
    DALAM_PROSES = "dalam_proses", _("Belum sesuai / dalam proses")
    BELUM = "belum_ditindaklanjuti", _("Belum ditindaklanjuti")
    TIDAK_DAPAT = "tidak_dapat_ditindaklanjuti", _("Tidak dapat ditindaklanjuti")
