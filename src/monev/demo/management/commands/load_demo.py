"""`monev load_demo`: load the demo agency (DKUKMTK Balangan) and print the demo logins."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from monev.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Memuat data demo DKUKMTK Kabupaten Balangan (tidak mengubah data yang sudah ada)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Muat juga ketika DEBUG mati (mis. server uji coba). Jangan di produksi.",
        )
        parser.add_argument(
            "--defer-renders",
            action="store_true",
            help="Serahkan pembuatan berkas versi draf laporan ke pekerja latar (monev db_worker).",
        )

    def handle(
        self, *args: Any, force: bool = False, defer_renders: bool = False, **options: Any
    ) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "Data demo tidak dimuat karena DEBUG mati (mode produksi). "
                "Jalankan dengan DEBUG=true, atau tambahkan --force bila memang disengaja."
            )
        result = load_demo(defer_renders=defer_renders)
        if result.created:
            self.stdout.write(self.style.SUCCESS("Data demo DKUKMTK Balangan dimuat."))
        else:
            self.stdout.write("Data demo sudah ada; tidak ada yang diubah.")
        self.stdout.write(f"\nAkun demo (kata sandi untuk semua: {DEMO_PASSWORD}):")
        for username, roles, name in result.logins:
            self.stdout.write(f"  {username:<20} {roles:<18} {name}")
