"""Small helpers shared by the monev services."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from monev.accounts.models import User
from monev.monitoring import policies
from monev.monitoring.models import (
    TEXT_MAX_CHARS,
    Visit,
)

M = TypeVar("M", bound=models.Model)


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def check_length(field: str, text: str, what: str) -> None:
    """Raise ValidationError (Indonesian, on `field`) when `text` is longer than a blangko
    text may be (`TEXT_MAX_CHARS`): the documents print every character of it."""
    if len(text) > TEXT_MAX_CHARS:
        raise ValidationError(
            {
                field: _(
                    "%(what)s terlalu panjang: %(n)s karakter, paling banyak %(max)s. "
                    "Ringkas uraiannya; dokumen pendukung dilampirkan sebagai foto atau bukti."
                )
                % {"what": what, "n": f"{len(text):,}".replace(",", "."),
                   "max": f"{TEXT_MAX_CHARS:,}".replace(",", ".")}
            }
        )  # fmt: skip


def sent_before(model: type[M], actor: User, visit: Visit, client_id: Any) -> M | None:
    """The row a phone already sent with `client_id` (a retried sync), for a team member."""
    if client_id is None:
        return None
    if not policies.may_fill_blangko(actor, visit):
        raise PermissionDenied
    return model._default_manager.filter(visit=visit, client_id=client_id).first()
