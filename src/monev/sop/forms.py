"""Forms of the SOP engine pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from monev.accounts.choices import Role
from monev.core.forms import StyledFormMixin
from monev.sop.choices import DayOffKind, Symbol, TimeUnit
from monev.sop.models import SopDefinition, SopStep, WorkCalendarSetting

WEEKDAYS = [
    (0, _("Senin")),
    (1, _("Selasa")),
    (2, _("Rabu")),
    (3, _("Kamis")),
    (4, _("Jumat")),
    (5, _("Sabtu")),
    (6, _("Minggu")),
]


class CycleOpenForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2020, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Triwulan"),
        coerce=int,
        choices=[(1, "Triwulan I"), (2, "Triwulan II"), (3, "Triwulan III"), (4, "Triwulan IV")],
    )
    disposition = forms.CharField(
        label=_("Disposisi untuk Kasubag Program"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("mis. «Mohon segera disiapkan format isian monev Triwulan III.»"),
    )


class StepNoteForm(StyledFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReturnForm(StyledFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Catatan perbaikan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Apa yang harus diperbaiki pada langkah sebelumnya?"),
    )


class DocumentForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=_("Dokumen output"))


#: The SOP's list boxes, edited one item per line.
LIST_FIELDS = (
    "legal_basis",
    "related_sops",
    "warnings",
    "qualifications",
    "equipment",
    "records",
)


class DefinitionForm(StyledFormMixin, forms.ModelForm):
    """The identity part of an SOP; list boxes are edited one item per line."""

    change_note = forms.CharField(
        label=_("Catatan perubahan (untuk versi baru)"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = SopDefinition
        fields = [
            "name",
            "created_on",
            "revised_on",
            "effective_on",
            "ratified_by_position",
            "ratified_by_name",
            "ratified_by_pangkat",
            "ratified_by_golongan",
            "ratified_by_nip",
            *LIST_FIELDS,
        ]
        widgets = {
            "created_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "revised_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "effective_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **{name: forms.Textarea(attrs={"rows": 3}) for name in LIST_FIELDS},
        }


class StepForm(StyledFormMixin, forms.ModelForm):
    lanes = forms.MultipleChoiceField(
        label=_("Kolom pelaksana pada bagan"),
        choices=Role.choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 3}),
    )

    class Meta:
        model = SopStep
        fields = [
            "number",
            "key",
            "description",
            "actor",
            "approver",
            "lanes",
            "symbol",
            "no_goto",
            "inputs",
            "time_value",
            "time_unit",
            "output",
            "notes",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "inputs": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 1}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["symbol"].choices = Symbol.choices  # type: ignore[attr-defined]
        self.fields["time_unit"].choices = TimeUnit.choices  # type: ignore[attr-defined]


StepFormSet = forms.formset_factory(StepForm, extra=1, can_delete=True)
#: The steps of a new SOP: two empty rows to start with (a blank row is ignored).
NewStepFormSet = forms.formset_factory(StepForm, extra=2, can_delete=True)


class NewDefinitionForm(DefinitionForm):
    """A new SOP's identity: its own number and how often it runs, besides the identity
    boxes of an edited SOP."""

    class Meta(DefinitionForm.Meta):
        fields = ["number", "name", "cadence", *DefinitionForm.Meta.fields[1:]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["change_note"]  # version 1 has no change to note
        self.fields["cadence"].help_text = _(
            "Per triwulan: satu siklus setiap triwulan. Per tahun: satu siklus setiap tahun."
        )


class CalendarForm(StyledFormMixin, forms.ModelForm):
    workdays = forms.TypedMultipleChoiceField(
        label=_("Hari kerja"), choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WorkCalendarSetting
        fields = ["workdays", "day_start", "day_end", "timezone", "allow_early_cycle_open"]
        widgets = {
            "day_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "day_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("day_start"), data.get("day_end")
        if start and end and end <= start:
            self.add_error("day_end", _("Jam selesai kerja harus setelah jam mulai."))
        return data


class DayOffForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Jenis"), choices=DayOffKind.choices)
    description = forms.CharField(label=_("Keterangan"), max_length=200)
