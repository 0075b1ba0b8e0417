"""The sealed archive (SOP step 13): one entry per ratified report, never changed or deleted.

Immutability is kept at three levels: the model refuses `save()` of an existing row and
`delete()`; its queryset refuses `update()` and `delete()`; the database refuses UPDATE and
DELETE by trigger (migration 0002, PostgreSQL and SQLite; docs/decisions/0011-archive.md)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from monev.core.periods import quarter_check, quarter_field, year_field
from monev.core.tenancy import belongs_to_agency

#: Klasifikasi arsip for "laporan monitoring dan evaluasi" (SPEC §13).
CLASSIFICATION_CODE = "000.8.3.3"


class ArchiveImmutableError(Exception):
    """Raised on any attempt to change or delete an archive entry."""


class ArchiveQuerySet(models.QuerySet["ArchiveEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise ArchiveImmutableError("Archive entries cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ArchiveImmutableError("Archive entries cannot be deleted.")

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise ArchiveImmutableError("Archive entries cannot be changed.")


@belongs_to_agency("agency")
class ArchiveEntry(models.Model):
    """The archived document of one cycle (arsip laporan monev of a quarter, or the LKjIP of a
    year: `quarter` empty; `monev.reports.kinds`): the ratified report as
    PDF/A-3 with its snapshot, data, evidence manifest and audit extract embedded, the
    SHA-256 of the stored bytes, the short code printed with a QR code on its pages, the
    classification code, the retention date and who archived it when."""

    agency = models.ForeignKey("organization.Agency", on_delete=models.PROTECT, related_name="+")
    report = models.OneToOneField(
        "reports.Report", on_delete=models.PROTECT, related_name="archive_entry"
    )
    version = models.ForeignKey("reports.ReportVersion", on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("kode verifikasi"), max_length=9, unique=True)
    classification_code = models.CharField(
        _("kode klasifikasi"), max_length=20, default=CLASSIFICATION_CODE
    )
    title = models.CharField(_("judul"), max_length=300)
    year = year_field()
    quarter = quarter_field(annual=True)
    number = models.CharField(_("nomor naskah"), max_length=100, blank=True)
    number_date = models.DateField(_("tanggal naskah"), null=True, blank=True)
    ratified_by_name = models.CharField(_("disahkan oleh"), max_length=200, blank=True)
    ratified_at = models.DateTimeField(_("disahkan pada"), null=True, blank=True)
    file = models.FileField(_("berkas PDF/A"), upload_to="arsip/%Y/")
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveIntegerField(_("ukuran"))
    search_text = models.TextField(_("teks"), blank=True)
    retention_until = models.DateField(_("retensi sampai"))
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    archived_by_name = models.CharField(_("diarsipkan oleh"), max_length=200)
    archived_at = models.DateTimeField(_("diarsipkan pada"))
    #: The audit chain's head when the entry was sealed ({"id", "hash"}; core/audit_chain.py):
    #: an anchor `monev audit_verify` checks. Null for entries sealed before it existed.
    audit_anchor = models.JSONField(
        _("jangkar rantai audit"), null=True, blank=True, editable=False
    )

    objects = ArchiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("arsip laporan")
        verbose_name_plural = _("arsip laporan")
        ordering = ["-year", "-quarter", "-pk"]
        constraints = [
            quarter_check("archive_year_or_quarter_1_4", annual=True),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ArchiveImmutableError("Archive entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ArchiveImmutableError("Archive entries cannot be deleted.")
