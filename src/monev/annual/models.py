"""The Perjanjian Kinerja (PK, DOMAIN §4, SPEC §16): the yearly agreement of an agency's head
with the Bupati, cascaded to each Kepala Bidang with the Kepala Dinas, and its versions — one
per plan stage (RULES §11), each frozen as a snapshot with its PDF and DOCX, kept for ever."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from monev.core.periods import year_field
from monev.core.tenancy import belongs_to_agency


@belongs_to_agency("agency")
class PerjanjianKinerja(models.Model):
    """The Perjanjian Kinerja of one party of an agency for one year: the Kepala Dinas' (no
    `unit`; Pihak Kedua the Bupati) or a Kepala Bidang's (`unit` the Bidang; Pihak Kedua the
    Kepala Dinas), with that party's sasaran, indicators, targets and programs."""

    agency = models.ForeignKey(
        "organization.Agency",
        verbose_name=_("instansi"),
        on_delete=models.CASCADE,
        related_name="perjanjian_kinerja",
    )
    year = year_field()
    unit = models.ForeignKey(
        "organization.Unit",
        verbose_name=_("bidang"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Kosong: Perjanjian Kinerja Kepala Dinas."),
    )

    class Meta:
        verbose_name = _("perjanjian kinerja")
        verbose_name_plural = _("perjanjian kinerja")
        ordering = ["agency", "-year", "unit__order", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year"],
                condition=models.Q(unit__isnull=True),
                name="pk_one_head_per_year",
            ),
            models.UniqueConstraint(
                fields=["agency", "year", "unit"],
                condition=models.Q(unit__isnull=False),
                name="pk_one_per_unit_year",
            ),
        ]

    def __str__(self) -> str:
        party = self.unit.name if self.unit is not None else "Kepala Dinas"
        return f"Perjanjian Kinerja {self.year} {party}"

    @property
    def is_head(self) -> bool:
        """The Kepala Dinas' PK (the agency's own), not a Bidang's."""
        return self.unit_id is None


@belongs_to_agency("agreement")
class PerjanjianKinerjaVersion(models.Model):
    """One version of a PK, made from the plan as a stage left it (`stage` empty: murni): the
    snapshot it was rendered from, its PDF and DOCX and their SHA-256. Never changed."""

    agreement = models.ForeignKey(
        PerjanjianKinerja, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("versi"))
    stage = models.ForeignKey(
        "planning.PlanStage",
        verbose_name=_("tahap rencana"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Kosong: rencana murni."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"))
    snapshot = models.JSONField(_("potret data"))
    pdf = models.FileField(_("PDF"), upload_to="pk/%Y/")
    docx = models.FileField(_("DOCX"), upload_to="pk/%Y/")
    sha256 = models.CharField(_("SHA-256 PDF"), max_length=64)
    docx_sha256 = models.CharField(_("SHA-256 DOCX"), max_length=64)

    class Meta:
        verbose_name = _("versi perjanjian kinerja")
        verbose_name_plural = _("versi perjanjian kinerja")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="pk_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.agreement} v{self.number}"
