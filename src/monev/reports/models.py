"""The quarterly report (SOP step 8): a frozen snapshot, its editable narrative sections, the
rendered versions kept for ever, and the background render jobs that make them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from monev.core.tenancy import belongs_to_agency
from monev.reports.choices import (
    JobStatus,
    ReportStatus,
    ReviewKind,
    ThreadStatus,
    VersionSource,
)


@belongs_to_agency("cycle")
class Report(models.Model):
    """The Laporan Monitoring dan Evaluasi Internal Capaian Kinerja of one cycle's quarter.

    Its `snapshot` is frozen when step 8 starts its work (the first generation): every number
    the report states comes from it, whatever happens to the data later."""

    cycle = models.OneToOneField(
        "sop.Cycle", verbose_name=_("siklus"), on_delete=models.CASCADE, related_name="report"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAF
    )
    number = models.CharField(
        _("nomor naskah"), max_length=100, blank=True, help_text=_("Diisi saat laporan disahkan.")
    )
    number_date = models.DateField(_("tanggal naskah"), null=True, blank=True)
    number_sequence = models.PositiveIntegerField(_("nomor urut"), null=True, blank=True)
    # The signature block of the final document (DOMAIN §8.2): {"mode": "definitif"|"plt"|
    # "plh", "jabatan", "name", "pangkat", "nip"}; each version keeps the one it was rendered
    # with (`ReportVersion.final`).
    signatory = models.JSONField(_("penanda tangan"), default=dict, blank=True)
    snapshot = models.JSONField(_("potret data"))
    snapshot_at = models.DateTimeField(_("potret dibuat"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    final_version = models.ForeignKey(
        "ReportVersion",
        verbose_name=_("versi disahkan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    ratified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    ratified_at = models.DateTimeField(_("disahkan"), null=True, blank=True)

    class Meta:
        verbose_name = _("laporan monev")
        verbose_name_plural = _("laporan monev")

    def __str__(self) -> str:
        return f"Laporan {self.cycle}"


@belongs_to_agency("report")
class ReportSection(models.Model):
    """A narrative section edited in the app; a section without a row is written by the
    rules from the snapshot. An edited section keeps its text in every later render."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(_("bagian"), max_length=60)
    text = models.TextField(_("teks"))
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    edited_at = models.DateTimeField(_("diubah"))

    class Meta:
        verbose_name = _("bagian narasi")
        verbose_name_plural = _("bagian narasi")
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="report_section_once")
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.key}"


@belongs_to_agency("report")
class ReportVersion(models.Model):
    """One rendered version of a report: the PDF (for reading) and the DOCX (for editing),
    the snapshot and section texts it was made from, and the SHA-256 of both files. Kept
    for ever; never changed."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versi"))
    source = models.CharField(
        _("sumber"), max_length=20, choices=VersionSource.choices, default=VersionSource.GENERATED
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"))
    snapshot = models.JSONField(_("potret data"))
    sections = models.JSONField(_("teks bagian"))
    pdf = models.FileField(_("PDF"), upload_to="laporan/%Y/")
    docx = models.FileField(_("DOCX"), upload_to="laporan/%Y/")
    sha256 = models.CharField(_("SHA-256 PDF"), max_length=64)
    docx_sha256 = models.CharField(_("SHA-256 DOCX"), max_length=64)
    pdf_pages = models.PositiveIntegerField(_("halaman"), default=0)
    # The final document's details this version was rendered with (step 12): {"number",
    # "number_date", "signatory"}; empty for a draft.
    final = models.JSONField(_("dokumen akhir"), default=dict, blank=True)
    # An uploaded DOCX: the version it was edited from, the file as uploaded, and the text
    # edited outside the content controls (reported, not taken).
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_docx = models.FileField(_("DOCX diunggah"), upload_to="laporan/unggah/%Y/", blank=True)
    outside_edits = models.JSONField(_("suntingan di luar bagian"), default=list, blank=True)

    class Meta:
        verbose_name = _("versi laporan")
        verbose_name_plural = _("versi laporan")
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"


@belongs_to_agency("report")
class RenderJob(models.Model):
    """A request to render a new version, done by a background worker (django-tasks). The
    page polls it for progress; a job whose worker died is found by a sweep and retried
    or marked failed, and a failed job never leaves a version behind."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="jobs")
    status = models.CharField(
        _("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.MENUNGGU
    )
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    stage = models.CharField(_("tahap"), max_length=120, blank=True)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    task_id = models.CharField(max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("diminta"))
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    error = models.TextField(_("kesalahan"), blank=True)
    version = models.ForeignKey(
        ReportVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # An edited DOCX to be read back into a new version (step 10), checked and rendered in
    # the background like a generation; empty for a generation.
    upload = models.FileField(_("DOCX diunggah"), upload_to="laporan/antrean/%Y/", blank=True)
    upload_name = models.CharField(_("nama berkas"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("pembuatan laporan")
        verbose_name_plural = _("pembuatan laporan")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.report} {self.status}"


@belongs_to_agency("version")
class VersionReview(models.Model):
    """A verification or ratification decision on one version (steps 11 and 12): verified,
    returned with notes, ratified. The notes stand on the version itself (and, through the
    SOP engine, on the holder's step card)."""

    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(_("keputusan"), max_length=30, choices=ReviewKind.choices)
    note = models.TextField(_("catatan"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("waktu"))

    class Meta:
        verbose_name = _("keputusan atas versi")
        verbose_name_plural = _("keputusan atas versi")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.version} {self.kind}"


@belongs_to_agency("report")
class CommentThread(models.Model):
    """A discussion thread on one section of a report (step 9), opened on a version and
    anchored to a quoted passage where one was chosen."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="threads")
    version = models.ForeignKey(ReportVersion, on_delete=models.PROTECT, related_name="threads")
    section_key = models.CharField(_("bagian"), max_length=60)
    quote = models.TextField(_("kutipan"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ThreadStatus.choices, default=ThreadStatus.TERBUKA
    )
    status_note = models.TextField(_("alasan ditunda"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)

    class Meta:
        verbose_name = _("utas komentar")
        verbose_name_plural = _("utas komentar")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.report} {self.section_key} #{self.pk}"


@belongs_to_agency("thread")
class Comment(models.Model):
    """A comment of a thread; @username mentions notify the persons named."""

    thread = models.ForeignKey(CommentThread, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("komentar"))
    created_at = models.DateTimeField(_("waktu"))
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    class Meta:
        verbose_name = _("komentar")
        verbose_name_plural = _("komentar")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.thread} {self.pk}"


@belongs_to_agency("report")
class MeetingNote(models.Model):
    """The notulen of a discussion meeting on the report (step 9): when and where, who
    attended, what was discussed and decided."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("tanggal rapat"))
    place = models.CharField(_("tempat"), max_length=200)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("peserta"), blank=True, related_name="+"
    )
    other_attendees = models.TextField(_("peserta lain"), blank=True)
    summary = models.TextField(_("pembahasan"))
    decisions = models.TextField(_("keputusan"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("dicatat"))

    class Meta:
        verbose_name = _("notulen rapat")
        verbose_name_plural = _("notulen rapat")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.report} notulen {self.held_on}"
