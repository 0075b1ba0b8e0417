"""The agency's plan: Renstra period, the tree Tujuan → Sasaran → Program → Kegiatan → Sub
Kegiatan, indicators with targets, and budgets (SPEC §3). The monev forms are made from it."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from monev.core.periods import quarter_check, quarter_field, year_field
from monev.core.tenancy import belongs_to_agency
from monev.planning.choices import Aggregation, Level, NegativeVariant, Polarity, StageKind


@belongs_to_agency("agency")
class RenstraPeriod(models.Model):
    """A five-year Renstra period of the agency (e.g. 2025–2029); it scopes the plan."""

    agency = models.ForeignKey(
        "organization.Agency",
        verbose_name=_("instansi"),
        on_delete=models.CASCADE,
        related_name="renstra_periods",
    )
    name = models.CharField(_("nama"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("tahun awal"))
    end_year = models.PositiveSmallIntegerField(_("tahun akhir"))
    nomenclature_version = models.CharField(
        _("versi nomenklatur"),
        max_length=200,
        blank=True,
        help_text=_("mis. Kepmendagri 050-5889/2021 dan perubahannya"),
    )

    class Meta:
        verbose_name = _("periode Renstra")
        verbose_name_plural = _("periode Renstra")
        ordering = ["-start_year"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "start_year"], name="renstra_unique_start"),
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="renstra_years_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)


@belongs_to_agency("period")
class PlanNode(models.Model):
    """One element of the plan tree: a tujuan, sasaran, program, kegiatan or sub kegiatan,
    with its code (Kepmendagri code such as 2.17.03.2.01.0004 below sasaran) and the unit
    responsible for it."""

    period = models.ForeignKey(
        RenstraPeriod, verbose_name=_("periode"), on_delete=models.CASCADE, related_name="nodes"
    )
    level = models.CharField(_("tingkat"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    code = models.CharField(_("kode"), max_length=40)
    name = models.CharField(_("nama"), max_length=400)
    responsible_unit = models.ForeignKey(
        "organization.Unit",
        verbose_name=_("unit penanggung jawab"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_nodes",
    )
    order = models.PositiveIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("unsur rencana")
        verbose_name_plural = _("unsur rencana")
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["period", "code"], name="plan_node_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


@belongs_to_agency("period")
class Indicator(models.Model):
    """A performance indicator at any level of the plan (IKU at sasaran level), with how its
    quarters combine and how achievement is computed (RULES §2–§3)."""

    period = models.ForeignKey(
        RenstraPeriod,
        verbose_name=_("periode"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    node = models.ForeignKey(
        PlanNode,
        verbose_name=_("unsur rencana"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    code = models.CharField(_("kode"), max_length=60)
    name = models.CharField(_("nama indikator"), max_length=400)
    unit_of_measure = models.CharField(_("satuan"), max_length=60)
    polarity = models.CharField(
        _("polaritas"), max_length=10, choices=Polarity.choices, default=Polarity.POSITIVE
    )
    aggregation = models.CharField(
        _("agregasi triwulan"),
        max_length=12,
        choices=Aggregation.choices,
        default=Aggregation.CUMULATIVE,
    )
    negative_variant = models.CharField(
        _("varian rumus negatif"),
        max_length=1,
        choices=NegativeVariant.choices,
        default=NegativeVariant.A,
    )
    decimals = models.PositiveSmallIntegerField(
        _("jumlah desimal"), default=0, validators=[MaxValueValidator(4)]
    )
    definition = models.TextField(_("definisi/rumus"), blank=True)
    data_source = models.CharField(_("sumber data"), max_length=200, blank=True)
    is_iku = models.BooleanField(_("IKU"), default=False)
    responsible_unit = models.ForeignKey(
        "organization.Unit",
        verbose_name=_("unit penanggung jawab"),
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    baseline = models.DecimalField(
        _("kondisi awal"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    end_target = models.DecimalField(
        _("target akhir Renstra"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    order = models.PositiveIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikator")
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["period", "code"], name="indicator_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name


@belongs_to_agency("indicator")
class Target(models.Model):
    """A target of an indicator: annual (quarter empty) or for one quarter (Rencana Aksi).
    For a cumulative indicator quarterly targets are per-quarter amounts (RULES §2)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = year_field()
    quarter = quarter_field(annual=True)
    value = models.DecimalField(_("target"), max_digits=18, decimal_places=4)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("target")
        ordering = ["indicator", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "quarter"], name="target_unique_quarter"
            ),
            models.UniqueConstraint(
                fields=["indicator", "year"],
                condition=models.Q(quarter__isnull=True),
                name="target_unique_annual",
            ),
            quarter_check("target_quarter_1_4", annual=True),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="target_not_negative"),
        ]

    def __str__(self) -> str:
        period = f"TW {self.quarter}" if self.quarter else "tahunan"
        return f"{self.indicator} {self.year} {period}: {self.value}"


