"""`monev telegram_poll`: read the Telegram bot's messages and link the accounts whose users sent
`/start <code>` (cron-able every minute; `--wait` long-polls)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from monev.notifications.channels import ChannelError
from monev.notifications.services import telegram_poll


class Command(BaseCommand):
    help = "Membaca pesan bot Telegram dan menghubungkan akun pengguna yang mengirim kodenya."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--wait", type=int, default=0, help="Detik menunggu pesan (0-50).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            linked = telegram_poll(max(0, min(50, options["wait"])))
        except ChannelError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{linked} akun Telegram terhubung.")
