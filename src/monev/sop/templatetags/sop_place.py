"""`{% sop_place cycle "key" %}`: a working page's place in the SOP (step, holder, due time,
timeliness), the same component on every page that does the work of a step.

Load it and place it in one line under the page header::

    {% load sop_place %}{% sop_place cycle "rencana_monev" %}

Several keys (space-separated) for a page serving several steps: the running one is shown.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template import Engine
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from monev.core import store
from monev.sop import selectors

register = template.Library()

TEMPLATE = "sop/_place.html"


@register.simple_tag(takes_context=True)
def sop_place(context: template.Context, cycle: Any, keys: str) -> SafeString:
    """The component, rendered once per data token and what a request adds to it: the
    place's steps, runs and their people come from the data token's kept SOP state
    (`selectors.step_place`); the holders, the timeliness (the clock) and the language are
    part of the key."""
    place = selectors.step_place(cycle, keys) if cycle is not None else None

    def render() -> SafeString:
        engine = context.template.engine if context.template is not None else Engine.get_default()
        component = engine.get_template(TEMPLATE)
        return component.render(context.new({"place": place}))

    if place is None:
        return render()
    key = (
        "sop_place",
        cycle.pk,
        cycle.status,
        keys,
        place.step.pk,
        place.run.pk if place.run is not None else None,
        place.state,
        place.holder_label,
        tuple(place.holders),
        place.more_holders,
        place.timing,
        place.timing_text,
        place.current.pk if place.current is not None else None,
        place.current_holder,
        get_language(),
        timezone.get_current_timezone_name(),
        get_script_prefix(),
        get_urlconf(),
    )
    return store.memo(cycle.agency_id, key, render)
