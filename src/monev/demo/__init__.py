"""The demo agency: DKUKMTK Kabupaten Balangan (SPEC §8, DOMAIN §6).

`load_demo()` is idempotent: when the demo agency exists it changes nothing. Each part of the
demo lives in its own module and is loaded in order; later features add their module to
`PARTS`. It is a Django app of its own (`monev.demo`) only for its management commands
`monev demo` and `monev load_demo`, so that the base layer (`monev.core`) imports no app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
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
    from monev.demo import annual

    annual.agreements_before_perubahan(agency)  # PK 2025 and 2026 before the APBD-P
    plan_stages.load(period)  # APBD-P 2026 from Triwulan III (RULES §11)
    fill_history(agency)


#: Loaded in order after the organisation: the plan with the data of its first year (2025),
#: then the SOP cycles of 2026 (which fill the quarterly data when they reach step 2).
def _sop() -> None:
    from monev.demo import sop

    sop.run_all()


def _annual() -> None:
    from monev.demo import annual

    annual.run_all()


def _kabupaten() -> None:
    from monev.demo import kabupaten

    kabupaten.load(password=DEMO_PASSWORD)


PARTS: list[Callable[[], None]] = [_plan, _sop, _annual, _kabupaten]


@contextmanager
def one_password_hash(password: str) -> Iterator[None]:
    """Inside: every account given the demo's password gets one hash of it, made once (the
    hasher's iterations are the point of a real password and cost ~0.3 s per account: 28
    demo accounts were ~10 s of `make demo`). Same password, same salt: nothing is learnt
    from the shared hash that the printed demo password does not say already."""
    from django.contrib.auth import base_user, hashers

    hashed = hashers.make_password(password)
    real = hashers.make_password  # what base_user imported by name

    def make_password(raw: str | None, *args: Any, **kwargs: Any) -> str:
        if raw == password and not args and not kwargs:
            return hashed
        return real(raw, *args, **kwargs)

    setattr(base_user, "make_password", make_password)  # noqa: B010 (untyped module attribute)
    try:
        yield
    finally:
        setattr(base_user, "make_password", real)  # noqa: B010


def load_demo(*, defer_renders: bool = False) -> DemoResult:
    """Load the demo agency unless it is already there; return the demo logins.

    No e-mail leaves while loading: the demo's history would otherwise mail every holder.
    With `defer_renders` (`monev demo`, which starts a worker beside the server) the draft
    versions of the reports are saved at once and their files queued for the worker, and so
    are the final documents of TW I and II and of the LKjIP 2025 (rendered, sealed, signed,
    ratified, archived by the worker with the loading's own times: `demo.reports.deferred_finals`).
    """
    from monev.demo import organization  # here, not above: this package is also a Django app

    if organization.demo_agency() is not None:
        return DemoResult(created=False, logins=organization.demo_logins())
    from monev.notifications.services import quiet as channels_quiet

    quiet = override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
    from contextlib import nullcontext

    from monev.demo.reports import deferred_finals
    from monev.reports.services import deferred_draft_files

    deferred = deferred_draft_files() if defer_renders else nullcontext()
    finals = deferred_finals() if defer_renders else nullcontext()
    hashes = one_password_hash(DEMO_PASSWORD)
    with quiet, channels_quiet(), deferred, finals, hashes, transaction.atomic():
        organization.load(password=DEMO_PASSWORD)
        if settings.DEMO_RENDER_REPORTS:  # signed reports need rendered ones (decision 0022)
            from monev.accounts.models import User
            from monev.demo import signing

            signing.load(User.objects.get(username="admin"))
        for part in PARTS:
            part()
    return DemoResult(created=True, logins=organization.demo_logins())
