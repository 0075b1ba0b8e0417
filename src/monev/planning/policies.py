"""Who may change the plan (the Renstra/Renja tree, indicators and targets).

One naming style across every app's `policies.py` (docs/services-selectors-policies.md):
`may_<verb>_<entity>(user, obj)` answers yes or no; services enforce it, views and templates
ask it.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from monev.accounts.choices import Role
from monev.accounts.models import User

#: Roles that may change the plan (issue: only Kasubag Program and Administrator edit it).
PLAN_EDITORS = (Role.KASUBAG_PROGRAM, Role.ADMINISTRATOR)


def may_edit_plan(user: User | AnonymousUser) -> bool:
    """The Kasubag Program and the administrator change the plan."""
    return isinstance(user, User) and user.has_role(*PLAN_EDITORS)
