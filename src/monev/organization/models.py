"""The agency, its units and its officials."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from monev.core.tenancy import ITSELF, belongs_to_agency
from monev.domain.nip import format_nip
from monev.domain.rule_settings import RuleSettings, bands_are_ordered
from monev.organization.choices import GOLONGAN_CHOICES, UnitKind
from monev.organization.validators import nip_validator


@belongs_to_agency(ITSELF)
class Agency(models.Model):
    """A Perangkat Daerah (here DKUKMTK Kabupaten Balangan): the top level of all data.

    Several agencies can share one installation; every user and every record belongs to one.
    """

    name = models.CharField(_("nama instansi"), max_length=200)
    short_name = models.CharField(_("singkatan"), max_length=40)
    government = models.CharField(
        _("pemerintah daerah"), max_length=120, help_text=_("mis. Pemerintah Kabupaten Balangan")
    )
    address = models.TextField(_("alamat"))
    city = models.CharField(
        _("kota tempat penandatanganan"), max_length=80, help_text=_("mis. Paringin")
    )
    phone = models.CharField(_("telepon"), max_length=60, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    website = models.CharField(_("laman"), max_length=120, blank=True)
    logo = models.ImageField(_("logo"), upload_to="agency/", blank=True)
    letterhead_lines = models.TextField(
        _("baris kop surat"),
        blank=True,
        help_text=_("Satu baris per baris kop, di bawah nama pemerintah daerah."),
    )
    # Who signs Formulir E.81 as "Dievaluasi" (the regional planning agency's head).
    evaluator_title = models.CharField(
        _("jabatan penilai E.81"),
        max_length=200,
        blank=True,
        help_text=_("Misalnya: Kepala Bappeda Kabupaten Balangan."),
    )
    evaluator_name = models.CharField(_("nama penilai E.81"), max_length=200, blank=True)
    evaluator_nip = models.CharField(_("NIP penilai E.81"), max_length=18, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def letterhead(self) -> list[str]:
        return [line.strip() for line in self.letterhead_lines.splitlines() if line.strip()]


@belongs_to_agency("agency")
class Unit(models.Model):
    """An organisational unit of the agency: Sekretariat, Subbagian, Bidang or UPTD (a tree)."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("instansi"), on_delete=models.CASCADE, related_name="units"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("unit induk"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    code = models.CharField(_("kode"), max_length=30)
    name = models.CharField(_("nama unit"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=UnitKind.choices)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("unit")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="unit_code_unique"),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")), name="unit_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name


