"""Analysis notes of a cycle (SOP step 7): per Bidang and for the agency."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from monev.core.access import AuthedRequest
from monev.evaluation import policies, selectors, services
from monev.evaluation.dashboard import build
from monev.evaluation.forms import AnalysisNoteForm
from monev.sop import selectors as sop_selectors


@login_required
def analysis(request: AuthedRequest, pk: int) -> HttpResponse:
    """Analysis notes of a cycle (SOP step 7): per Bidang and for the agency."""
    cycle = sop_selectors.quarterly_cycle_for(request.user, pk)
    notes = selectors.analysis_notes(cycle, request.user)
    closed = selectors.analysis_closed(cycle)
    if request.method == "POST":
        unit_value = request.POST.get("unit", "")
        target = next(
            (
                n
                for n in notes
                if str(n.unit_id or "") == unit_value
                and policies.may_edit_note(request.user, n.unit)
            ),
            None,
        )
        if target is None:
            raise PermissionDenied
        if closed:
            messages.error(request, selectors.ANALYSIS_CLOSED)
            return redirect("evaluation:analysis", pk=cycle.pk)
        form = AnalysisNoteForm(request.POST, prefix=unit_value or "dinas")
        if form.is_valid():
            sent = {  # only the fields the browser sent: an omitted field keeps its text
                name: value
                for name, value in form.cleaned_data.items()
                if form.add_prefix(name) in request.POST
            }
            services.analysis_note_save(
                actor=request.user, cycle=cycle, unit=target.unit, values=sent
            )
            messages.success(request, _("Catatan analisis disimpan."))
            return redirect("evaluation:analysis", pk=cycle.pk)
        target.form = form
    for view in notes:
        if view.editable and view.form is None:
            view.form = AnalysisNoteForm(
                instance=view.note,
                prefix=str(view.unit_id or "dinas"),
                initial=view.suggestion if view.note.pk is None else None,
            )
    data = build(
        cycle.agency_id,
        year=cycle.year,
        quarter=cycle.quarter,
        unit=request.user.unit_id if request.user.is_bidang_only else None,
    )
    lagging = sorted(
        (r for r in data.results if r.rating in ("rendah", "sangat_rendah")),
        key=lambda r: r.achievement if r.achievement is not None else 0,
    )
    return render(
        request,
        "evaluation/analysis.html",
        {
            "cycle": cycle,
            "notes": notes,
            "closed": closed,
            "data": data,
            "lagging": lagging[:10],
            "ratings": list(data.agency.by_rating.items()),
        },
    )
