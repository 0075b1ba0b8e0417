"""`monev backup [--output FILE]`: the database (a consistent copy), the media files and a
manifest of their SHA-256 in one file (README "Cadangan dan pemulihan")."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from monev.archive.backup import BackupError, Target, backup


class Command(BaseCommand):
    help = "Write the database, the media files and a manifest of hashes into one backup file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", help="the backup file (default: var/backups/…)")

    def handle(self, *args: Any, **options: Any) -> None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        default = Path(settings.MONEV_BACKUP_DIR) / f"monev-cadangan-{stamp}.tar.gz"
        output = Path(options["output"]) if options["output"] else default
        target = Target(
            database=dict(connection.settings_dict), media_root=Path(settings.MEDIA_ROOT)
        )
        try:
            manifest = backup(target, output, connection=connection)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written: {output} ({manifest['engine']}, "
                f"{len(manifest['files'])} media files)."
            )
        )
