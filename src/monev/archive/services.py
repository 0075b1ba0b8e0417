"""Writes of the archive: seal the final document as it is rendered (SOP step 12: the sealer
the report app calls, `reports.sealing`), archive the ratified sealed bytes unchanged as an
archive entry (step 13, which then completes with the cycle), and check the stored files
against their SHA-256. Nothing here (or anywhere) changes or deletes an entry once it
exists."""

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

from monev.accounts.models import User
from monev.archive import pdfa, selectors
from monev.archive.models import CLASSIFICATION_CODE, ArchiveEntry
from monev.core import audit, audit_chain
from monev.core.files import file_digest
from monev.core.models import AuditEntry
from monev.domain import archive_codes
from monev.domain.sop_flow import Action
from monev.reports import kinds, sealing
from monev.reports import services as report_services
from monev.reports.models import Report, ReportSection, ReportVersion
from monev.reports.sections import SectionText
from monev.reports.services import report_transition
from monev.signing import selectors as signing_selectors
from monev.signing import validate
from monev.sop import selectors as sop_selectors
from monev.sop import services as sop_services
from monev.sop.choices import StepKey, StepStatus
from monev.sop.models import Cycle, StepTransition

log = logging.getLogger(__name__)


LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0", "[::1]"})


def public_url_problem() -> str:
    """Why the configured public address (`PUBLIC_BASE_URL`) cannot be sealed into a
    document, for the Administrator; "" when it can. Unset, not http(s), or — outside
    DEBUG — a loopback address that no reader of the printed page can open."""
    from urllib.parse import urlsplit

    url = settings.MONEV_PUBLIC_URL
    if not url:
        return _(
            "Alamat publik aplikasi (PUBLIC_BASE_URL) belum diatur, sehingga kode QR dan alamat "
            "verifikasi tidak dapat dicetak pada dokumen akhir. Minta Administrator mengaturnya, "
            "lalu ulangi."
        )
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return _(
            "Alamat publik aplikasi (PUBLIC_BASE_URL=%(url)s) tidak sah: tulis lengkap dengan "
            "https://. Minta Administrator memperbaikinya, lalu ulangi."
        ) % {"url": url}
    host = parts.hostname.lower()
    if not settings.DEBUG and (host in LOOPBACK_HOSTS or host.startswith("127.")):
        return _(
            "Alamat publik aplikasi (PUBLIC_BASE_URL=%(url)s) adalah alamat lokal yang tidak "
            "dapat dibuka pembaca dokumen. Minta Administrator mengaturnya ke alamat publik "
            "aplikasi, lalu ulangi."
        ) % {"url": url}
    return ""


def verify_url(code: str) -> str:
    """The public address the QR code and the printed code lead to."""
    return f"{settings.MONEV_PUBLIC_URL}{reverse('verify')}?kode={code}"


def retention_date(at: datetime | date) -> date:
    """The end of retention: `MONEV_ARCHIVE_RETENTION_YEARS` years after the document's date
    (the retention of a record runs from its making)."""
    day = timezone.localdate(at) if isinstance(at, datetime) else at
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
    return kinds.for_report(report).title(cycle.year, cycle.quarter)


def _unique_code() -> str:
    while True:
        code = archive_codes.new_code()
        if not (
            ArchiveEntry.objects.filter(code=code).exists()
            or ReportVersion.objects.filter(final__code=code).exists()
        ):
            return code


def seal_details(report: Report, final: dict[str, Any]) -> dict[str, Any]:
    """The seal of a final document about to be rendered (`reports.sealing`): its
    verification code (the report keeps one code across its final versions, so a code once
    printed leads to the report's record), the URL the QR code carries, the classification
    and the retention date. Refused with a message for the Administrator while the public
    address is not usable."""
    problem = public_url_problem()
    if problem:
        raise ValidationError(problem, code="public_url")
    earlier = [
        v.final.get("code")
        for v in report.versions.order_by("-number").only("final")
        if sealing.is_sealed(v.final)
    ]
    code = earlier[0] if earlier else _unique_code()
    raw = str(final.get("number_date") or "")[:10]
    number_date = date.fromisoformat(raw) if raw else timezone.localdate()
    return {
        "code": code,
        "verify_url": verify_url(code),
        "classification": kinds.for_report(report).classification or CLASSIFICATION_CODE,
        "retention_until": retention_date(number_date).isoformat(),
        # Signed through BSrE (decision 0022): its footer sentence is printed on every page.
        "bsre_verifier": settings.MONEV_BSRE_VERIFIER_URL if settings.MONEV_BSRE_URL else "",
    }


def seal_render(
    report: Report, texts: list[SectionText], final: dict[str, Any], created: datetime
) -> bytes:
    """Render the final document sealed (`reports.sealing`): PDF/A-3 with the data inside."""
    return pdfa.render_archive(archive_input(report, texts, final, created))


SEALER = sealing.Sealer(details=seal_details, render=seal_render)


def _mark_archived(*, actor: User, report: Report) -> None:
    """Move the report from `disahkan` to `diarsipkan` through the report's one transition
    function (its table decides who may, and the change is audited there)."""
    report_transition(actor=actor, report=report, action="arsipkan")


def archive_input(
    report: Report, texts: list[SectionText], final: dict[str, Any], created: datetime
) -> pdfa.ArchiveInput:
    snapshot = report.snapshot
    return pdfa.ArchiveInput(
        snapshot_json=(
            snapshot
            if isinstance(snapshot, str)
            else json.dumps(snapshot, sort_keys=True, ensure_ascii=False)
        ),
        sections=[
            {"key": t.key, "title": t.title, "text": t.text, "edited": t.edited} for t in texts
        ],
        final=dict(final),
        created=created.replace(microsecond=0).isoformat(),
        audit_extract=audit_extract(report),
    )


