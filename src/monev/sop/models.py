"""The SOP as data, the agency's working calendar, and the SOP's cycles (quarterly and annual)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from monev.accounts.choices import Role
from monev.core.periods import quarter_check, quarter_field, year_field
from monev.core.tenancy import belongs_to_agency
from monev.sop.choices import (
    Cadence,
    CycleStatus,
    DayOffKind,
    ReminderKind,
    StepKey,
    StepStatus,
    Symbol,
    TimeUnit,
    TransitionAction,
)


@belongs_to_agency("agency")
class SopDefinition(models.Model):
    """One version of a Standar Operasional Prosedur (identity sheet + ordered steps).

    Editing an SOP makes a new version (`version` + 1, `is_current` moves to it); a cycle keeps
    the version it started with. List-like identity boxes (Dasar Hukum …) hold one item per line.
    """

    agency = models.ForeignKey(
        "organization.Agency",
        verbose_name=_("instansi"),
        on_delete=models.CASCADE,
        related_name="sop_definitions",
    )
    number = models.CharField(_("nomor SOP"), max_length=80)
    name = models.CharField(_("nama SOP"), max_length=200)
    cadence = models.CharField(
        _("siklus"), max_length=20, choices=Cadence.choices, default=Cadence.TRIWULANAN
    )
    version = models.PositiveIntegerField(_("versi"), default=1)
    is_current = models.BooleanField(_("versi berlaku"), default=True)
    created_on = models.DateField(_("tanggal pembuatan"), null=True, blank=True)
    revised_on = models.DateField(_("tanggal revisi"), null=True, blank=True)
    effective_on = models.DateField(_("tanggal efektif/pengesahan"), null=True, blank=True)
    ratified_by_position = models.CharField(_("disahkan oleh (jabatan)"), max_length=200)
    ratified_by_name = models.CharField(_("nama pengesah"), max_length=200, blank=True)
    ratified_by_pangkat = models.CharField(_("pangkat pengesah"), max_length=80, blank=True)
    ratified_by_golongan = models.CharField(_("golongan pengesah"), max_length=10, blank=True)
    ratified_by_nip = models.CharField(_("NIP pengesah"), max_length=18, blank=True)
    legal_basis = models.TextField(_("dasar hukum"), blank=True)
    related_sops = models.TextField(_("keterkaitan"), blank=True)
    warnings = models.TextField(_("peringatan"), blank=True)
    qualifications = models.TextField(_("kualifikasi pelaksana"), blank=True)
    equipment = models.TextField(_("peralatan/perlengkapan"), blank=True)
    records = models.TextField(_("pencatatan dan pendataan"), blank=True)
    actors = models.JSONField(
        _("pelaksana (kolom swimlane)"),
        default=list,
        help_text=_("Daftar {key, label} berurutan, satu kolom per pelaksana."),
    )
    change_note = models.TextField(_("catatan perubahan"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("definisi SOP")
        verbose_name_plural = _("definisi SOP")
        ordering = ["number", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "number", "version"], name="sop_definition_version_unique"
            ),
            models.UniqueConstraint(
                fields=["agency", "number"],
                condition=models.Q(is_current=True),
                name="sop_definition_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @staticmethod
    def lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]


@belongs_to_agency("definition")
class SopStep(models.Model):
    """A step of an SOP version: what is done, by whom, with which inputs, time and output."""

    definition = models.ForeignKey(
        SopDefinition, verbose_name=_("SOP"), on_delete=models.CASCADE, related_name="steps"
    )
    number = models.PositiveSmallIntegerField(_("nomor"))
    key = models.CharField(
        _("kunci fitur"),
        max_length=30,
        choices=StepKey.choices,
        blank=True,
        help_text=_(
            "Fitur sistem yang melekat pada langkah ini. Langkah tanpa kunci dikerjakan manual."
        ),
    )
    description = models.TextField(_("uraian prosedur"))
    actor = models.CharField(_("pelaksana"), max_length=30, choices=Role.choices)
    approver = models.CharField(
        _("penyetuju/pengesah"), max_length=30, choices=Role.choices, blank=True
    )
    lanes = models.JSONField(_("kolom pelaksana pada bagan"), default=list)
    symbol = models.CharField(_("simbol"), max_length=20, choices=Symbol.choices)
    no_goto = models.PositiveSmallIntegerField(
        _("jika «Tidak», kembali ke langkah"), null=True, blank=True
    )
    inputs = models.TextField(_("kelengkapan"), blank=True)
    time_value = models.PositiveIntegerField(_("waktu"))
    time_unit = models.CharField(_("satuan waktu"), max_length=10, choices=TimeUnit.choices)
    output = models.CharField(_("output"), max_length=200, blank=True)
    notes = models.TextField(_("keterangan"), blank=True)

    class Meta:
        verbose_name = _("langkah SOP")
        verbose_name_plural = _("langkah SOP")
        ordering = ["definition", "number"]
        constraints = [
            models.UniqueConstraint(fields=["definition", "number"], name="sop_step_unique"),
            models.UniqueConstraint(
                fields=["definition", "key"],
                condition=~models.Q(key=""),
                name="sop_step_key_unique",
            ),
            models.CheckConstraint(condition=models.Q(time_value__gt=0), name="sop_step_time_gt0"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.description}"

    @property
    def time_label(self) -> str:
        return f"{self.time_value} {self.get_time_unit_display()}"


@belongs_to_agency("agency")
class WorkCalendarSetting(models.Model):
    """The agency's working time (RULES §9): days, hours and time zone."""

    agency = models.OneToOneField(
        "organization.Agency", on_delete=models.CASCADE, related_name="work_calendar"
    )
    workdays = models.JSONField(
        _("hari kerja"), default=list, help_text=_("0 = Senin … 6 = Minggu")
    )
    day_start = models.TimeField(_("jam mulai kerja"))
    day_end = models.TimeField(_("jam selesai kerja"))
    timezone = models.CharField(_("zona waktu"), max_length=60, default="Asia/Makassar")
    allow_early_cycle_open = models.BooleanField(
        _("izinkan membuka siklus sebelum triwulan berakhir"),
        default=False,
        help_text=_(
            "Biasanya siklus monev suatu triwulan baru dapat dibuka setelah triwulan itu "
            "berakhir. Centang untuk mengizinkan Sekretaris membukanya lebih awal."
        ),
    )

    class Meta:
        verbose_name = _("kalender kerja")
        verbose_name_plural = _("kalender kerja")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(day_end__gt=models.F("day_start")), name="workcal_hours_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency}: {self.day_start:%H:%M}–{self.day_end:%H:%M}"


