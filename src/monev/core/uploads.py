"""An uploaded file waiting between its preview and the user's "Terapkan".

The file is kept under MEDIA_ROOT/imports with a random token for a name; the session holds
the token and the scope it was uploaded for (a plan period, a submission). Applying takes the
file back only with the same token and scope, once. A new upload in the same session replaces
the one waiting.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpRequest


class PendingUpload:
    def __init__(self, name: str) -> None:
        self.name = name  # session key, and the prefix of the file names

    def _path(self, token: str) -> Path:
        folder = Path(settings.MEDIA_ROOT) / "imports"
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"{self.name}-{token}.xlsx"

    def keep(self, request: HttpRequest, data: bytes, **scope: Any) -> str:
        """Store `data` for `scope` (replacing what this session had waiting); return its
        token for the preview's form."""
        self.discard(request)
        token = secrets.token_urlsafe(24)
        self._path(token).write_bytes(data)
        request.session[self.name] = {"token": token, **scope}
        return token

    def take(self, request: HttpRequest, token: str, **scope: Any) -> bytes | None:
        """Return the waiting file of `token` and `scope` and forget it; None when there is no
        such upload (never made, already applied, or made for something else)."""
        pending = request.session.get(self.name) or {}
        if not token or pending != {"token": token, **scope}:
            return None
        path = self._path(token)
        data = path.read_bytes() if path.exists() else None
        self.discard(request)
        return data

    def discard(self, request: HttpRequest) -> None:
        """Forget the upload waiting in this session, and delete its file."""
        pending = request.session.pop(self.name, None) or {}
        if pending.get("token"):
            self._path(pending["token"]).unlink(missing_ok=True)
