"""The year and quarter (tahun, triwulan) of a row: one definition of the two fields and of
the database check that a quarter is 1–4 (STYLE: the database guards invariants), used by
every model that is about a quarter of a year (cycles, realisations, budget realisations,
targets, archive entries)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

QUARTERS = (1, 2, 3, 4)


def year_field() -> models.PositiveSmallIntegerField:
    """Return the field of the (calendar, budget) year."""
    return models.PositiveSmallIntegerField(_("tahun"))


def quarter_field(*, annual: bool = False) -> models.PositiveSmallIntegerField:
    """Return the field of the quarter (1–4); with `annual`, empty stands for the whole year
    (a target of the year) and the form validates 1–4."""
    if annual:
        return models.PositiveSmallIntegerField(
            _("triwulan"),
            null=True,
            blank=True,
            validators=[MinValueValidator(1), MaxValueValidator(4)],
        )
    return models.PositiveSmallIntegerField(_("triwulan"))


def quarter_check(name: str, *, annual: bool = False) -> models.CheckConstraint:
    """Return the database check that the row's quarter is 1–4 (or empty, with `annual`)."""
    within = models.Q(quarter__gte=QUARTERS[0], quarter__lte=QUARTERS[-1])
    return models.CheckConstraint(
        condition=models.Q(quarter__isnull=True) | within if annual else within, name=name
    )
