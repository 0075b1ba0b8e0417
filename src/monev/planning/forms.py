"""Forms of the plan pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from monev.core.files import read_upload
from monev.core.forms import StyledFormMixin
from monev.core.numbers import IndonesianDecimalField
from monev.domain.numbers import format_plain
from monev.organization.models import Unit
from monev.planning.choices import StageKind
from monev.planning.models import Indicator
from monev.planning.xlsx.stages import StageRequest


class IndicatorForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "name",
            "unit_of_measure",
            "polarity",
            "aggregation",
            "negative_variant",
            "decimals",
            "is_iku",
            "responsible_unit",
            "definition",
            "data_source",
        ]
        widgets = {"definition": forms.Textarea(attrs={"rows": 3})}

    baseline = IndonesianDecimalField(label=_("Kondisi awal"))
    end_target = IndonesianDecimalField(label=_("Target akhir Renstra"), min_value=Decimal(0))

    def __init__(self, *args: Any, agency_id: int, years: range, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            agency_id=agency_id
        )
        self.years = years
        if self.instance.pk and not self.is_bound:
            self.initial["baseline"] = format_plain(self.instance.baseline)
            self.initial["end_target"] = format_plain(self.instance.end_target)
        for year in years:
            self.fields[f"t_{year}_0"] = IndonesianDecimalField(
                label=_("Target %(year)s") % {"year": year}, min_value=Decimal(0)
            )
            for quarter in (1, 2, 3, 4):
                self.fields[f"t_{year}_{quarter}"] = IndonesianDecimalField(
                    label=f"TW {quarter} {year}", min_value=Decimal(0)
                )

    def target_fields(self) -> list[dict[str, Any]]:
        return [
            {"year": y, "fields": [self[f"t_{y}_{q}"] for q in (0, 1, 2, 3, 4)]} for y in self.years
        ]

    def model_fields(self) -> list[Any]:
        return [
            self[name]
            for name in [*self.Meta.fields[:6], "baseline", "end_target", *self.Meta.fields[6:]]
        ]


class PlanFilterForm(StyledFormMixin, forms.Form):
    tahun = forms.IntegerField(label=_("Tahun"), required=False)
    unit = forms.ModelChoiceField(
        label=_("Unit"), required=False, queryset=Unit.objects.none(), empty_label=_("Semua unit")
    )
    iku = forms.BooleanField(label=_("IKU saja"), required=False)
    q = forms.CharField(label=_("Cari kode atau nama"), required=False)

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            agency_id=agency_id
        )


class StageFieldsForm(StyledFormMixin, forms.Form):
    """What a plan stage made by an import is (RULES §11): used only when the workbook
    changes targets or budgets of a year that has begun."""

    stage_kind = forms.ChoiceField(
        label=_("Jenis tahap"),
        choices=[
            (StageKind.PERUBAHAN.value, StageKind.PERUBAHAN.label),
            (StageKind.PERGESERAN.value, StageKind.PERGESERAN.label),
        ],
        initial=StageKind.PERUBAHAN,
        required=False,
    )
    stage_first_quarter = forms.TypedChoiceField(
        label=_("Berlaku mulai"),
        choices=[("", _("Triwulan pertama yang belum dikunci"))]
        + [(q, f"Triwulan {r}") for q, r in ((1, "I"), (2, "II"), (3, "III"), (4, "IV"))],
        coerce=int,
        empty_value=None,
        required=False,
    )
    stage_reason = forms.CharField(
        label=_("Alasan tahap"),
        required=False,
        max_length=500,
        help_text=_(
            "Wajib bila berkas mengubah target atau anggaran tahun yang sudah berjalan, "
            "mis. «Perda APBD Perubahan No. 5 Tahun 2026»."
        ),
    )

    def stage_request(self) -> StageRequest:
        data = getattr(self, "cleaned_data", {})
        return StageRequest(
            kind=data.get("stage_kind") or StageKind.PERUBAHAN,
            reason=data.get("stage_reason") or "",
            first_quarter=data.get("stage_first_quarter"),
        )


class ImportForm(StageFieldsForm):
    file = forms.FileField(label=_("Berkas XLSX rencana"))
    field_order = ["file", "stage_kind", "stage_first_quarter", "stage_reason"]

    def clean_file(self) -> bytes:
        """The workbook's bytes: refused by its declared size before anything is read, and
        never read past MONEV_IMPORT_MAX_MB (core.files.read_upload)."""
        return read_upload(self.cleaned_data["file"], settings.MONEV_IMPORT_MAX_MB * 2**20)
