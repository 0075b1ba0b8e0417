"""Sending notifications through the outside channels, retrying failed sends, and linking a
user's Telegram chat.

`dispatch` is called by `sop.notifications.notify` (the one entry point) inside the workflow's
transaction: it records a `Delivery` per chosen channel, and the sending happens only after the
transaction commits, so a channel that is down never undoes nor blocks the workflow's change.
A failed send waits (1, 5, 30 minutes, 2, 6 hours …) and is retried by `retry_due`, which
`monev send_reminders` runs.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monev.accounts.models import User
from monev.core import audit
from monev.notifications import policies
from monev.notifications.channels import CHANNELS, ChannelError, Message, TelegramChannel
from monev.notifications.models import Delivery, DeliveryStatus

log = logging.getLogger(__name__)

#: Pause before the next attempt after the n-th failed one (the last repeats).
BACKOFF_MINUTES = (1, 5, 30, 120, 360)
#: A Telegram link code is valid this long after it is shown.
LINK_CODE_VALID = timedelta(hours=24)


#: Set by `quiet()`: only the bell, nothing recorded for the outside channels.
_quiet: ContextVar[bool] = ContextVar("monev_notifications_quiet", default=False)


@contextmanager
def quiet() -> Iterator[None]:
    """Within this block notifications go to the bell only (loading the demo's history, which
    would otherwise message every holder of every past step)."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def _backoff(attempts: int) -> timedelta:
    return timedelta(minutes=BACKOFF_MINUTES[min(attempts, len(BACKOFF_MINUTES)) - 1])


def dispatch(users: Iterable[Any], message: Message, *, at: datetime | None = None) -> list[int]:
    """Record a delivery of `message` for each channel each user chose, and send them once the
    current transaction commits. Return the deliveries' ids."""
    from monev.notifications.channels import chosen_for

    if _quiet.get():
        return []
    now = at or timezone.now()
    real_now = timezone.now()
    rows = [
        Delivery(
            user=user,
            channel=channel.key,
            address=address,
            subject=message.subject[:200],
            text=message.body,
            url=message.url[:500],
            attachments=message.attachments,
            next_attempt_at=min(now, real_now),  # due at once, even for a future `at`
            created_at=now,
        )
        for user in users
        for channel, address in chosen_for(user)
    ]
    if not rows:
        return []
    created = Delivery.objects.bulk_create(rows)
    ids = [row.pk for row in created]  # SQLite and PostgreSQL both return them
    transaction.on_commit(lambda: deliver(ids))
    return ids


def deliver(ids: Iterable[int], now: datetime | None = None) -> int:
    """Try to send the given pending deliveries; return how many were sent. Never raises: a
    failure is recorded on the delivery and retried later. Once a channel fails, the rest of
    its deliveries in this batch are left for the next run untouched, so a channel that is down
    costs one timeout, not one per recipient."""
    sent = 0
    down: set[str] = set()
    for pk in ids:
        try:
            sent += _attempt(pk, now or timezone.now(), down)
        except Exception:  # a broken delivery must not stop the others
            log.exception("Notification delivery %s failed unexpectedly", pk)
    return sent


def _attempt(pk: int, now: datetime, down: set[str]) -> int:
    delivery = Delivery.objects.filter(pk=pk, status=DeliveryStatus.PENDING).first()
    if delivery is None or delivery.next_attempt_at > now or delivery.channel in down:
        return 0
    attempts = delivery.attempts + 1
    # Claim it (the retry run and the after-commit send never both send it), scheduling the
    # next attempt already in case this process dies while sending.
    claimed = Delivery.objects.filter(
        pk=pk, status=DeliveryStatus.PENDING, attempts=delivery.attempts
    ).update(attempts=attempts, next_attempt_at=now + _backoff(attempts))
    if not claimed:
        return 0
    channel = CHANNELS.get(delivery.channel)
    message = Message(
        subject=delivery.subject,
        body=delivery.text,
        url=delivery.url,
        attachments=list(delivery.attachments or []),
    )
    try:
        if channel is None or not channel.configured():
            raise ChannelError(_("Saluran %(c)s tidak diatur.") % {"c": delivery.channel})
        channel.send(delivery.address, message)
    except ChannelError as exc:
        down.add(delivery.channel)
        gave_up = attempts >= settings.MONEV_NOTIFY_MAX_ATTEMPTS
        Delivery.objects.filter(pk=pk).update(
            last_error=str(exc)[:2000],
            status=DeliveryStatus.FAILED if gave_up else DeliveryStatus.PENDING,
        )
        log.warning(
            "Notification %s via %s failed (attempt %s): %s", pk, delivery.channel, attempts, exc
        )
        return 0
    Delivery.objects.filter(pk=pk).update(status=DeliveryStatus.SENT, sent_at=timezone.now())
    return 1


