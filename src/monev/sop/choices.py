"""Choices of the SOP engine."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeUnit(models.TextChoices):
    """Units of an SOP step's time standard (RULES §9); the values match the domain enum."""

    MENIT = "menit", _("Menit")
    JAM = "jam", _("Jam")
    HARI = "hari", _("Hari")
    MINGGU = "minggu", _("Minggu")


class Symbol(models.TextChoices):
    """The flowchart symbols of an SOP-AP step (PermenPANRB 35/2012)."""

    TERMINATOR = "terminator", _("Terminator (mulai/selesai)")
    PROCESS = "process", _("Proses")
    DECISION = "decision", _("Keputusan")


class StepKey(models.TextChoices):
    """The stable identity of an SOP step, independent of its number (SPEC §2, §7).

    Features plug into a step by its key (`monev.sop.handlers`), so an Administrator who inserts
    or reorders steps in a new SOP version keeps every feature on the right step. A step without
    a key is done by hand (attach the output, mark done).
    """

    FORMAT_ISIAN = "format_isian", _("Membuat format isian")
    PENGUMPULAN_DATA = "pengumpulan_data", _("Pengumpulan data kinerja Bidang")
    OLAH_DATA = "olah_data", _("Mengolah data kinerja Dinas")
    RENCANA_MONEV = "rencana_monev", _("Rencana monitoring evaluasi")
    PELAKSANAAN_MONEV = "pelaksanaan_monev", _("Pelaksanaan monitoring evaluasi")
    KOMPILASI_HASIL = "kompilasi_hasil", _("Kompilasi hasil monitoring evaluasi")
    ANALISIS = "analisis", _("Analisis hasil monitoring evaluasi")
    DRAFT_LAPORAN = "draft_laporan", _("Draft laporan")
    PEMBAHASAN = "pembahasan", _("Pembahasan draft laporan")
    PERBAIKAN = "perbaikan", _("Perbaikan draft laporan")
    VERIFIKASI = "verifikasi", _("Verifikasi draft laporan")
    PENYUSUNAN_DOKUMEN = "penyusunan_dokumen", _("Penyusunan dokumen akhir")
    PENYIMPANAN = "penyimpanan", _("Penyimpanan dokumen")
    # The annual SOP "Penyusunan Laporan Kinerja Tahunan" (SPEC §16); its steps 4–9 reuse the
    # report keys above: the report of an annual cycle is the LKjIP.
    PERJANJIAN_KINERJA = "perjanjian_kinerja", _("Menyusun Perjanjian Kinerja")
    REKAP_TAHUNAN = "rekap_tahunan", _("Rekap capaian kinerja tahunan")
    ANALISIS_TAHUNAN = "analisis_tahunan", _("Analisis capaian kinerja tahunan")


class Cadence(models.TextChoices):
    """How often an SOP runs: a cycle per quarter (the monev SOP) or per year (the annual
    report SOP, SPEC §16). An annual cycle has no quarter."""

    TRIWULANAN = "triwulanan", _("Per triwulan")
    TAHUNAN = "tahunan", _("Per tahun")


class CycleStatus(models.TextChoices):
    BERJALAN = "berjalan", _("Berjalan")
    SELESAI = "selesai", _("Selesai")


class StepStatus(models.TextChoices):
    """Status of a step run; the allowed moves are the table `monev.domain.sop_flow.STEP_RUN`
    (a test checks that both name the same values)."""

    MENUNGGU = "menunggu", _("Menunggu")
    BERJALAN = "berjalan", _("Berjalan")
    MENUNGGU_PERSETUJUAN = "menunggu_persetujuan", _("Menunggu persetujuan")
    SELESAI = "selesai", _("Selesai")
    DIKEMBALIKAN = "dikembalikan", _("Dikembalikan")


class TransitionAction(models.TextChoices):
    OPEN = "open", _("Siklus dibuka (Mulai)")
    SUBMIT = "submit", _("Diajukan untuk persetujuan")
    COMPLETE = "complete", _("Selesai")
    APPROVE = "approve", _("Disetujui/disahkan")
    RETURN = "return", _("Dikembalikan")
    RETURN_APPROVAL = "return_approval", _("Dikembalikan oleh penyetuju")


#: Statuses of the cycle's current run (with its holder, or waiting for its approver).
ACTIVE_STEP_STATUSES = (StepStatus.BERJALAN, StepStatus.MENUNGGU_PERSETUJUAN)


class Timeliness(models.TextChoices):
    TEPAT_WAKTU = "tepat_waktu", _("Tepat waktu")
    MENDEKATI_BATAS = "mendekati_batas", _("Mendekati batas")
    TERLAMBAT = "terlambat", _("Terlambat")
    # The step started but waits on something outside its cycle: its clock has not begun.
    # (Not «Menunggu», which the timeline already says of the steps still to come.)
    MENUNGGU = "menunggu", _("Belum dapat dimulai")


class DayOffKind(models.TextChoices):
    CUTI_BERSAMA = "cuti_bersama", _("Cuti bersama")
    LOCAL = "lokal", _("Libur lokal")


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("Menjelang batas waktu")
    LATE = "late", _("Terlambat")


class ReportStatus(models.TextChoices):
    """Where the report of a cycle is along steps 8–12 and the archive (SPEC §7); the moves are the
    table `monev.domain.report_flow.REPORT` (a test checks both name the same values)."""

    DRAF = "draf", _("Draf")
    DIBAHAS = "dibahas", _("Dibahas")
    DIPERBAIKI = "diperbaiki", _("Diperbaiki")
    DIVERIFIKASI = "diverifikasi", _("Diverifikasi")
    DISAHKAN = "disahkan", _("Disahkan")
    DIARSIPKAN = "diarsipkan", _("Diarsipkan")
