"""Who may do what in olah data and analysis (steps 3 and 7).

One naming style across every app's `policies.py` (docs/services-selectors-policies.md):
`may_<verb>_<entity>(user, obj)` answers yes or no; services enforce it, views ask it.
"""

from __future__ import annotations

from monev.accounts.choices import Role
from monev.accounts.models import User
from monev.organization.models import Unit
from monev.organization.selectors import in_own_units


def may_edit_note(user: User, unit: Unit | None) -> bool:
    """The Kasubag Program writes every note; a Kepala Bidang writes its own Bidang's."""
    if user.has_role(Role.KASUBAG_PROGRAM):
        return True
    return unit is not None and user.has_role(Role.KEPALA_BIDANG) and in_own_units(user, unit.pk)


def may_resolve_flags(user: User) -> bool:
    """The Kasubag Program explains or resolves the data-quality flags of step 3."""
    return user.has_role(Role.KASUBAG_PROGRAM)
