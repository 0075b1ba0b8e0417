"""`monev verify_archive`: recompute the SHA-256 of every archive entry's stored file, validate
its electronic signatures, and report each one changed, missing or with a broken signature
(run it as a scheduled job, README "Arsip")."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from monev.archive import services


class Command(BaseCommand):
    help = "Check every archive entry's stored PDF against its SHA-256; fail when one changed."

    def handle(self, *args: Any, **options: Any) -> None:
        results = services.check_all()
        bad = [r for r in results if not r.intact]
        for r in bad:
            if r.found is None:
                state = "is missing"
            elif r.found != r.entry.sha256:
                state = "changed (SHA-256 differs)"
            else:
                state = "has a signature that is not intact"
            self.stderr.write(f"{r.entry.code} {r.entry.title}: {r.entry.file.name} {state}")
        if bad:
            raise CommandError(f"{len(bad)} of {len(results)} archive entries failed the check.")
        signed = sum(1 for r in results if r.signatures and r.signatures.signatures)
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(results)} archive entries match their SHA-256; the signatures of "
                f"{signed} signed entries are intact."
            )
        )
