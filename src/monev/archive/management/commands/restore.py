"""`monev restore FILE`: bring a backup back into an empty installation (a database without
tables and an empty file storage: media folder or bucket). A damaged, incomplete or not
authentic backup (checked with the backup key) is refused with a message and nothing is changed.
Run `monev migrate` afterwards when the code is newer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from monev.archive.backup import BackupError, Target, backup_key, restore


class Command(BaseCommand):
    help = "Restore a backup file into an empty installation; refuse a damaged backup."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the backup file written by `monev backup`")
        parser.add_argument(
            "--allow-unencrypted",
            action="store_true",
            help="accept a backup of the old unencrypted format (its origin cannot be proven)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        connections.close_all()  # the restore opens its own connections
        target = Target(database=dict(settings.DATABASES["default"]), storage=default_storage)
        try:
            try:
                key: bytes | None = backup_key(create=False)
            except BackupError:
                if not options["allow_unencrypted"]:
                    raise
                key = None
            manifest = restore(
                Path(options["file"]), target, key=key,
                allow_unencrypted=options["allow_unencrypted"],
            )  # fmt: skip
        except BackupError as error:
            raise CommandError(f"Pemulihan ditolak: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored backup of {manifest['created_at']}: database and "
                f"{len(manifest['files'])} stored files, all matching their SHA-256."
            )
        )
