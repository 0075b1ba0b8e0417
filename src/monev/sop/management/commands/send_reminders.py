"""`monev send_reminders`: remind holders of SOP steps that are due soon or late (cron-able).

Each reminder is sent once per step run, holder and kind; running it every few minutes is safe.
"""

from typing import Any

from django.core.management.base import BaseCommand

from monev.sop.notifications import send_reminders


class Command(BaseCommand):
    help = "Mengirim pengingat langkah SOP yang mendekati batas waktu atau terlambat."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_reminders()
        self.stdout.write(f"{sent} pengingat dikirim.")
