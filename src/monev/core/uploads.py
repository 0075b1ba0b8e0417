"""An uploaded file waiting between its preview and the user's "Terapkan".

The file is kept in the default storage under imports/ (the local disk or the object store,
so another app server can take it back) with a random token for a name; the session holds
the token and the scope it was uploaded for (a plan period, a submission). Applying takes the
file back only with the same token and scope, once. A new upload in the same session replaces
the one waiting.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest


class PendingUpload:
    def __init__(self, name: str) -> None:
        self.name = name  # session key, and the prefix of the file names

    def _name(self, token: str) -> str:
        return f"imports/{self.name}-{token}.xlsx"

    def keep(self, request: HttpRequest, data: bytes, **scope: Any) -> str:
        """Store `data` for `scope` (replacing what this session had waiting); return its
        token for the preview's form."""
        self.discard(request)
        token = secrets.token_urlsafe(24)
        default_storage.save(self._name(token), ContentFile(data))
        request.session[self.name] = {"token": token, **scope}
        return token

    def take(self, request: HttpRequest, token: str, **scope: Any) -> bytes | None:
        """Return the waiting file of `token` and `scope` and forget it; None when there is no
        such upload (never made, already applied, or made for something else)."""
        pending = request.session.get(self.name) or {}
        if not token or pending != {"token": token, **scope}:
            return None
        try:
            with default_storage.open(self._name(token), "rb") as handle:
                data: bytes | None = handle.read()
        except (FileNotFoundError, OSError):
            data = None
        self.discard(request)
        return data

    def discard(self, request: HttpRequest) -> None:
        """Forget the upload waiting in this session, and delete its file."""
        pending = request.session.pop(self.name, None) or {}
        if pending.get("token"):
            default_storage.delete(self._name(pending["token"]))
