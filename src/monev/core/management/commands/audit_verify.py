"""`monev audit_verify`: walk the audit hash chain and name the first broken link."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from monev.core import audit_chain
from monev.core.models import AuditEntry


class Command(BaseCommand):
    help = "Check the audit log's hash chain; name the first entry changed or removed by hand."

    def handle(self, *args: Any, **options: Any) -> None:
        first = next(audit_chain.verify(), None)
        if first is not None:
            raise CommandError(
                f"Audit chain broken at entry {first.entry_id}: {first.reason}. "
                "Entries from here on cannot be trusted."
            )
        count = AuditEntry.objects.count()
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {count} entries."))
