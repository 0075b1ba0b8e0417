"""Per request: the agency's rating label set (RULES §4 setting) for every predikat a page
prints, read from the agency's settings only when a page prints one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from monev.core import formats


class RatingLabelsMiddleware:
    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        found: list[str] = []

        def labels() -> str:
            if not found:
                found.append(_labels_of(request))
            return found[0]

        with formats.rating_labels(labels):
            return self.get_response(request)


def _labels_of(request: Any) -> str:
    from monev.organization.selectors import rule_settings

    user = getattr(request, "user", None)
    agency_id = getattr(user, "agency_id", None) if user is not None else None
    if not agency_id:
        return "permendagri"
    return rule_settings(agency_id).rating_labels
