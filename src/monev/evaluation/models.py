"""Olah data (SOP step 3): explanations of the data-quality flags of a cycle's quarter."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from monev.core.tenancy import belongs_to_agency


@belongs_to_agency("cycle")
class FlagResolution(models.Model):
    """The Kasubag Program's note resolving or explaining one data-quality flag (RULES §8)
    of an indicator in a cycle; step 3 completes when every flag has one."""

    cycle = models.ForeignKey(
        "sop.Cycle", verbose_name=_("siklus"), on_delete=models.CASCADE, related_name="+"
    )
    indicator = models.ForeignKey(
        "planning.Indicator",
        verbose_name=_("indikator"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    code = models.CharField(_("kode tanda"), max_length=40)
    note = models.TextField(_("penjelasan"))
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    resolved_at = models.DateTimeField(_("waktu"), auto_now=True)

    class Meta:
        verbose_name = _("penjelasan tanda data")
        verbose_name_plural = _("penjelasan tanda data")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "indicator", "code"], name="flag_resolution_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.code}"


@belongs_to_agency("cycle")
class AnalysisNote(models.Model):
    """Analysis of a cycle's quarter (SOP step 7), per Bidang (`unit`) or for the whole agency
    (`unit` empty): what drove and what held back performance, and the follow-up needed. The
    agency's note fills the footer rows of Formulir E.81."""

    cycle = models.ForeignKey(
        "sop.Cycle",
        verbose_name=_("siklus"),
        on_delete=models.CASCADE,
        related_name="analysis_notes",
    )
    unit = models.ForeignKey(
        "organization.Unit",
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    drivers = models.TextField(_("faktor pendorong keberhasilan kinerja"), blank=True)
    obstacles = models.TextField(_("faktor penghambat pencapaian kinerja"), blank=True)
    next_quarter = models.TextField(
        _("tindak lanjut yang diperlukan dalam triwulan berikutnya"), blank=True
    )
    next_renja = models.TextField(
        _("tindak lanjut yang diperlukan dalam Renja berikutnya"), blank=True
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("terakhir diubah"), auto_now=True)

    TEXT_FIELDS = ("drivers", "obstacles", "next_quarter", "next_renja")

    class Meta:
        verbose_name = _("catatan analisis")
        verbose_name_plural = _("catatan analisis")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "unit"], name="analysis_note_once_per_unit"),
            models.UniqueConstraint(
                fields=["cycle"],
                condition=models.Q(unit__isnull=True),
                name="analysis_note_once_per_agency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} — {self.unit or _('Dinas')}"

    @property
    def is_complete(self) -> bool:
        return all(getattr(self, name).strip() for name in self.TEXT_FIELDS)
