"""`{% indicator_results indicator %}`: the indicator's result at each reported quarter of its
Renstra up to this year (achievement beside annual progress), for the indicator's page.

The page belongs to planning, the numbers to evaluation: planning's template asks for this
fragment instead of its view importing evaluation's selectors upwards (STYLE: plumbing on the
lowest floor that uses it)::

    {% load indicator_results %}{% indicator_results indicator %}
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from monev.evaluation.selectors import indicator_results as results_of

register = template.Library()


@register.inclusion_tag("evaluation/_indicator_results.html")
def indicator_results(indicator: Any) -> dict[str, Any]:
    return {
        "indicator": indicator,
        "results": results_of(indicator, until_year=timezone.localdate().year),
    }
