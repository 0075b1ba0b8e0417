"""Forms of the analysis step (SOP step 7)."""

from __future__ import annotations

from django import forms

from monev.core.forms import StyledFormMixin
from monev.evaluation.models import AnalysisNote


class AnalysisNoteForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = AnalysisNote
        fields = list(AnalysisNote.TEXT_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in AnalysisNote.TEXT_FIELDS}
