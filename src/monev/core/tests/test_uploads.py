"""An upload waiting between its preview and "Terapkan": taken once, only for its scope."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from monev.core.uploads import PendingUpload


def _request() -> Any:
    request = RequestFactory().post("/")
    request.session = SessionStore()
    return request


def test_a_waiting_upload_is_taken_once_and_only_for_its_scope(settings: Any) -> None:
    pending = PendingUpload("uji")
    request = _request()
    token = pending.keep(request, b"isi", submission=7)
    folder = Path(settings.MEDIA_ROOT) / "imports"
    assert [p.name for p in folder.iterdir()] == [f"uji-{token}.xlsx"]
    assert pending.take(request, token, submission=8) is None  # another form's token
    assert pending.take(request, "tebakan", submission=7) is None
    assert pending.take(request, token, submission=7) == b"isi"
    assert pending.take(request, token, submission=7) is None  # already applied
    assert not any(folder.iterdir())


def test_a_new_upload_replaces_the_one_waiting(settings: Any) -> None:
    pending = PendingUpload("uji")
    request = _request()
    first = pending.keep(request, b"lama", period=1)
    second = pending.keep(request, b"baru", period=1)
    folder = Path(settings.MEDIA_ROOT) / "imports"
    assert [p.name for p in folder.iterdir()] == [f"uji-{second}.xlsx"]
    assert pending.take(request, first, period=1) is None
    assert pending.take(request, second, period=1) == b"baru"
