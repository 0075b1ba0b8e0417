"""`monev backup [--output FILE]`: the database (a consistent copy, without sessions), every
stored file (the local disk or the object store of STORAGE_URL) and a manifest of their SHA-256
in one file, encrypted and authenticated with the backup key (README "Arsip, cadangan dan
pemulihan"). `monev backup --new-key FILE` writes a new key."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from monev.archive.backup import BackupError, Target, backup, backup_key
from monev.core import audit_chain, secret_keys


class Command(BaseCommand):
    help = "Write the database, the media files and a manifest into one encrypted backup file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", help="the backup file (default: var/backups/…)")
        parser.add_argument(
            "--new-key", metavar="FILE", help="write a new backup key into FILE (mode 0600)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["new_key"]:
            path = Path(options["new_key"])
            if path.exists():
                raise CommandError(f"Berkas {path} sudah ada; kunci lama tidak ditimpa.")
            secret_keys.write_new(path)
            self.stdout.write(
                self.style.SUCCESS(
                    f"New backup key written: {path}. Set BACKUP_KEY_FILE={path} and keep a "
                    "copy off this machine, apart from the backups."
                )
            )
            return
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        default = Path(settings.MONEV_BACKUP_DIR) / f"monev-cadangan-{stamp}.tar.gz.enc"
        output = Path(options["output"]) if options["output"] else default
        target = Target(database=dict(connection.settings_dict), storage=default_storage)
        local = isinstance(default_storage, FileSystemStorage)
        media_root = Path(settings.MEDIA_ROOT).resolve()
        for key_file in (settings.MONEV_BACKUP_KEY_FILE, settings.MONEV_AUDIT_CHAIN_KEY_FILE):
            if local and Path(key_file).resolve().is_relative_to(media_root):
                raise CommandError(
                    f"Berkas kunci {key_file} berada di dalam MEDIA_ROOT dan akan ikut tercadang; "
                    "pindahkan ke luar MEDIA_ROOT."
                )
        try:
            key = backup_key(create=settings.DEBUG)
            manifest = backup(
                target, output, key=key, connection=connection, audit_anchor=audit_chain.anchor()
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written: {output} ({manifest['engine']}, "
                f"{len(manifest['files'])} stored files, encrypted)."
            )
        )