@belongs_to_agency("agency")
class Official(models.Model):
    """A civil servant (pejabat/pegawai) of the agency, as printed in signature blocks."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("instansi"), on_delete=models.CASCADE, related_name="officials"
    )
    name = models.CharField(
        _("nama lengkap dengan gelar"),
        max_length=200,
        help_text=_("mis. Dra. Hj. Siti Aminah, M.Si"),
    )
    nip = models.CharField(
        _("NIP"), max_length=18, unique=True, null=True, blank=True, validators=[nip_validator]
    )
    golongan = models.CharField(
        _("pangkat/golongan"), max_length=6, choices=GOLONGAN_CHOICES, blank=True
    )
    position = models.CharField(_("jabatan"), max_length=200)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="officials",
        null=True,
        blank=True,
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pejabat/pegawai")
        verbose_name_plural = _("pejabat/pegawai")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def nip_display(self) -> str:
        return format_nip(self.nip) if self.nip else ""


class RatingLabels(models.TextChoices):
    """The label sets of the predikat (RULES §4), `monev.domain.ratings.LABELS`."""

    PERMENDAGRI = "permendagri", _("Predikat E.81 (Sangat Tinggi … Sangat Rendah)")
    BAIK = "baik", _("Skala LKjIP (Sangat Baik … Sangat Kurang)")


def _pct(name: Any, default: int, help_text: str = "") -> Any:
    return models.DecimalField(
        name, max_digits=6, decimal_places=2, default=Decimal(default), help_text=help_text
    )


@belongs_to_agency("agency")
class AgencySettings(models.Model):
    """The agency's choice for each rule RULES.md marks *(setting)* (§4, §5, §12); a missing
    row means RULES' defaults (`monev.domain.rule_settings.DEFAULTS`). Changed only by the
    Administrator; every change is audited and a report keeps the settings it was made with."""

    agency = models.OneToOneField(
        Agency, on_delete=models.CASCADE, related_name="rule_settings", verbose_name=_("instansi")
    )
    group_cap_enabled = models.BooleanField(
        _("batasi capaian dalam rata-rata kelompok"),
        default=True,
        help_text=_("Setiap capaian dibatasi pada nilai batas sebelum dirata-ratakan."),
    )
    group_cap = _pct(_("nilai batas (%)"), 100)
    rating_labels = models.CharField(
        _("label predikat"),
        max_length=20,
        choices=RatingLabels.choices,
        default=RatingLabels.PERMENDAGRI,
    )
    band_sangat_tinggi = _pct(_("batas bawah Sangat Tinggi (%)"), 91)
    band_tinggi = _pct(_("batas bawah Tinggi (%)"), 76)
    band_sedang = _pct(_("batas bawah Sedang (%)"), 66)
    band_rendah = _pct(_("batas bawah Rendah (%)"), 51)
    above_cash_plan = models.BooleanField(_("tanda: realisasi di atas anggaran kas"), default=True)
    above_cash_plan_pct = _pct(_("toleransi di atas anggaran kas (%)"), 10)
    behind_cash_plan = models.BooleanField(_("tanda: tertinggal dari anggaran kas"), default=True)
    behind_cash_plan_pct = _pct(_("batas deviasi (%)"), 25)
    physical_financial_gap = models.BooleanField(_("tanda: selisih fisik–keuangan"), default=True)
    physical_financial_gap_points = _pct(_("batas selisih (poin persen)"), 30)
    far_above_target = models.BooleanField(_("tanda: capaian jauh di atas target"), default=True)
    far_above_target_pct = _pct(_("batas capaian (%)"), 150)
    level_jump = models.BooleanField(_("tanda: lonjakan nilai indikator tingkat"), default=True)
    level_jump_pct = _pct(_("batas perubahan dari triwulan sebelumnya (%)"), 50)
    possibly_cumulative = models.BooleanField(
        _("tanda: nilai kumulatif mungkin diisi sebagai total s/d triwulan"), default=True
    )
    # The kepala daerah: Pihak Kedua of the Kepala Dinas' Perjanjian Kinerja (SPEC §16), also
    # in the LKjIP's Lampiran I. Not a rule: changing it changes no result.
    regional_head_name = models.CharField(
        _("nama kepala daerah"),
        max_length=150,
        blank=True,
        help_text=_("Nama Bupati/Wali Kota dengan gelar, dicetak sebagai Pihak Kedua Perjanjian "
                    "Kinerja Kepala Dinas."),
    )  # fmt: skip
    regional_head_title = models.CharField(
        _("jabatan kepala daerah"),
        max_length=150,
        blank=True,
        help_text=_('Kosong: dari nama pemerintah daerah, mis. "Bupati Balangan".'),
    )
    updated_at = models.DateTimeField(_("terakhir diubah"), auto_now=True)

    class Meta:
        verbose_name = _("pengaturan aturan perhitungan")
        verbose_name_plural = _("pengaturan aturan perhitungan")

    def __str__(self) -> str:
        return str(_("Pengaturan %(agency)s") % {"agency": self.agency})

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if not bands_are_ordered(self.as_rules()):
            raise ValidationError(
                _("Batas predikat harus menurun dari Sangat Tinggi ke Rendah dan tidak negatif.")
            )

    def as_rules(self) -> RuleSettings:
        """The settings as the pure rules read them."""
        return RuleSettings(
            group_cap=self.group_cap if self.group_cap_enabled else None,
            rating_labels=self.rating_labels,
            **{name: getattr(self, name) for name in RULE_FIELDS},
        )


#: The fields copied as they are into `RuleSettings` (beside the cap and the label set).
RULE_FIELDS = (
    "band_sangat_tinggi",
    "band_tinggi",
    "band_sedang",
    "band_rendah",
    "above_cash_plan",
    "above_cash_plan_pct",
    "behind_cash_plan",
    "behind_cash_plan_pct",
    "physical_financial_gap",
    "physical_financial_gap_points",
    "far_above_target",
    "far_above_target_pct",
    "level_jump",
    "level_jump_pct",
    "possibly_cumulative",
)