def retry_due(now: datetime | None = None) -> int:
    """Send every pending delivery whose time has come (the failed ones waiting for a retry);
    return how many were sent."""
    now = now or timezone.now()
    due = Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
    return deliver(list(due.order_by("next_attempt_at", "pk").values_list("pk", flat=True)), now)


# --- Telegram linking ---------------------------------------------------------------------------


def telegram_new_code(user: User, now: datetime | None = None) -> str:
    """Give `user` a fresh one-time code to send to the bot (`/start <code>`)."""
    user.telegram_link_code = secrets.token_urlsafe(12)
    user.telegram_link_code_at = now or timezone.now()
    user.save(update_fields=["telegram_link_code", "telegram_link_code_at"])
    return str(user.telegram_link_code)


def telegram_deep_link(code: str) -> str:
    """Return the `https://t.me/<bot>?start=<code>` link, or "" when the bot has no name set."""
    bot = settings.MONEV_TELEGRAM_BOT_USERNAME
    return f"https://t.me/{bot}?start={code}" if bot and code else ""


def telegram_unlink(user: User) -> None:
    user.telegram_chat_id = ""
    user.notify_telegram = False
    user.telegram_link_code = ""
    user.save(update_fields=["telegram_chat_id", "notify_telegram", "telegram_link_code"])


def telegram_handle_update(update: dict[str, Any], now: datetime | None = None) -> Any:
    """Handle one Bot API update: `/start <code>` from a chat links that chat to the user the
    code was shown to (and turns the Telegram channel on). Return the linked user or None."""
    from monev.accounts.models import User

    now = now or timezone.now()
    message = update.get("message") or {}
    text = str(message.get("text") or "").strip()
    chat_id = (message.get("chat") or {}).get("id")
    if chat_id is None or not text.startswith("/start"):
        return None
    code = text.removeprefix("/start").strip()
    user = None
    if code:
        user = User.objects.filter(
            telegram_link_code=code,
            telegram_link_code_at__gte=now - LINK_CODE_VALID,
            is_active=True,
        ).first()
    if user is None:
        reply = _(
            "Kode tidak dikenal atau sudah kedaluwarsa. Buka halaman profil Monev Kinerja, "
            "bagian Saluran notifikasi, dan hubungkan Telegram lagi."
        )
    else:
        user.telegram_chat_id = str(chat_id)
        user.telegram_link_code = ""
        user.notify_telegram = True
        user.save(update_fields=["telegram_chat_id", "telegram_link_code", "notify_telegram"])
        reply = _("Akun Monev Kinerja %(name)s terhubung. Notifikasi akan dikirim ke sini.") % {
            "name": user.full_name
        }
    try:
        TelegramChannel().call("sendMessage", {"chat_id": chat_id, "text": reply})
    except ChannelError as exc:
        log.warning("Telegram reply to %s failed: %s", chat_id, exc)
    return user


def telegram_poll(wait_seconds: int = 0) -> int:
    """Fetch the bot's pending updates (`getUpdates`), handle them, and confirm them to
    Telegram; return how many users were linked."""
    channel = TelegramChannel()
    if not channel.configured():
        raise ChannelError(_("TELEGRAM_BOT_TOKEN belum diatur."))
    updates = channel.call("getUpdates", {"timeout": wait_seconds, "allowed_updates": ["message"]})
    linked = 0
    last = None
    for update in updates or []:
        last = max(last or 0, int(update.get("update_id", 0)))
        if telegram_handle_update(update) is not None:
            linked += 1
    if last is not None:  # confirm: Telegram forgets updates before the offset
        channel.call("getUpdates", {"offset": last + 1, "timeout": 0, "limit": 1})
    return linked


def preferences_save(
    *, user: User, email: bool, telegram: bool, whatsapp: bool, phone: str
) -> None:
    """Save the channels `user` chose on their profile and their WhatsApp number."""
    user.notify_email = email
    user.notify_telegram = telegram
    user.notify_whatsapp = whatsapp
    user.phone = phone
    user.save(update_fields=["notify_email", "notify_telegram", "notify_whatsapp", "phone"])


# --- The Administrator's retry ------------------------------------------------------------------


def delivery_retry(*, actor: User, delivery: Delivery, now: datetime | None = None) -> Delivery:
    """Send a given-up delivery again now (the Administrator, after fixing the channel's
    settings or the user's address): it becomes pending with its attempts counted afresh,
    and is tried after the transaction commits. Recorded in the audit log."""
    if not policies.may_manage_deliveries(actor):
        raise PermissionDenied
    if delivery.status != DeliveryStatus.FAILED:
        raise ValidationError(_("Hanya pengiriman yang gagal yang dapat dikirim ulang."))
    at = now or timezone.now()
    before = audit.snapshot(delivery, ["status", "attempts"])
    delivery.status = DeliveryStatus.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = at
    delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
    audit.record_update(actor, delivery, before, note=_("Kirim ulang notifikasi"))
    transaction.on_commit(lambda: deliver([delivery.pk], at))
    return delivery