@belongs_to_agency("agency")
class DayOff(models.Model):
    """A day without work besides the national holidays: cuti bersama or a local day off."""

    agency = models.ForeignKey(
        "organization.Agency", on_delete=models.CASCADE, related_name="days_off"
    )
    date = models.DateField(_("tanggal"))
    kind = models.CharField(_("jenis"), max_length=20, choices=DayOffKind.choices)
    description = models.CharField(_("keterangan"), max_length=200)

    class Meta:
        verbose_name = _("hari libur instansi")
        verbose_name_plural = _("hari libur instansi")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "date"], name="day_off_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.description}"


@belongs_to_agency("agency")
class Cycle(models.Model):
    """One run of an SOP for an agency: a quarter's monev cycle (SPEC §2, 13 steps in order)
    or, for an SOP whose cadence is yearly, a year's cycle (`quarter` empty, SPEC §16).
    `sop_number` is the SOP's number (kept across its versions): one cycle per SOP and
    period."""

    agency = models.ForeignKey(
        "organization.Agency",
        verbose_name=_("instansi"),
        on_delete=models.CASCADE,
        related_name="cycles",
    )
    year = year_field()
    quarter = quarter_field(annual=True)
    sop_number = models.CharField(_("nomor SOP"), max_length=80, default="")
    definition = models.ForeignKey(
        SopDefinition,
        verbose_name=_("versi SOP"),
        on_delete=models.PROTECT,
        related_name="cycles",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CycleStatus.choices, default=CycleStatus.BERJALAN
    )
    disposition = models.TextField(_("disposisi"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opened_at = models.DateTimeField(_("dibuka"))
    completed_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("siklus monev")
        verbose_name_plural = _("siklus monev")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "sop_number", "year", "quarter"],
                condition=models.Q(quarter__isnull=False),
                name="cycle_one_per_quarter",
            ),
            models.UniqueConstraint(
                fields=["agency", "sop_number", "year"],
                condition=models.Q(quarter__isnull=True),
                name="cycle_one_per_year",
            ),
            quarter_check("cycle_quarter_1_4", annual=True),
        ]

    def __str__(self) -> str:
        from monev.domain.periods import roman

        if self.quarter is None:
            return f"{self.definition.name} {self.year}"
        return f"Monev Triwulan {roman(self.quarter)} {self.year}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.sop_number:  # the SOP's number, kept across its versions
            self.sop_number = self.definition.number
        super().save(*args, **kwargs)

    @property
    def is_annual(self) -> bool:
        """An annual cycle (SPEC §16) has no quarter."""
        return self.quarter is None

    @property
    def period_label(self) -> str:
        """The cycle's period in words: "Triwulan III Tahun 2026", or "Tahun 2026" (annual)."""
        from django.utils.translation import gettext

        from monev.domain.periods import roman

        if self.quarter is None:
            return gettext("Tahun %(year)s") % {"year": self.year}
        return gettext("Triwulan %(q)s Tahun %(year)s") % {
            "q": roman(self.quarter),
            "year": self.year,
        }

    @property
    def title(self) -> str:
        """The cycle's name on pages, lists and notifications: "Monev Triwulan III 2026" for a
        quarterly cycle, the SOP's name and the year for an annual one ("Penyusunan Laporan
        Kinerja Tahunan 2026")."""
        from django.utils.translation import gettext

        from monev.domain.periods import roman

        if self.quarter is None:
            return f"{self.definition.name} {self.year}"
        return gettext("Monev Triwulan %(q)s %(year)s") % {
            "q": roman(self.quarter),
            "year": self.year,
        }

    @property
    def file_slug(self) -> str:
        """The cycle's period in file names: "2026-tw3", or "2026" for an annual cycle."""
        return str(self.year) if self.quarter is None else f"{self.year}-tw{self.quarter}"


