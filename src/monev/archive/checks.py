"""The deploy check of the public address sealed into final documents (`PUBLIC_BASE_URL`):
`monev check --deploy` warns while it is unset or a loopback address."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def public_address(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    from urllib.parse import urlsplit

    from monev.archive.services import LOOPBACK_HOSTS

    url = settings.MONEV_PUBLIC_URL
    host = (urlsplit(url).hostname or "").lower() if url else ""
    if not url or not host:
        return [
            Warning(
                "PUBLIC_BASE_URL is not set: final documents cannot be sealed (their QR code "
                "and printed verification address need the public address).",
                hint="Set PUBLIC_BASE_URL to the address readers open, e.g. "
                "https://monev.example.go.id.",
                id="monev.W001",
            )
        ]
    if host in LOOPBACK_HOSTS or host.startswith("127."):
        return [
            Warning(
                f"PUBLIC_BASE_URL ({url}) is a loopback address: a QR code sealed with it leads "
                "nowhere; sealing refuses it outside DEBUG.",
                hint="Set PUBLIC_BASE_URL to the public address of the application.",
                id="monev.W002",
            )
        ]
    return []
