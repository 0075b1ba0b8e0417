"""Pages of steps 2 and 3 of the annual SOP (SPEC §16): the year's recap per sasaran and IKU,
and per IKU the four quarters' analysis notes and monev findings (`evaluation.annual`)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import render

from monev.core.access import AuthedRequest
from monev.evaluation import annual
from monev.sop import selectors as sop_selectors


def _visible(request: AuthedRequest, recap: annual.YearRecap) -> list[annual.IkuYears]:
    """A Bidang user sees its own Bidang's IKU (as `selectors.visible_results`)."""
    user = request.user
    if user.is_bidang_only:
        return [i for i in recap.ikus if i.indicator.responsible_unit_id == user.unit_id]
    return recap.ikus


@login_required
def annual_recap(request: AuthedRequest, pk: int) -> HttpResponse:
    """Step 2: per sasaran and IKU the target, realisation and achievement at TW IV of the
    cycle's year and of the Renstra's earlier years."""
    cycle = sop_selectors.cycle_for(request.user, pk)
    recap = annual.year_recap(cycle.agency_id, cycle.year)
    return render(
        request,
        "evaluation/annual_recap.html",
        {"cycle": cycle, "recap": recap, "ikus": _visible(request, recap),
         "last": annual.quarter_cycles(cycle.agency_id, cycle.year).get(annual.YEAR_END)},
    )  # fmt: skip


@login_required
def annual_analysis(request: AuthedRequest, pk: int) -> HttpResponse:
    """Step 3: per IKU the analysis notes of the year's four quarters (its Bidang's and the
    agency's) and the monev findings recorded on it."""
    cycle = sop_selectors.cycle_for(request.user, pk)
    recap = annual.year_recap(cycle.agency_id, cycle.year)
    notes = annual.notes_of_year(cycle.agency_id, cycle.year)
    findings: dict[int, list[Any]] = defaultdict(list)
    # The findings are read through the cycles' visits (monitoring sits above evaluation: no
    # import of its models here), in quarter order.
    quarters = annual.quarter_cycles(cycle.agency_id, cycle.year)
    prefetch_related_objects(list(quarters.values()), "visits__findings")
    for _quarter, quarter_cycle in sorted(quarters.items()):
        for visit in quarter_cycle.visits.all():
            for finding in visit.findings.all():
                if finding.indicator_id is not None:
                    findings[finding.indicator_id].append(finding)
    rows = [
        {
            "iku": iku,
            "notes": [n for n in notes
                      if n.unit_id is None or n.unit_id == iku.indicator.responsible_unit_id],
            "findings": findings.get(iku.indicator.pk, []),
        }
        for iku in _visible(request, recap)
    ]  # fmt: skip
    return render(
        request, "evaluation/annual_analysis.html", {"cycle": cycle, "recap": recap, "rows": rows}
    )
