"""`monev load_default_sop AGENCY_SHORT_NAME`: give an agency the seed SOP as version 1."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from monev.organization.models import Agency
from monev.sop import services
from monev.sop.models import SopDefinition
from monev.sop.seed import DEFAULT_SOP


class Command(BaseCommand):
    help = "Memuat SOP monev bawaan (No. 000.8.3.3./005/DKUKMTK-BLG/2024) untuk sebuah instansi."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("agency", help="singkatan instansi, mis. DKUKMTK")

    def handle(self, *args: Any, agency: str, **options: Any) -> None:
        target = Agency.objects.filter(short_name=agency).first()
        if target is None:
            raise CommandError(f"Instansi «{agency}» tidak ditemukan.")
        if SopDefinition.objects.filter(agency=target, number=DEFAULT_SOP["number"]).exists():
            self.stdout.write("SOP bawaan sudah ada; tidak ada yang diubah.")
            return
        services.definition_load_seed(agency=target, data=DEFAULT_SOP)
        self.stdout.write(self.style.SUCCESS("SOP bawaan dimuat sebagai versi 1."))
