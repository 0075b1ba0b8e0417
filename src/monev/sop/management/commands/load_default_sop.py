"""`monev load_default_sop AGENCY_SHORT_NAME`: give an agency the default SOPs as version 1
(the quarterly monev SOP and the annual report SOP, `monev.sop.seed.DEFAULT_SOPS`)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from monev.organization.models import Agency
from monev.sop import services


class Command(BaseCommand):
    help = (
        "Memuat SOP bawaan (SOP monev triwulanan No. 000.8.3.3./005/DKUKMTK-BLG/2024 dan SOP "
        "Penyusunan Laporan Kinerja Tahunan) untuk sebuah instansi."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("agency", help="singkatan instansi, mis. DKUKMTK")

    def handle(self, *args: Any, agency: str, **options: Any) -> None:
        target = Agency.objects.filter(short_name=agency).first()
        if target is None:
            raise CommandError(f"Instansi «{agency}» tidak ditemukan.")
        created = services.definitions_load_defaults(agency=target)
        if not created:
            self.stdout.write("SOP bawaan sudah ada; tidak ada yang diubah.")
            return
        for definition in created:
            self.stdout.write(
                self.style.SUCCESS(f"SOP «{definition.name}» dimuat sebagai versi 1.")
            )
