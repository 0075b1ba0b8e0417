"""`monev verify_files`: check every stored file (evidence, step documents, visit photos,
report versions) against the SHA-256 recorded when it was stored; list what is missing or
changed (run it as a daily job)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from monev.core.files import file_digest

#: Models that keep a stored file with its SHA-256 (app label, model, file field, hash field).
STORED = (
    ("collection", "Evidence", "file", "sha256"),
    ("sop", "StepDocument", "file", "sha256"),
    ("monitoring", "VisitPhoto", "file", "sha256"),
    ("reports", "ReportVersion", "pdf", "sha256"),
    ("reports", "ReportVersion", "docx", "docx_sha256"),
)


class Command(BaseCommand):
    help = "Check stored files against their recorded SHA-256; fail when one is changed."

    def handle(self, *args: Any, **options: Any) -> None:
        checked, bad = 0, []
        for label, name, field, hash_field in STORED:
            model = apps.get_model(label, name)
            for obj in model.objects.only("pk", field, hash_field).iterator():
                stored = getattr(obj, field).name
                if not stored and not getattr(obj, hash_field):
                    continue  # a report version whose files the worker has yet to render
                found = file_digest(stored)
                checked += 1
                if found is None:
                    bad.append(f"{label}.{name} {obj.pk}: {stored} is missing")
                elif found != getattr(obj, hash_field):
                    bad.append(f"{label}.{name} {obj.pk}: {stored} does not match its SHA-256")
        for line in bad:
            self.stderr.write(line)
        if bad:
            raise CommandError(f"{len(bad)} of {checked} stored files failed the check.")
        self.stdout.write(self.style.SUCCESS(f"{checked} stored files match their SHA-256."))
