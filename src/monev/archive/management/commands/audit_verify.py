"""`monev audit_verify [--backup FILE …]`: walk the audit hash chain (keyed with the audit chain
key) and check it against its anchors — the chain head recorded in every sealed archive entry
and, for each `--backup`, in that backup's authenticated manifest. Names every break."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser

from monev.core import audit_chain, secret_keys
from monev.core.models import AuditEntry


def archive_anchors() -> list[audit_chain.Anchor]:
    """The chain heads recorded in the sealed archive entries (when the archive is installed)."""
    if not apps.is_installed("monev.archive"):
        return []
    model = apps.get_model("archive", "ArchiveEntry")
    found = []
    for code, anchor in model.objects.exclude(audit_anchor=None).values_list(
        "code", "audit_anchor"
    ):
        if isinstance(anchor, dict) and anchor.get("id") is not None:
            found.append(
                audit_chain.Anchor(int(anchor["id"]), str(anchor["hash"]), f"archive {code}")
            )
    return found


def backup_anchor(path: Path) -> audit_chain.Anchor | None:
    from monev.archive.backup import BackupError, backup_key, open_manifest

    try:
        manifest = open_manifest(path, backup_key(create=False))
    except BackupError as error:
        raise CommandError(f"Cadangan {path} tidak dapat diperiksa: {error}") from error
    anchor = manifest.get("audit_anchor") or {}
    if anchor.get("id") is None:
        return None
    return audit_chain.Anchor(int(anchor["id"]), str(anchor["hash"]), f"backup {path.name}")


class Command(BaseCommand):
    help = (
        "Check the audit log's keyed hash chain and its anchors (archive entries, backups); "
        "name every entry changed, removed or re-hashed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--backup", action="append", default=[], metavar="FILE",
            help="also check the chain head recorded in this backup (repeatable)",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        anchors = archive_anchors()
        for name in options["backup"]:
            found = backup_anchor(Path(name))
            if found is not None:
                anchors.append(found)
        try:
            breaks = list(audit_chain.verify(anchors))
        except secret_keys.SecretKeyError as error:
            raise CommandError(str(error)) from error
        if breaks:
            for item in breaks[:100]:
                self.stderr.write(f"entry {item.entry_id}: {item.reason}")
            first = breaks[0]
            raise CommandError(
                f"Audit chain broken at entry {first.entry_id}: {first.reason}. "
                f"{len(breaks)} problem(s) in all. Entries from here on cannot be trusted."
            )
        count = AuditEntry.objects.count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit chain intact: {count} entries, {len(anchors)} anchors checked."
            )
        )
