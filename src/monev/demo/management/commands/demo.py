"""`monev demo`: migrate, load the demo agency, print the logins, and serve the app."""

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.management.commands.runserver import Command as Runserver
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from monev.cli import ENV_FILE_NAME, var_dir
from monev.core.servers import NoDelayWSGIServer

#: The variables of the demo's environment that later `monev` commands must share.
DEMO_VARIABLES = ("DEBUG", "TWO_FACTOR_REQUIRED_ROLES", "SHOW_DEBUG_PAGES", "PUBLIC_BASE_URL")


class NoDelayRunserver(Runserver):
    """runserver (staticfiles' own, which serves the static files under DEBUG) on a server
    that sends each response at once (`monev.core.servers`)."""

    server_cls = NoDelayWSGIServer


def write_demo_environment() -> Path | None:
    """Write the demo's environment to var/.env (read by every later `monev` command of this
    checkout, see `monev.cli`), so `monev backup` & co. run as README writes them. Not in a
    deployment (DATABASE_URL set)."""
    if os.environ.get("DATABASE_URL"):
        return None
    path = var_dir() / ENV_FILE_NAME
    lines = [
        "# Written by `monev demo`: the demo's environment, read by every `monev` command of",
        "# this checkout (the environment wins). Delete it to leave the demo's settings.",
        f"DEBUG={'true' if settings.DEBUG else 'false'}",
    ]
    lines += [f"{name}={os.environ[name]}" for name in DEMO_VARIABLES[1:] if name in os.environ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class Command(BaseCommand):
    help = "Menyiapkan basis data, memuat data demo, dan menjalankan aplikasi di 127.0.0.1."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument(
            "--no-serve", action="store_true", help="Siapkan saja, jangan jalankan."
        )
        parser.add_argument("--force", action="store_true", help="Muat demo walau DEBUG mati.")

    def handle(self, *args: Any, port: str, no_serve: bool, force: bool, **options: Any) -> None:
        if not settings.MONEV_PUBLIC_URL:
            # The verification address sealed into the demo's final documents (QR code and
            # printed URL) is the address served here; the worker inherits it.
            settings.MONEV_PUBLIC_URL = f"http://127.0.0.1:{port}"
            os.environ["PUBLIC_BASE_URL"] = settings.MONEV_PUBLIC_URL
        self.stdout.write(
            f"Alamat verifikasi pada dokumen: {settings.MONEV_PUBLIC_URL}/verifikasi/"
        )
        if not settings.MONEV_SIGNING_TRUST_ROOTS:
            # The demo CA's root (written when the demo loads): the demo's seals show as
            # trusted on the verification page. Not a certified TTE (README).
            roots = str(settings.VAR_DIR / "keys" / "demo-signing-root.pem")
            settings.MONEV_SIGNING_TRUST_ROOTS = os.environ["SIGNING_TRUST_ROOTS"] = roots
        write_demo_environment()
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(self.style.SUCCESS("Basis data siap."))
        # Served with a worker beside it: the drafts' files and the final documents of TW I and
        # II are the worker's first jobs, so the login page does not wait for them (issue
        # #26); --no-serve renders everything here.
        call_command("load_demo", force=force, defer_renders=not no_serve, stdout=self.stdout)
        if no_serve:
            return
        self.stdout.write(self.style.SUCCESS(f"\nBuka http://127.0.0.1:{port}/ di peramban.\n"))
        self.stdout.write(
            "Berkas versi draf dan dokumen akhir (bersegel, disahkan, diarsipkan) laporan TW I "
            "dan II dibuat oleh pekerja latar dalam menit pertama; sampai selesai, halaman "
            "laporan menunjukkannya sedang dibuat."
        )
        # A background worker beside the server renders reports (django-tasks database backend).
        # Its signatures of the final documents hold SQLite's write lock for seconds (signed
        # and checked inside the transaction that keeps them): the server's writes (a login)
        # wait longer than sqlite3's default 5 s rather than fail meanwhile.
        database = settings.DATABASES["default"]
        if database["ENGINE"] == "django.db.backends.sqlite3":
            database.setdefault("OPTIONS", {}).setdefault("timeout", 60)
        worker = subprocess.Popen([sys.executable, "-m", "monev.cli", "db_worker"])
        try:
            call_command(NoDelayRunserver(), f"127.0.0.1:{port}", use_reloader=False)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
