"""Cross-cutting models: the audit log, the agencies' data tokens, rate-limit counters."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from monev.core.choices import AuditAction
from monev.core.tenancy import belongs_to_agency, belongs_to_no_agency


@belongs_to_agency("agency_id")
class AuditEntry(models.Model):
    """One recorded change of domain data: who did what to which object, and when.

    Written by the services in the same transaction as the change itself (never by signals),
    so management commands and background jobs are audited too. `changes` maps each changed
    field to its value before and after; for a creation "before" is null, for a deletion
    "after" is null.
    """

    #: The agency whose log shows the entry (`monev.core.tenancy.agency_id_of` of the object,
    #: else the actor's): a plain id, not a foreign key — the log sits below the agencies and
    #: outlives them (an entry's hash covers this id, core/audit_chain.py).
    agency_id = models.BigIntegerField(_("instansi"), null=True, blank=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelaku"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
    )
    actor_name = models.CharField(_("nama pelaku"), max_length=200, blank=True)
    action = models.CharField(_("tindakan"), max_length=20, choices=AuditAction.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("jenis data"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(_("ID objek"), max_length=64)
    object_repr = models.CharField(_("objek"), max_length=300)
    changes = models.JSONField(_("perubahan"), default=dict)
    note = models.TextField(_("catatan"), blank=True)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    #: Hash chain (core/audit_chain.py): the previous entry's hash and this entry's.
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("catatan audit")
        verbose_name_plural = _("log audit")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"
        )


@belongs_to_no_agency
class AuditChainHead(models.Model):
    """The newest link of the audit hash chain (one row, locked while an entry is appended)."""

    hash = models.CharField(max_length=64, blank=True)
    entry_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("ujung rantai audit")

    def __str__(self) -> str:
        return self.hash


@belongs_to_no_agency
class RateLimitCounter(models.Model):
    """Events counted for one rate-limit key in its current window (see `monev.core.ratelimit`).

    Kept in the database so that every worker process shares the same count; the key is a
    hash of the rule and its parts (e.g. a client address and a username), never the parts.
    """

    key = models.CharField(_("kunci"), max_length=64, unique=True)
    window_start = models.DateTimeField(_("awal jendela"), db_index=True)
    count = models.PositiveIntegerField(_("jumlah"), default=0)

    objects: models.Manager[RateLimitCounter] = models.Manager()

    class Meta:
        verbose_name = _("penghitung batas laju")
        verbose_name_plural = _("penghitung batas laju")

    def __str__(self) -> str:
        return f"{self.key[:12]}… {self.count}"


@belongs_to_agency("agency_id")
class ResultsVersion(models.Model):
    """A token that changes with every write that can change an agency's results (reported
    values, submission statuses, the plan, budgets, evidence, cycle steps, flag explanations).
    Computed results are kept per (agency, year, token): a read costs one query while nothing
    changed (docs/decisions/0008-materialised-results.md; written by `monev.core.freshness`).

    Moved from `evaluation` to `core` (decision 0018): its table keeps its name, and the agency
    is a plain id (core sits below organization); an agency's deletion leaves its token row,
    which nothing reads."""

    agency_id = models.BigIntegerField(_("instansi"), unique=True)
    token = models.BigIntegerField(_("token data"))
    changed_at = models.DateTimeField(_("terakhir berubah"), auto_now=True)

    objects: models.Manager[ResultsVersion] = models.Manager()

    class Meta:
        db_table = "evaluation_resultsversion"
        verbose_name = _("versi data hasil")
        verbose_name_plural = _("versi data hasil")

    def __str__(self) -> str:
        return f"{self.agency_id}: {self.token}"
