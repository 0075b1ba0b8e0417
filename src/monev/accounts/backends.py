"""The sign-in backend: Django's model backend, loading the user of a session with their
official and unit in the same query (every page's frame shows them)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend


class UserBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        from monev.accounts.models import User

        try:
            user = User._default_manager.select_related("official__unit").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
