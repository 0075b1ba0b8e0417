"""The correction page (after the lock): the Kasubag Program corrects one indicator's value of
a cycle's quarter, with a reason and an evidence file; reached from the step 3 results rows."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from monev.accounts.choices import Role
from monev.collection import selectors
from monev.collection.corrections import correction_make
from monev.collection.models import Correction, Realization
from monev.collection.views.posted import read_field
from monev.core.access import AuthedRequest, require_role
from monev.planning.selectors import indicators_visible_to
from monev.sop import selectors as sop_selectors


@login_required
def correction(request: AuthedRequest, pk: int, indicator: int) -> HttpResponse:
    cycle = sop_selectors.quarterly_cycle_for(request.user, pk)
    require_role(request.user, Role.KASUBAG_PROGRAM)
    chosen = get_object_or_404(
        indicators_visible_to(request.user).select_related("responsible_unit"), pk=indicator
    )
    realization = Realization.objects.filter(
        indicator=chosen, year=cycle.year, quarter=cycle.quarter
    ).first()
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        value = read_field(request.POST.get("value", ""), "value", errors)
        if not errors:
            try:
                correction_make(
                    actor=request.user,
                    cycle=cycle,
                    indicator=chosen,
                    value=value,
                    reason=request.POST.get("reason", ""),
                    evidence=request.FILES.get("evidence"),
                )
            except ValidationError as failure:
                if hasattr(failure, "error_dict"):
                    errors = {k: " ".join(v[0].messages) for k, v in failure.error_dict.items()}
                else:
                    errors = {"page": " ".join(failure.messages)}
            else:
                messages.success(
                    request,
                    _("Koreksi %(code)s dicatat; capaian dihitung ulang dan Bidang diberi tahu.")
                    % {"code": chosen.code},
                )
                return redirect(
                    reverse("evaluation:processing", args=[cycle.pk]) + f"#hasil-{chosen.pk}"
                )
        status = 400
    corrections = (
        Correction.objects.filter(realization=realization).select_related("corrected_by")
        if realization
        else []
    )
    return render(
        request,
        "collection/correction.html",
        {
            "cycle": cycle,
            "indicator": chosen,
            "realization": realization,
            "corrections": corrections,
            "locked": selectors.is_locked(cycle),
            "errors": errors,
            "posted": request.POST if request.method == "POST" else {},
        },
        status=status,
    )