@belongs_to_agency("cycle")
class StepRun(models.Model):
    """One run of one SOP step in a cycle. A step returned to by a decision step (11 → 10) runs
    again: round 2 … A step returned by its approver stays in the same run, back "berjalan".
    Statuses move only by the table `monev.domain.sop_flow.STEP_RUN`."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="runs")
    step = models.ForeignKey(SopStep, on_delete=models.PROTECT, related_name="runs")
    number = models.PositiveSmallIntegerField(_("langkah"))
    round = models.PositiveSmallIntegerField(_("putaran"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=StepStatus.choices, default=StepStatus.BERJALAN
    )
    started_at = models.DateTimeField(_("mulai"))
    due_at = models.DateTimeField(_("batas waktu"))
    # Set when the holder submits the step for approval (status "menunggu_persetujuan").
    awaiting_approval_since = models.DateTimeField(
        _("menunggu persetujuan sejak"), null=True, blank=True
    )
    completed_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("catatan"), blank=True)
    working_minutes = models.PositiveIntegerField(
        _("waktu kerja terpakai (menit)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("pelaksanaan langkah")
        verbose_name_plural = _("pelaksanaan langkah")
        ordering = ["cycle", "started_at", "number", "round"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "number", "round"], name="step_run_unique_round"
            ),
            models.UniqueConstraint(
                fields=["cycle"],
                condition=models.Q(status__in=["berjalan", "menunggu_persetujuan"]),
                name="step_run_one_running_per_cycle",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} — langkah {self.number}"

    @property
    def holder_role(self) -> str:
        """Return the role that must act now: the approver while approval is pending."""
        if self.status == StepStatus.MENUNGGU_PERSETUJUAN and self.step.approver:
            return self.step.approver
        return self.step.actor

    @property
    def is_awaiting_approval(self) -> bool:
        return self.status == StepStatus.MENUNGGU_PERSETUJUAN

    @property
    def on_time(self) -> bool | None:
        if self.completed_at is None:
            return None
        return self.completed_at <= self.due_at


@belongs_to_agency("run")
class StepDocument(models.Model):
    """An output document attached to a step run (stored under a non-guessable name)."""

    run = models.ForeignKey(StepRun, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("berkas"), upload_to="sop/%Y/")
    original_name = models.CharField(_("nama berkas"), max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dokumen output")
        verbose_name_plural = _("dokumen output")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


@belongs_to_agency("cycle")
class StepTransition(models.Model):
    """A recorded move of a cycle: who, when, from which step/status to which, and why."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="transitions")
    run = models.ForeignKey(
        StepRun, on_delete=models.CASCADE, null=True, blank=True, related_name="transitions"
    )
    action = models.CharField(_("tindakan"), max_length=20, choices=TransitionAction.choices)
    from_step = models.PositiveSmallIntegerField(_("dari langkah"), null=True, blank=True)
    to_step = models.PositiveSmallIntegerField(_("ke langkah"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("waktu"))
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("perpindahan langkah")
        verbose_name_plural = _("perpindahan langkah")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.cycle}: {self.from_step} → {self.to_step} ({self.action})"


@belongs_to_agency("user")
class Notification(models.Model):
    """An in-app notification for one user (reminders, returns, new work)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi"), blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(_("waktu"))
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.title


@belongs_to_agency("run")
class ReminderLog(models.Model):
    """A reminder already sent for a step run, so that none is sent twice."""

    run = models.ForeignKey(StepRun, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "user", "kind"], name="reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.run} → {self.user} ({self.kind})"
