"""Forms of monev visits: checklist templates and the plan of a visit (step 4)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from monev.core.forms import StyledFormMixin
from monev.monitoring.models import ChecklistVersion
from monev.organization.models import Official, Unit
from monev.planning.models import Indicator


class ChecklistForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Nama templat"), max_length=200)
    text = forms.CharField(
        label=_("Bagian dan butir"),
        widget=forms.Textarea(attrs={"rows": 18, "class": "font-monospace"}),
        help_text=_(
            "Satu baris per butir. «# Judul» memulai bagian; butir diawali jenisnya: ya_tidak, "
            "teks, angka, atau pilihan (pilihan dipisah «;» setelah «:»). Tanda * setelah jenis "
            "= wajib diisi. Menyimpan perubahan membuat versi baru."
        ),
    )


def plan_units(agency_id: int) -> Any:
    """The units a monev visit goes to: the agency's active Bidang, UPTD and Sekretariat."""
    return Unit.objects.filter(
        agency_id=agency_id, is_active=True, kind__in=["bidang", "uptd", "sekretariat"]
    )


class PlanForm(StyledFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Bidang"), queryset=Unit.objects.none())
    day = forms.DateField(
        label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    start = forms.TimeField(
        label=_("Mulai"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end = forms.TimeField(
        label=_("Selesai"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    place = forms.CharField(label=_("Tempat"), max_length=200)
    team = forms.ModelMultipleChoiceField(
        label=_("Tim monev"),
        queryset=Official.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    leader = forms.ModelChoiceField(label=_("Ketua tim"), queryset=Official.objects.none())
    checklist = forms.ModelChoiceField(
        label=_("Daftar periksa"), queryset=ChecklistVersion.objects.none()
    )
    indicators = forms.ModelMultipleChoiceField(
        label=_("Indikator yang diverifikasi"),
        queryset=Indicator.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_("Kosongkan untuk memverifikasi semua indikator Bidang."),
    )

    def __init__(
        self,
        *args: Any,
        agency_id: int,
        period: Any,
        unit: Unit | None = None,
        **kwargs: Any,
    ) -> None:
        """`unit` is the Bidang chosen first: only its indicators are offered (and accepted)."""
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["unit"].queryset = plan_units(agency_id)
        fields["unit"].widget = forms.HiddenInput()
        officials = Official.objects.filter(agency_id=agency_id, is_active=True)
        fields["team"].queryset = officials
        fields["leader"].queryset = officials
        fields["checklist"].queryset = ChecklistVersion.objects.filter(
            template__agency_id=agency_id, template__is_active=True
        ).select_related("template")
        fields["indicators"].queryset = (
            Indicator.objects.filter(period=period, responsible_unit=unit).order_by("code")
            if period is not None and unit is not None
            else Indicator.objects.none()
        )
        fields["indicators"].label_from_instance = lambda i: f"{i.code} — {i.name}"

    def times(self) -> tuple[datetime, datetime]:
        data = self.cleaned_data
        zone = timezone.get_current_timezone()
        return (
            datetime.combine(data["day"], data["start"], zone),
            datetime.combine(data["day"], data["end"], zone),
        )
