"""The channels a notification goes out through, behind one interface.

The in-app bell (`sop.Notification`) is always written; the outside channels below are used for
a user when the channel is configured (settings) and the user chose it on their profile and gave
what it needs (an e-mail address, a linked Telegram chat, a WhatsApp number). Each `send` raises
`ChannelError` on failure; the caller (`services.deliver`) keeps the delivery and retries it.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.translation import gettext_lazy as _

from monev.accounts.models import User


class ChannelError(Exception):
    """A send failed (network, refusal by the service); the delivery is retried later."""


@dataclass(frozen=True)
class Message:
    subject: str
    body: str
    url: str  # absolute: a direct link to the waiting item
    attachments: list[list[str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Plain text for chat apps: title, body, link."""
        parts = [self.subject, self.body, self.url]
        return "\n\n".join(p for p in parts if p)


class Channel(Protocol):
    key: str
    label: Any
    user_flag: str

    def configured(self) -> bool: ...

    def address(self, user: User) -> str: ...

    def send(self, address: str, message: Message) -> None: ...


def absolute_url(path: str) -> str:
    """Return `path` (a site path) as an absolute link, on the public address of the site."""
    if not path or re.match(r"^https?://", path):
        return path
    base = (getattr(settings, "MONEV_PUBLIC_URL", "") or "http://127.0.0.1:8000").rstrip("/")
    return base + (path if path.startswith("/") else "/" + path)


def post_json(url: str, payload: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
    """POST `payload` as JSON; return the decoded answer; raise ChannelError on any failure."""
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.MONEV_NOTIFY_TIMEOUT) as response:
            raw = response.read(1_000_000)
    except urllib.error.HTTPError as exc:
        detail = exc.read(2000).decode(errors="replace")
        raise ChannelError(f"HTTP {exc.code}: {detail}") from exc
    except (OSError, ValueError) as exc:
        raise ChannelError(str(exc) or exc.__class__.__name__) from exc
    try:
        return json.loads(raw) if raw else {}
    except ValueError:
        return {}


#: Keys of a gateway's JSON answer that, when false, mean the message was refused.
REFUSAL_KEYS = ("ok", "status", "success")


class EmailChannel:
    key = "email"
    label = _("E-mail")
    user_flag = "notify_email"

    def configured(self) -> bool:
        return True

    def address(self, user: User) -> str:
        return str(user.email or "")

    def send(self, address: str, message: Message) -> None:
        email = EmailMessage(
            f"[Monev Kinerja] {message.subject}",
            f"{message.body}\n\n{message.url}".strip(),
            settings.DEFAULT_FROM_EMAIL,
            [address],
        )
        for name, content, mimetype in message.attachments:
            email.attach(name, content, mimetype)
        try:
            email.send(fail_silently=False)
        except Exception as exc:  # SMTP and socket errors of every kind
            raise ChannelError(str(exc) or exc.__class__.__name__) from exc


class TelegramChannel:
    """A Telegram bot (Bot API `sendMessage`) writing to the chat the user linked."""

    key = "telegram"
    label = _("Telegram")
    user_flag = "notify_telegram"

    def configured(self) -> bool:
        return bool(settings.MONEV_TELEGRAM_BOT_TOKEN)

    def address(self, user: User) -> str:
        return str(user.telegram_chat_id or "")

    def call(self, method: str, payload: dict[str, Any]) -> Any:
        url = f"{settings.MONEV_TELEGRAM_API_URL}/bot{settings.MONEV_TELEGRAM_BOT_TOKEN}/{method}"
        answer = post_json(url, payload)
        if not isinstance(answer, dict) or not answer.get("ok"):
            detail = answer.get("description") if isinstance(answer, dict) else answer
            raise ChannelError(f"Telegram {method}: {detail}")
        return answer.get("result")

    def send(self, address: str, message: Message) -> None:
        self.call(
            "sendMessage",
            {"chat_id": address, "text": message.text[:4096], "disable_web_page_preview": True},
        )


class WhatsAppChannel:
    """A WhatsApp gateway reached by a generic HTTP POST: JSON `{"phone", "message"}`, the token
    as `Authorization: Bearer …`; a 2xx answer counts as sent unless its JSON says `"ok"`,
    `"status"` or `"success"` is false."""

    key = "whatsapp"
    label = _("WhatsApp")
    user_flag = "notify_whatsapp"

    def configured(self) -> bool:
        return bool(settings.MONEV_WHATSAPP_GATEWAY_URL)

    def address(self, user: User) -> str:
        return str(user.phone or "")

    def send(self, address: str, message: Message) -> None:
        headers = {}
        if settings.MONEV_WHATSAPP_GATEWAY_TOKEN:
            headers["Authorization"] = f"Bearer {settings.MONEV_WHATSAPP_GATEWAY_TOKEN}"
        answer = post_json(
            settings.MONEV_WHATSAPP_GATEWAY_URL,
            {"phone": address, "message": message.text},
            headers,
        )
        # Some gateways answer 200 with {"status": false, "reason": …} when they refuse.
        if isinstance(answer, dict) and any(answer.get(k) is False for k in REFUSAL_KEYS):
            raise ChannelError(f"WhatsApp gateway: {answer}"[:500])


#: Every outside channel, in the order the profile page lists them.
CHANNELS: dict[str, Channel] = {
    c.key: c for c in (EmailChannel(), TelegramChannel(), WhatsAppChannel())
}


def chosen_for(user: User) -> list[tuple[Channel, str]]:
    """Return the channels (with the address to use) that reach `user`: configured, chosen by
    the user, and with an address."""
    found = []
    for channel in CHANNELS.values():
        if channel.configured() and getattr(user, channel.user_flag, False):
            address = channel.address(user)
            if address:
                found.append((channel, address))
    return found


def normalize_phone(raw: str) -> str:
    """Return an Indonesian mobile number in international digits ("0812-3456 789" →
    "628123456789"), or "" when it is not one."""
    digits = re.sub(r"[\s\-().]", "", raw or "")
    if digits.startswith("+"):
        digits = digits[1:]
    elif digits.startswith("0"):
        digits = "62" + digits[1:]
    return digits if re.fullmatch(r"[1-9]\d{7,14}", digits) else ""
