"""The audit log pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from monev.core import selectors
from monev.core.access import AuthedRequest, permission_required
from monev.core.audit_display import humanize
from monev.core.choices import AuditAction
from monev.core.forms import StyledFormMixin
from monev.core.models import AuditEntry
from monev.core.views_helpers import paginate


class AuditFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Cari objek atau catatan"), required=False)
    actor = forms.CharField(label=_("Pelaku"), required=False)
    action = forms.ChoiceField(
        label=_("Tindakan"), required=False, choices=[("", _("Semua")), *AuditAction.choices]
    )
    content_type = forms.ChoiceField(label=_("Jenis data"), required=False)
    date_from = forms.DateField(
        label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        used = AuditEntry.objects.values_list("content_type", flat=True).distinct()
        types = ContentType.objects.filter(pk__in=used)
        self.fields["content_type"].choices = [  # type: ignore[attr-defined]
            ("", _("Semua")),
            *sorted(((str(ct.pk), str(ct.name).capitalize()) for ct in types), key=lambda c: c[1]),
        ]


@permission_required("audit.read")
def audit_list(request: AuthedRequest) -> HttpResponse:
    filters = AuditFilterForm(request.GET or None)
    filters.is_valid()
    data = getattr(filters, "cleaned_data", {})
    entries = selectors.audit_search(
        request.user,
        q=data.get("q", ""),
        actor=data.get("actor", ""),
        action=data.get("action", ""),
        content_type=int(data["content_type"]) if data.get("content_type") else None,
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
    )
    page_obj = paginate(request, entries.select_related("actor__official", "content_type"), 50)
    humanize(list(page_obj))
    return render(request, "core/audit_list.html", {"page_obj": page_obj, "filters": filters})


@permission_required("audit.read")
def audit_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(selectors.audit_entries_visible_to(request.user), pk=pk)
    humanize([entry])
    return render(request, "core/audit_detail.html", {"entry": entry})
