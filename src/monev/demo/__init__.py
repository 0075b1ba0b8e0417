"""The demo agency: DKUKMTK Kabupaten Balangan (SPEC §8, DOMAIN §6).

`load_demo()` is idempotent: when the demo agency exists it changes nothing. Each part of the
demo lives in its own module and is loaded in order; later features add their module to
`PARTS`. It is a Django app of its own (`monev.demo`) only for its management commands
`monev demo` and `monev load_demo`, so that the base layer (`monev.core`) imports no app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.test.utils import override_settings

DEMO_PASSWORD = "monev-demo"


@dataclass
class DemoResult:
    created: bool
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # username, role, name


def _plan() -> None:
    from monev.demo import organization, plan_stages, planning
    from monev.demo.collection import fill_history

    agency = organization.demo_agency()
    assert agency is not None
    period = planning.load(agency)
    plan_stages.load(period)  # APBD-P 2026 from Triwulan III (RULES §11)
    fill_history(agency)


#: Loaded in order after the organisation: the plan with the data of its first year (2025),
#: then the SOP cycles of 2026 (which fill the quarterly data when they reach step 2).
def _sop() -> None:
    from monev.demo import sop

    sop.run_all()


def _kabupaten() -> None:
    from monev.demo import kabupaten

    kabupaten.load(password=DEMO_PASSWORD)


PARTS: list[Callable[[], None]] = [_plan, _sop, _kabupaten]


def load_demo(*, defer_renders: bool = False) -> DemoResult:
    """Load the demo agency unless it is already there; return the demo logins.

    No e-mail leaves while loading: the demo's history would otherwise mail every holder.
    With `defer_renders` (`monev demo`, which starts a worker beside the server) the draft
    versions of the reports are saved at once and their files queued for the worker; only
    the final documents (sealed, then archived) are rendered while loading.
    """
    from monev.demo import organization  # here, not above: this package is also a Django app

    if organization.demo_agency() is not None:
        return DemoResult(created=False, logins=organization.demo_logins())
    from monev.notifications.services import quiet as channels_quiet

    quiet = override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
    from contextlib import nullcontext

    from monev.reports.services import deferred_draft_files

    deferred = deferred_draft_files() if defer_renders else nullcontext()
    with quiet, channels_quiet(), deferred, transaction.atomic():
        organization.load(password=DEMO_PASSWORD)
        for part in PARTS:
            part()
    return DemoResult(created=True, logins=organization.demo_logins())
