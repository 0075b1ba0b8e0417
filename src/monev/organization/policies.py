"""Who may do what with the agency's organisation data and settings.

One naming style across every app's `policies.py` (docs/services-selectors-policies.md):
`may_<verb>_<entity>(user, obj)` answers yes or no; services enforce it, views ask it.
"""

from __future__ import annotations

from typing import Any

#: The Administrator's role code (`monev.accounts.choices.Role.ADMINISTRATOR`; named, not
#: imported: organization sits below accounts).
ADMINISTRATOR = "administrator"


def may_change_settings(user: Any) -> bool:
    """Only the Administrator changes the agency's rule settings (RULES "(setting)")."""
    return bool(user is not None and user.has_role(ADMINISTRATOR))
