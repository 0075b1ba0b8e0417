"""Forms for the Administrator's organisation pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from monev.core import images
from monev.core.files import read_upload
from monev.core.forms import StyledFormMixin
from monev.organization.choices import GOLONGAN_CHOICES, UnitKind
from monev.organization.models import Agency, AgencySettings, Official, Unit
from monev.organization.validators import clean_nip


def clean_nip_text(value: str | None) -> str:
    """Return the 18 digits of a typed NIP ("" when empty), or raise a form error."""
    value = (value or "").strip()
    if not value:
        return ""
    return clean_nip(value)


class AgencyForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Agency
        fields = [
            "name",
            "short_name",
            "government",
            "address",
            "city",
            "phone",
            "email",
            "website",
            "logo",
            "letterhead_lines",
            "evaluator_title",
            "evaluator_name",
            "evaluator_nip",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "letterhead_lines": forms.Textarea(attrs={"rows": 3}),
        }

    evaluator_nip = forms.CharField(label=_("NIP penilai E.81"), required=False, max_length=24)

    def clean_evaluator_nip(self) -> str:
        return clean_nip_text(self.cleaned_data.get("evaluator_nip"))

    def clean_logo(self) -> Any:
        """The logo is drawn on every letterhead (PDF and DOCX): at most MONEV_LOGO_MAX_MB and
        MONEV_LOGO_MAX_PIXELS pixels, read from its header before anything decodes it."""
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):  # a new upload (not the logo kept already)
            name = getattr(logo, "name", "") or "logo"
            read_upload(logo, settings.MONEV_LOGO_MAX_MB * 2**20)
            logo.seek(0)
            images.check_pixels(logo, name=name, max_pixels=settings.MONEV_LOGO_MAX_PIXELS)
            logo.seek(0)
        return logo


class UnitForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["code", "name", "kind", "parent", "order", "is_active"]

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Unit.objects.filter(agency=agency)  # type: ignore[attr-defined]
        self.fields["parent"].empty_label = _("— tanpa induk —")  # type: ignore[attr-defined]
        self.instance.agency = agency


class OfficialForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Official
        fields = ["name", "nip", "golongan", "position", "unit", "is_active"]
        widgets = {"nip": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 24})}
        help_texts = {"nip": _("18 digit, boleh ditulis dengan spasi: 19681117 199703 1 003")}

    nip = forms.CharField(label=_("NIP"), required=False, max_length=24)

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(agency=agency)  # type: ignore[attr-defined]
        self.instance.agency = agency

    def clean_nip(self) -> str | None:
        return clean_nip_text(self.cleaned_data.get("nip")) or None


class UnitFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Cari"), required=False)
    kind = forms.ChoiceField(
        label=_("Jenis"), required=False, choices=[("", _("Semua jenis")), *UnitKind.choices]
    )


class OfficialFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Cari nama, jabatan atau NIP"), required=False)
    unit = forms.ModelChoiceField(
        label=_("Unit"), required=False, queryset=Unit.objects.none(), empty_label=_("Semua unit")
    )
    golongan = forms.ChoiceField(
        label=_("Golongan"), required=False, choices=[("", _("Semua golongan")), *GOLONGAN_CHOICES]
    )

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(agency=agency)  # type: ignore[attr-defined]


#: The settings page's cards: a title and the fields under it.
SETTINGS_SECTIONS = (
    (_("Predikat dan rata-rata kelompok (RULES §4, §5)"), (
        "rating_labels", "band_sangat_tinggi", "band_tinggi", "band_sedang", "band_rendah",
        "group_cap_enabled", "group_cap",
    )),
    (_("Aturan kualitas data di olah data (RULES §12)"), (
        "above_cash_plan", "above_cash_plan_pct", "behind_cash_plan", "behind_cash_plan_pct",
        "physical_financial_gap", "physical_financial_gap_points", "far_above_target",
        "far_above_target_pct", "level_jump", "level_jump_pct", "possibly_cumulative",
    )),
    (_("Kepala daerah (Pihak Kedua Perjanjian Kinerja)"), (
        "regional_head_name", "regional_head_title",
    )),
)  # fmt: skip


class AgencySettingsForm(StyledFormMixin, forms.ModelForm):
    """The agency's rule settings (RULES "(setting)"), in the cards of `SETTINGS_SECTIONS`."""

    class Meta:
        model = AgencySettings
        fields = [name for _title, names in SETTINGS_SECTIONS for name in names]

    def sections(self) -> list[tuple[str, list[Any]]]:
        return [(str(title), [self[name] for name in names]) for title, names in SETTINGS_SECTIONS]
