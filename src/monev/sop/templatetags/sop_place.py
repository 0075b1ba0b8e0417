"""`{% sop_place cycle "key" %}`: a working page's place in the SOP (step, holder, due time,
timeliness), the same component on every page that does the work of a step.

Load it and place it in one line under the page header::

    {% load sop_place %}{% sop_place cycle "rencana_monev" %}

Several keys (space-separated) for a page serving several steps: the running one is shown.
"""

from __future__ import annotations

from typing import Any

from django import template

from monev.sop import selectors

register = template.Library()


@register.inclusion_tag("sop/_place.html")
def sop_place(cycle: Any, keys: str) -> dict[str, Any]:
    return {"place": selectors.step_place(cycle, keys) if cycle is not None else None}
