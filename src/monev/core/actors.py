"""Who acts, as the base layer types it."""

from __future__ import annotations

from typing import Any, Protocol


class Actor(Protocol):
    """Who acts, as the base layer sees a user (it imports no app): `monev.accounts.models.
    User` is one. Apps above accounts type their actors as `User` itself."""

    @property
    def pk(self) -> Any: ...

    @property
    def is_authenticated(self) -> bool: ...

    def has_role(self, *roles: str) -> bool: ...

    def get_username(self) -> str: ...