def _complete_step(actor: User, cycle: Cycle, at: datetime) -> None:
    """Step 13 ends with its entry (and with it the cycle, as the SOP's last step)."""
    run = sop_selectors.current_run(Cycle.objects.prefetch_related("runs__step").get(pk=cycle.pk))
    if (
        actor is not None
        and run is not None
        and run.step.key == StepKey.PENYIMPANAN
        and run.status == StepStatus.BERJALAN
    ):
        sop_services.step_act(
            actor=actor, run=run, action=Action.COMPLETE, now=at,
            note=_("Laporan yang disahkan diarsipkan."),
        )  # fmt: skip


def archive_report(*, actor: User, report: Report, now: datetime | None = None) -> ArchiveEntry:
    """Archive the ratified report (SOP step 13): its entry stores exactly the sealed bytes
    of the ratified version (rendered and sealed at step 12, read and ratified by the Kepala
    Dinas), under the code printed on its pages; the report is marked archived and step 13
    completes, closing the cycle. Refused when the report is not ratified, is archived
    already, or its ratified file is not the sealed document or no longer matches its hash;
    nothing is kept unless all of it succeeds."""
    if actor is not None and not selectors.may_archive(actor):
        raise PermissionDenied
    if ArchiveEntry.objects.filter(report=report).exists():
        raise ValidationError(_("Laporan ini sudah diarsipkan."))
    ratification = selectors.ratified(report)
    if ratification is None:
        raise ValidationError(_("Laporan belum disahkan; hanya laporan yang disahkan diarsipkan."))
    version = ratification.version
    final = version.final or {}
    if not sealing.is_sealed(final):
        raise ValidationError(
            _("Versi yang disahkan bukan dokumen akhir tersegel (PDF/A-3 dengan kode "
              "verifikasi), sehingga tidak dapat diarsipkan apa adanya. Hubungi Administrator.")
        )  # fmt: skip
    if report_services.pending_tte(version) is not None:
        raise ValidationError(
            _("Laporan disahkan dengan segel instansi dan menunggu TTE BSrE. Arsip dibuat "
              "setelah Kepala Dinas menambahkan TTE-nya.")
        )  # fmt: skip
    # The signed bytes when the final document was signed (decision 0022), else the sealed
    # file as rendered; each checked against the digest recorded when it was made.
    try:
        pdf = report_services.current_pdf(version)
    except ValidationError:
        raise ValidationError(
            _("Berkas PDF versi yang disahkan tidak lagi sama dengan yang disahkan (SHA-256 "
              "berbeda). Tidak diarsipkan; hubungi Administrator.")
        ) from None  # fmt: skip
    at = now or timezone.now()
    code = str(final["code"])
    texts = " ".join(str(s.get("text", "")) for s in version.sections)
    cycle = report.cycle
    entry = ArchiveEntry(
        agency_id=cycle.agency_id,
        report=report,
        version=version,
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
        retention_until=date.fromisoformat(str(final["retention_until"])),
        archived_by=actor if actor is not None and actor.is_authenticated else None,
        archived_by_name=(
            actor.full_name if actor is not None else audit.system_actor.get() or "sistem"
        ),
        archived_at=at,
    )
    stem = kinds.for_report(report).stem(cycle.year, cycle.quarter)
    entry.file.save(f"arsip-{stem}-{code}.pdf", ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            Report.objects.select_for_update().filter(pk=report.pk).first()
            if ArchiveEntry.objects.filter(report=report).exists():  # a concurrent archiving
                raise ValidationError(_("Laporan ini sudah diarsipkan."))
            entry.audit_anchor = audit_chain.anchor()  # the chain head, anchored (decision 0014)
            entry.save()
            audit.record_create(actor, entry)
            _mark_archived(actor=actor, report=report)
            _complete_step(actor, cycle, at)
    except Exception:
        entry.file.storage.delete(entry.file.name)
        raise
    return entry


@dataclass(frozen=True)
class Integrity:
    """The result of checking one entry: the stored file's digest against the recorded one,
    and its electronic signatures validated (decision 0022; None when the file is not
    intact, an empty report when it carries none)."""

    entry: ArchiveEntry
    found: str | None  # None: the file is missing
    signatures: validate.Report | None = None

    @property
    def signatures_ok(self) -> bool:
        report = self.signatures
        return (
            report is None or not report.signatures or (report.intact and not report.changed_after)
        )

    @property
    def intact(self) -> bool:
        return self.found == self.entry.sha256 and self.signatures_ok


def entry_check(entry: ArchiveEntry) -> Integrity:
    """Recompute the SHA-256 of the entry's stored file (periksa keutuhan) and validate its
    signatures."""
    found = file_digest(entry.file.name)
    signatures = None
    if found == entry.sha256:
        with entry.file.open("rb") as f:
            signatures = signing_selectors.check(f.read())
    result = Integrity(entry=entry, found=found, signatures=signatures)
    if not result.intact:
        log.warning("Archive entry %s: stored file %s changed, missing or its signatures "
                    "invalid", entry.code, entry.file.name)  # fmt: skip
    return result


def check_all() -> list[Integrity]:
    """Check every archive entry (the scheduled `monev verify_archive`)."""
    return [entry_check(e) for e in ArchiveEntry.objects.order_by("pk").iterator()]