@belongs_to_agency("node")
class Budget(models.Model):
    """Pagu (Rp) of a sub kegiatan for a year, with an optional quarterly cash plan."""

    node = models.ForeignKey(PlanNode, on_delete=models.CASCADE, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("tahun"))
    pagu = models.DecimalField(_("pagu (Rp)"), max_digits=18, decimal_places=2)
    cash_q1 = models.DecimalField(
        _("anggaran kas TW I"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    cash_q2 = models.DecimalField(
        _("anggaran kas TW II"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    cash_q3 = models.DecimalField(
        _("anggaran kas TW III"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    cash_q4 = models.DecimalField(
        _("anggaran kas TW IV"), max_digits=18, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("anggaran")
        verbose_name_plural = _("anggaran")
        ordering = ["node", "year"]
        constraints = [
            models.UniqueConstraint(fields=["node", "year"], name="budget_unique_year"),
            models.CheckConstraint(
                condition=models.Q(pagu__gte=0), name="budget_pagu_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.node.code} {self.year}: {self.pagu}"

    @property
    def cash_plan(self) -> list[object]:
        return [self.cash_q1, self.cash_q2, self.cash_q3, self.cash_q4]


@belongs_to_agency("period")
class PlanStage(models.Model):
    """A later stage of a plan year (RULES §11): a *pergeseran* or the *perubahan* after
    APBD-P, applying from `first_quarter`. The murni plan is what Target and Budget hold; a
    stage records only what it changes (StageTarget, StageBudget), for quarters ≥
    `first_quarter`. Stages are never edited nor deleted: a correction is a new stage."""

    period = models.ForeignKey(
        RenstraPeriod, verbose_name=_("periode"), on_delete=models.CASCADE, related_name="stages"
    )
    year = year_field()
    number = models.PositiveSmallIntegerField(_("nomor tahap"))
    kind = models.CharField(_("jenis tahap"), max_length=12, choices=StageKind.choices)
    first_quarter = models.PositiveSmallIntegerField(_("berlaku mulai triwulan"))
    decided_on = models.DateField(_("tanggal penetapan"))
    reason = models.TextField(_("alasan"))
    made_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("dibuat oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("tahap rencana")
        verbose_name_plural = _("tahap rencana")
        ordering = ["period", "year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "year", "number"], name="plan_stage_unique_number"
            ),
            models.CheckConstraint(
                condition=models.Q(first_quarter__gte=1, first_quarter__lte=4),
                name="plan_stage_quarter_1_4",
            ),
            models.CheckConstraint(condition=~models.Q(kind="murni"), name="plan_stage_not_murni"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number} {self.year}"


@belongs_to_agency("stage")
class StageTarget(models.Model):
    """A target a stage changes: the annual one (quarter empty) or a quarter ≥ the stage's
    first quarter."""

    stage = models.ForeignKey(PlanStage, on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    quarter = quarter_field(annual=True)
    value = models.DecimalField(_("target"), max_digits=18, decimal_places=4)

    class Meta:
        verbose_name = _("target tahap")
        verbose_name_plural = _("target tahap")
        ordering = ["stage", "indicator", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "indicator", "quarter"], name="stage_target_unique"
            ),
            models.UniqueConstraint(
                fields=["stage", "indicator"],
                condition=models.Q(quarter__isnull=True),
                name="stage_target_unique_annual",
            ),
            quarter_check("stage_target_quarter_1_4", annual=True),
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="stage_target_not_negative"
            ),
        ]

    def __str__(self) -> str:
        period = f"TW {self.quarter}" if self.quarter else "tahunan"
        return f"{self.stage} · {self.indicator_id} {period}: {self.value}"


@belongs_to_agency("stage")
class StageBudget(models.Model):
    """A sub kegiatan's pagu and/or cash plan (quarters ≥ the stage's first) a stage changes;
    an empty field is unchanged."""

    stage = models.ForeignKey(PlanStage, on_delete=models.CASCADE, related_name="budgets")
    node = models.ForeignKey(PlanNode, on_delete=models.PROTECT, related_name="+")
    pagu = models.DecimalField(
        _("pagu (Rp)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    cash_q1 = models.DecimalField(
        _("anggaran kas TW I"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    cash_q2 = models.DecimalField(
        _("anggaran kas TW II"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    cash_q3 = models.DecimalField(
        _("anggaran kas TW III"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    cash_q4 = models.DecimalField(
        _("anggaran kas TW IV"), max_digits=18, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("anggaran tahap")
        verbose_name_plural = _("anggaran tahap")
        ordering = ["stage", "node"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "node"], name="stage_budget_unique"),
            models.CheckConstraint(
                condition=models.Q(pagu__isnull=True) | models.Q(pagu__gte=0),
                name="stage_budget_pagu_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stage} · {self.node_id}: {self.pagu}"

    @property
    def cash_plan(self) -> list[Decimal | None]:
        return [self.cash_q1, self.cash_q2, self.cash_q3, self.cash_q4]
