"""Notification channels: the in-app bell, e-mail, a Telegram bot and a WhatsApp gateway behind
one interface, with retried deliveries (issue #23)."""
