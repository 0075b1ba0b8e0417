"""Small includes other apps' pages use: open recommendations in a Bidang's format isian, and
the completion rate of recommendations on the dashboard."""

from __future__ import annotations

from typing import Any

from django import template

from monev.core.access import scope_of
from monev.evaluation import store
from monev.monitoring import selectors

register = template.Library()


@register.inclusion_tag("monitoring/_open_recommendations.html", takes_context=True)
def open_recommendations(context: dict[str, Any], submission: Any) -> dict[str, Any]:
    """The open recommendations of earlier quarters for the submission's Bidang, each with a
    form to report this quarter's follow-up (for the Bidang's own users)."""
    request = context["request"]
    cycle = submission.cycle
    # Kept per data token: recommendation and follow-up writes replace it (freshness.WATCHED).
    rows = store.memo(
        cycle.agency_id,
        ("open_recommendations", submission.unit_id, cycle.pk),
        lambda: selectors.open_for_unit(submission.unit_id, cycle),
    )
    user = request.user
    may_report = user.has_role("kepala_bidang", "operator_bidang") and user.unit_id == (
        submission.unit_id
    )
    return {
        "open_recommendations": rows,
        "submission": submission,
        "may_report": may_report,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("monitoring/_completion.html", takes_context=True)
def recommendation_completion(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    if user.is_bidang_only:
        rows = [
            c
            for c in selectors.completion_rate_for_agency_id(scope_of(user).agency_id)
            if c.unit is None or c.unit.pk == user.unit_id
        ]
    else:
        rows = selectors.completion_rate_for_agency_id(scope_of(user).agency_id)
    return {"completion": rows}


#: Bootstrap badge colour of each visit, correction and recommendation status.
BADGES = {
    "direncanakan": "text-bg-secondary",
    "disetujui": "text-bg-primary",
    "dilaksanakan": "text-bg-info",
    "diakui": "text-bg-success",
    "dibantah": "text-bg-warning",
    "diusulkan": "text-bg-info",
    "diterima": "text-bg-success",
    "ditolak": "text-bg-secondary",
    "sesuai": "text-bg-success",
    "dalam_proses": "text-bg-warning",
    "belum_ditindaklanjuti": "text-bg-danger",
    "tidak_dapat_ditindaklanjuti": "text-bg-secondary",
}


@register.filter
def badge(status: str) -> str:
    """Return the badge class of a monitoring status ("text-bg-…")."""
    return BADGES.get(status, "text-bg-light")
