"""Who may sign the final document (step 12, SPEC §15): the paraf of the Kasubag Program, then
of the Sekretaris (invisible signatures), then the Kepala Dinas' visible signature, which is
the ratification — in that order, on the latest final version, inside the report's agency."""

from __future__ import annotations

from typing import Any

from monev.domain import report_flow
from monev.reports.models import Report, ReportVersion
from monev.reports.selectors import SIGNING_ORDER, SigningStep, next_signing_step, signing_enabled

__all__ = [
    "SIGNING_ORDER",
    "SigningStep",
    "may_sign_version",
    "next_signing_step",
    "signing_enabled",
]


def may_sign_version(user: Any, report: Report, version: ReportVersion) -> bool:
    """Whether `user` may add the version's next signature now: theirs is the role of the
    next step in `SIGNING_ORDER`, the report is theirs and not fixed yet."""
    step = next_signing_step(version)
    return (
        step is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "agency_id", None) == report.cycle.agency_id
        and report.status not in report_flow.FIXED
        and user.has_role(step.role)
    )
