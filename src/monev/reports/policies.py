"""Who may sign the final document (step 12, SPEC §15): the paraf of the Kasubag Program, then
of the Sekretaris (invisible signatures), then the Kepala Dinas' visible signature, which is
the ratification — in that order, on the latest final version, inside the report's agency."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from monev.accounts.choices import Role
from monev.domain import report_flow
from monev.reports.models import Report, ReportVersion
from monev.signing import selectors as signing_selectors
from monev.signing.choices import Kind


@dataclass(frozen=True)
class SigningStep:
    kind: str
    role: str
    field: str  # the signature field's name in the PDF
    label: Any


#: The order of the signatures on the final document (as SRIKANDI: paraf first, the head last).
SIGNING_ORDER = (
    SigningStep(Kind.PARAF, Role.KASUBAG_PROGRAM, "Paraf1-KasubagProgram",
                _("Paraf Kasubag Program")),
    SigningStep(Kind.PARAF, Role.SEKRETARIS, "Paraf2-Sekretaris", _("Paraf Sekretaris")),
    SigningStep(Kind.PENGESAHAN, Role.KEPALA_DINAS, "Pengesahan-KepalaDinas",
                _("Tanda tangan pengesahan Kepala Dinas")),
)  # fmt: skip


def signing_enabled(agency_id: int | None) -> bool:
    """Whether the agency ratifies by signing: BSrE is configured or it has a seal."""
    return bool(settings.MONEV_BSRE_URL) or signing_selectors.active_seal(agency_id) is not None


def next_signing_step(version: ReportVersion) -> SigningStep | None:
    """The signature the version waits for; None once the Kepala Dinas has signed."""
    done = signing_selectors.signatures_of(version).count()
    return SIGNING_ORDER[done] if done < len(SIGNING_ORDER) else None


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
