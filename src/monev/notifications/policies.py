"""Who may see and retry the outside-channel deliveries."""

from __future__ import annotations

from typing import Any

#: The Administrator's role code (`monev.accounts.choices.Role.ADMINISTRATOR`).
ADMINISTRATOR = "administrator"


def may_manage_deliveries(user: Any) -> bool:
    """The Administrator sees the agency's deliveries and sends a failed one again."""
    return bool(user is not None and user.has_role(ADMINISTRATOR))
