"""Who may read and make the Perjanjian Kinerja (SPEC §16 step 1): everyone of the agency reads
its PKs (they are the year's public agreement); the Kasubag Program makes a new version (step
1's actor). Another agency's PKs do not exist for a user (the selectors' scope)."""

from __future__ import annotations

from typing import Any

from monev.accounts.choices import Role

#: The role that makes the PK versions (step 1 of the annual SOP).
PK_MAKERS = (Role.KASUBAG_PROGRAM,)


def may_view_pk(user: Any, agency_id: int) -> bool:
    """Everyone signed in of the agency reads its PKs."""
    return bool(getattr(user, "is_authenticated", False)) and user.agency_id == agency_id


def may_create_pk(user: Any, agency_id: int) -> bool:
    """The agency's Kasubag Program makes a PK version."""
    return may_view_pk(user, agency_id) and user.has_role(*PK_MAKERS)


def may_sign_pk(user: Any, agency_id: int) -> bool:
    """The agency's Kepala Dinas signs their PK (its Pihak Pertama)."""
    return may_view_pk(user, agency_id) and user.has_role(Role.KEPALA_DINAS)
