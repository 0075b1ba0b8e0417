"""Who may do what to a Bidang's quarterly form (`Submission`) and its realisations.

One naming style across every app's `policies.py` (see docs/services-selectors-policies.md):
`submission_parties` are the user's parties in the table `monev.domain.submission_flow`,
`submission_actions` the table's actions open to them now, `may_<verb>_<entity>` a yes/no for
a write outside the table. Services enforce them; views and templates ask them.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from monev.accounts.choices import BIDANG_ROLES, Role
from monev.accounts.models import User
from monev.collection.models import Submission
from monev.collection.selectors import SECRETARIAT_KINDS
from monev.domain.submission_flow import SUBMISSION, Party, State
from monev.organization.selectors import in_own_units


def may_fill_submission(user: User | AnonymousUser, submission: Submission) -> bool:
    """Return True when the user fills this form: a Bidang user of its unit, or the Kasubag
    Program for the Sekretariat's units (never an anonymous user)."""
    if not isinstance(user, User):
        return False
    if submission.unit.kind in SECRETARIAT_KINDS:
        return bool(user.has_role(Role.KASUBAG_PROGRAM))
    if not user.roles & BIDANG_ROLES:
        return False
    # The user's own unit is in their units: its form needs no read of the unit tree.
    own = submission.unit_id is not None and submission.unit_id == user.unit_id
    return own or in_own_units(user, submission.unit_id)


def submission_parties(actor: User, submission: Submission) -> frozenset[str]:
    """Return the parties (`monev.domain.submission_flow.Party`) `actor` is to the form."""
    found = set()
    if may_fill_submission(actor, submission):
        found.add(Party.FILLER)
    if actor.has_role(Role.KASUBAG_PROGRAM) and actor.agency_id == submission.cycle.agency_id:
        found.add(Party.REVIEWER)
    return frozenset(found)


def submission_actions(actor: User, submission: Submission) -> list[str]:
    """Return the actions `actor` may take on the form now (for the page's buttons)."""
    return [
        str(a)
        for a in SUBMISSION.actions(State(submission.status), submission_parties(actor, submission))
    ]


def may_correct_realization(user: User, agency_id: int) -> bool:
    """After the lock, the Kasubag Program of the indicator's agency corrects a value."""
    return user.has_role(Role.KASUBAG_PROGRAM) and user.agency_id == agency_id


def may_remind_bidang(user: User) -> bool:
    """The Kasubag Program reminds a Bidang to fill in or correct its form."""
    return user.has_role(Role.KASUBAG_PROGRAM)
