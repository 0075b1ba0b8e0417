"""Quarterly data of each Bidang: realisation per indicator and per sub kegiatan budget,
narratives, and the submission that carries them through draft → diajukan → diterima."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from monev.collection.choices import SubmissionStatus
from monev.core.periods import quarter_check, quarter_field, year_field
from monev.core.tenancy import belongs_to_agency
from monev.domain.periods import quarter_label


@belongs_to_agency("cycle")
class Submission(models.Model):
    """One Bidang's quarterly report in a monev cycle (the filled "format isian").

    `version` grows with every save; a save based on an older version is refused (two people
    editing the same form lose nothing).
    """

    cycle = models.ForeignKey(
        "sop.Cycle", verbose_name=_("siklus"), on_delete=models.CASCADE, related_name="submissions"
    )
    unit = models.ForeignKey(
        "organization.Unit",
        verbose_name=_("Bidang"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.DRAFT,
    )
    version = models.PositiveIntegerField(_("versi"), default=1)
    problems = models.TextField(_("kendala/permasalahan"), blank=True)
    follow_up = models.TextField(_("tindak lanjut"), blank=True)
    drivers = models.TextField(_("faktor pendorong"), blank=True)
    obstacles = models.TextField(_("faktor penghambat"), blank=True)
    return_note = models.TextField(_("catatan pengembalian"), blank=True)
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("diterima"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("terakhir diubah"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("laporan Bidang")
        verbose_name_plural = _("laporan Bidang")
        ordering = ["cycle", "unit__order"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "unit"], name="submission_one_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.cycle}"


@belongs_to_agency("indicator")
class Realization(models.Model):
    """The reported value of an indicator for one quarter (missing is not zero, RULES §2)."""

    indicator = models.ForeignKey(
        "planning.Indicator",
        verbose_name=_("indikator"),
        on_delete=models.PROTECT,  # reported data is never deleted with the plan (issue #9)
        related_name="realizations",
    )
    year = year_field()
    quarter = quarter_field()
    value = models.DecimalField(
        _("realisasi"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    no_data = models.BooleanField(_("tidak ada data"), default=False)
    no_data_reason = models.CharField(_("alasan tidak ada data"), max_length=300, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    return_note = models.TextField(_("catatan pengembalian"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("realisasi indikator")
        verbose_name_plural = _("realisasi indikator")
        ordering = ["indicator", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "quarter"], name="realization_one_per_quarter"
            ),
            quarter_check("realization_quarter_1_4"),
            models.CheckConstraint(
                condition=models.Q(no_data=False) | models.Q(value__isnull=True),
                name="realization_no_data_has_no_value",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year} TW {self.quarter}: {self.value}"

    @property
    def reported_label(self) -> str:
        """What this row is, for a message that names the data holding a plan object."""
        return _("realisasi %(code)s %(quarter)s %(year)s") % {
            "code": self.indicator.code,
            "quarter": quarter_label(self.quarter),
            "year": self.year,
        }


@belongs_to_agency("node")
class BudgetRealization(models.Model):
    """Budget spent (Rp) on a sub kegiatan in one quarter; s/d TW sums quarters (RULES §6)."""

    node = models.ForeignKey(
        "planning.PlanNode",
        verbose_name=_("sub kegiatan"),
        on_delete=models.PROTECT,  # reported data is never deleted with the plan (issue #9)
        related_name="budget_realizations",
    )
    year = year_field()
    quarter = quarter_field()
    amount = models.DecimalField(_("realisasi (Rp)"), max_digits=18, decimal_places=2)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("realisasi anggaran")
        verbose_name_plural = _("realisasi anggaran")
        constraints = [
            models.UniqueConstraint(
                fields=["node", "year", "quarter"], name="budget_realization_one_per_quarter"
            ),
            quarter_check("budget_realization_quarter_1_4"),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="budget_realization_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.node.code} {self.year} TW {self.quarter}: {self.amount}"

    @property
    def reported_label(self) -> str:
        """What this row is, for a message that names the data holding a plan object."""
        return _("realisasi anggaran %(code)s %(quarter)s %(year)s") % {
            "code": self.node.code,
            "quarter": quarter_label(self.quarter),
            "year": self.year,
        }


@belongs_to_agency("realization", "budget_realization")
class Correction(models.Model):
    """A change to locked quarterly data (after step 3 started): who, why, before and after."""

    realization = models.ForeignKey(
        Realization, on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    budget_realization = models.ForeignKey(
        BudgetRealization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="corrections",
    )
    before = models.JSONField(_("sebelum"))
    after = models.JSONField(_("sesudah"))
    reason = models.TextField(_("alasan"))
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    corrected_at = models.DateTimeField(_("waktu"))

    class Meta:
        verbose_name = _("koreksi")
        verbose_name_plural = _("koreksi")
        ordering = ["-corrected_at"]

    def __str__(self) -> str:
        from monev.core import formats

        return f"{formats.day(self.corrected_at)} {self.reason[:40]}"


@belongs_to_agency("realization")
class Evidence(models.Model):
    """A supporting file (bukti dukung) for an indicator's quarterly realisation.

    Stored under a random name; its kind is recognised from the content and its SHA-256 kept,
    and every download goes through a permission check.
    """

    realization = models.ForeignKey(
        Realization,
        verbose_name=_("realisasi"),
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    file = models.FileField(_("berkas"), upload_to="bukti/%Y/")
    original_name = models.CharField(_("nama berkas"), max_length=255)
    kind = models.CharField(_("jenis"), max_length=10)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField(_("ukuran"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bukti dukung")
        verbose_name_plural = _("bukti dukung")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name
