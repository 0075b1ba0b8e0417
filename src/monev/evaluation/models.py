"""Olah data (SOP step 3): explanations of the data-quality flags of a cycle's quarter."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
