"""Writes of the archive (SOP step 13): seal a ratified report into an archive entry, and
check the stored files against their SHA-256. Nothing here (or anywhere) changes or deletes
an entry once it exists."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from monev.archive import pdfa, selectors
from monev.archive.models import CLASSIFICATION_CODE, ArchiveEntry
from monev.core import audit, audit_chain
from monev.core.files import file_digest
from monev.core.models import AuditEntry
from monev.domain import archive_codes
from monev.domain.periods import roman
from monev.reports.models import Report, ReportSection, ReportVersion
from monev.reports.services import report_transition
from monev.sop.models import StepTransition

log = logging.getLogger(__name__)


def verify_url(code: str) -> str:
    """The public address the QR code and the printed code lead to."""
    return f"{settings.MONEV_PUBLIC_URL}{reverse('verify')}?kode={code}"


def retention_date(at: datetime) -> date:
    """The end of retention: `MONEV_ARCHIVE_RETENTION_YEARS` years after archiving."""
    day = timezone.localdate(at)
    years = settings.MONEV_ARCHIVE_RETENTION_YEARS
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def audit_extract(report: Report) -> list[dict[str, Any]]:
    """Return the cycle's audit extract: its SOP transitions and the audit entries of the
    report, its sections and versions, oldest first."""
    items: list[dict[str, Any]] = [
        {"at": t.at.isoformat(), "kind": "sop", "action": t.action, "from_step": t.from_step,
         "to_step": t.to_step, "actor": t.actor.get_username() if t.actor else "sistem",
         "note": t.note}
        for t in StepTransition.objects.filter(cycle_id=report.cycle_id)
        .select_related("actor").order_by("at", "pk")
    ]  # fmt: skip
    targets = [
        (Report, [report.pk]),
        (ReportSection, list(report.sections.values_list("pk", flat=True))),
        (ReportVersion, list(report.versions.values_list("pk", flat=True))),
    ]
    for model, pks in targets:
        entries = AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=[str(pk) for pk in pks],
        ).order_by("created_at", "pk")
        items.extend(
            {"at": e.created_at.isoformat(), "kind": "audit", "action": e.action,
             "object": e.object_repr, "actor": e.actor_name, "fields": sorted(e.changes),
             "hash": e.hash}
            for e in entries
        )  # fmt: skip
    return sorted(items, key=lambda item: str(item["at"]))


def _title(report: Report) -> str:
    cycle = report.cycle
    return _(
        "Laporan Monitoring dan Evaluasi Internal Capaian Kinerja Triwulan %(q)s Tahun %(y)s"
    ) % {"q": roman(cycle.quarter), "y": cycle.year}


def _unique_code() -> str:
    while True:
        code = archive_codes.new_code()
        if not ArchiveEntry.objects.filter(code=code).exists():
            return code


def _mark_archived(*, actor: Any, report: Report) -> None:
    """Move the report from `disahkan` to `diarsipkan` through the report's one transition
    function (its table decides who may, and the change is audited there)."""
    report_transition(actor=actor, report=report, action="arsipkan")


def archive_input(report: Report, ratification: selectors.Ratification, code: str, at: datetime
                  ) -> pdfa.ArchiveInput:  # fmt: skip
    version = ratification.version
    snapshot = version.snapshot
    return pdfa.ArchiveInput(
        snapshot_json=(
            snapshot
            if isinstance(snapshot, str)
            else json.dumps(snapshot, sort_keys=True, ensure_ascii=False)
        ),
        sections=list(version.sections),
        code=code,
        verify_url=verify_url(code),
        number=ratification.number,
        number_date=ratification.number_date.isoformat() if ratification.number_date else "",
        ratified_by=ratification.ratified_by_name,
        ratified_at=ratification.ratified_at.isoformat() if ratification.ratified_at else "",
        retention_until=retention_date(at).isoformat(),
        classification=CLASSIFICATION_CODE,
        audit_extract=audit_extract(report),
    )


def archive_report(*, actor: Any, report: Report, now: datetime | None = None) -> ArchiveEntry:
    """Seal the ratified report into its archive entry (SOP step 13) and mark the report
    archived. Refused when the report is not ratified or is archived already; nothing is
    kept unless the PDF/A was made and stored."""
    if actor is not None and not selectors.may_archive(actor):
        raise PermissionDenied
    if ArchiveEntry.objects.filter(report=report).exists():
        raise ValidationError(_("Laporan ini sudah diarsipkan."))
    ratification = selectors.ratified(report)
    if ratification is None:
        raise ValidationError(_("Laporan belum disahkan; hanya laporan yang disahkan diarsipkan."))
    at = now or timezone.now()
    code = _unique_code()
    inp = archive_input(report, ratification, code, at)
    pdf = pdfa.render_archive(inp)
    texts = " ".join(str(s.get("text", "")) for s in inp.sections)
    cycle = report.cycle
    entry = ArchiveEntry(
        agency_id=cycle.agency_id,
        report=report,
        version=ratification.version,
        code=code,
        title=_title(report),
        year=cycle.year,
        quarter=cycle.quarter,
        number=ratification.number,
        number_date=ratification.number_date,
        ratified_by_name=ratification.ratified_by_name,
        ratified_at=ratification.ratified_at,
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        search_text=texts,
        retention_until=retention_date(at),
        archived_by=actor if actor is not None and actor.is_authenticated else None,
        archived_by_name=(
            actor.full_name if actor is not None else audit.system_actor.get() or "sistem"
        ),
        archived_at=at,
    )
    entry.file.save(f"arsip-{cycle.year}-tw{cycle.quarter}-{code}.pdf", ContentFile(pdf),
                    save=False)  # fmt: skip
    try:
        with transaction.atomic():
            Report.objects.select_for_update().filter(pk=report.pk).first()
            if ArchiveEntry.objects.filter(report=report).exists():  # a concurrent archiving
                raise ValidationError(_("Laporan ini sudah diarsipkan."))
            entry.audit_anchor = audit_chain.anchor()  # the chain head, anchored (decision 0014)
            entry.save()
            audit.record_create(actor, entry)
            _mark_archived(actor=actor, report=report)
    except Exception:
        entry.file.storage.delete(entry.file.name)
        raise
    return entry


@dataclass(frozen=True)
class Integrity:
    """The result of checking one entry: the stored file's digest against the recorded one."""

    entry: ArchiveEntry
    found: str | None  # None: the file is missing

    @property
    def intact(self) -> bool:
        return self.found == self.entry.sha256


def entry_check(entry: ArchiveEntry) -> Integrity:
    """Recompute the SHA-256 of the entry's stored file (periksa keutuhan)."""
    result = Integrity(entry=entry, found=file_digest(entry.file.name))
    if not result.intact:
        log.warning("Archive entry %s: stored file %s changed or missing", entry.code,
                    entry.file.name)  # fmt: skip
    return result


def check_all() -> list[Integrity]:
    """Check every archive entry (the scheduled `monev verify_archive`)."""
    return [entry_check(e) for e in ArchiveEntry.objects.order_by("pk").iterator()]
