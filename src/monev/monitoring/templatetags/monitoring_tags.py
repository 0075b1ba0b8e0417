"""Small includes other apps' pages use: open recommendations in a Bidang's format isian, and
the completion rate of recommendations on the dashboard."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from monev.core import store
from monev.core.access import scope_of
from monev.monitoring import selectors

register = template.Library()


#: Stands for the request's CSRF token in the kept block (each request puts its own in).
_CSRF = "\x00csrf\x00"


@register.simple_tag(takes_context=True)
def open_recommendations(context: dict[str, Any], submission: Any) -> str:
    """The open recommendations of earlier quarters for the submission's Bidang, each with a
    form to report this quarter's follow-up (for the Bidang's own users).

    Rendered once per data token (recommendation and follow-up writes replace it,
    core.freshness.WATCHED), whether the reader may report, the page's address and language."""
    request = context["request"]
    cycle = submission.cycle
    user = request.user
    may_report = user.has_role("kepala_bidang", "operator_bidang") and user.unit_id == (
        submission.unit_id
    )
    next_url = request.get_full_path()

    def block() -> str:
        return render_to_string(
            "monitoring/_open_recommendations.html",
            {
                "open_recommendations": selectors.open_for_unit(submission.unit_id, cycle),
                "submission": submission,
                "may_report": may_report,
                "next": next_url,
                "csrf_token": _CSRF,
            },
        )

    html = store.memo(
        cycle.agency_id,
        (
            "open_recommendations",
            submission.unit_id,
            cycle.pk,
            may_report,
            next_url,
            get_language(),
        ),
        block,
    )
    return mark_safe(html.replace(_CSRF, escape(str(context.get("csrf_token", "")))))


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
