"""Who may change the plan (the Renstra/Renja tree, indicators and targets).

One naming style across every app's `policies.py` (docs/services-selectors-policies.md):
`may_<verb>_<entity>(user, obj)` answers yes or no; services enforce it, views and templates
ask it.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from monev.accounts.choices import Role
from monev.accounts.models import User
from monev.planning.models import RenstraPeriod

#: Roles that may change the plan (issue: only Kasubag Program and Administrator edit it).
PLAN_EDITORS = (Role.KASUBAG_PROGRAM, Role.ADMINISTRATOR)


def may_edit_plan(user: User | AnonymousUser) -> bool:
    """The Kasubag Program and the administrator change the plan."""
    return isinstance(user, User) and user.has_role(*PLAN_EDITORS)


def may_view_stages(user: User | AnonymousUser, period: RenstraPeriod) -> bool:
    """Everyone of the agency reads the stages of its plan (as they read the plan)."""
    return isinstance(user, User) and user.agency_id == period.agency_id


def may_create_stage(user: User | AnonymousUser, period: RenstraPeriod) -> bool:
    """The Kasubag Program and the administrator of the plan's agency add a stage."""
    return may_edit_plan(user) and getattr(user, "agency_id", None) == period.agency_id
