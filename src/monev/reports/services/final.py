"""The final document (step 12): its nomor, date and signatory, its submission and ratification."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monev.accounts.models import User
from monev.core import audit, formats
from monev.core.formats import EMPTY
from monev.core.transitions import locked
from monev.domain import report_flow
from monev.domain.nip import NipError, validate_nip
from monev.domain.periods import roman
from monev.domain.sop_flow import Action
from monev.reports import kinds, policies
from monev.reports.choices import (
    ReviewKind,
    SignatoryMode,
)
from monev.reports.models import (
    Report,
)
from monev.reports.services.drafting import (
    _final_base,
    _may_write,
    final_details,
    latest_version,
    snapshot_of,
)
from monev.reports.services.review import (
    _review,
    _run_at,
    report_parties_agency,
    report_transition,
)
from monev.sop import services as sop_services
from monev.sop.choices import StepKey, StepStatus


def number_for(report: Report, sequence: int) -> str:
    """The nomor naskah from the configured pattern (DOMAIN §8.3)."""
    snap = report.snapshot if isinstance(report.snapshot, dict) else json.loads(report.snapshot)
    fields = {
        "klasifikasi": settings.REPORT_NUMBER_CLASSIFICATION,
        "urut": sequence,
        "unit": snap["agency"]["short_name"],
        "tahun": report.cycle.year,
        # an annual document (the LKjIP) has no quarter: a pattern naming it prints nothing
        "triwulan": roman(report.cycle.quarter) if report.cycle.quarter else "",
    }
    try:
        return str(settings.REPORT_NUMBER_PATTERN).format(**fields)
    except (KeyError, IndexError, ValueError) as error:
        raise ValidationError(
            _("Pola nomor naskah tidak sah (%(e)s). Hubungi Administrator.") % {"e": error}
        ) from error


@transaction.atomic
def final_set(
    *,
    actor: User,
    report: Report,
    sequence: int | None,
    number_date: date | None,
    mode: str,
    jabatan: str,
    name: str,
    pangkat: str,
    nip: str,
) -> Report:
    """Step 12: the Kasubag Program sets the nomor naskah (its sequence number in the
    configured pattern), its date and the Kepala Dinas' signature block (DOMAIN §8.2:
    definitif, Plt. or Plh.; jabatan, name, pangkat (golongan), NIP). A version is then
    rendered with them (the final document)."""
    if not _may_write(actor) or not report_parties_agency(actor, report):
        raise PermissionDenied
    run = _run_at(report, StepKey.PENYUSUNAN_DOKUMEN)
    if run.status != StepStatus.BERJALAN:
        raise ValidationError(_("Dokumen akhir sedang menunggu pengesahan Kepala Dinas."))
    row = locked(Report, report.pk, "cycle")
    errors: dict[str, Any] = {}
    if sequence is None or sequence < 1:
        errors["sequence"] = _("Isi nomor urut naskah (angka 1 atau lebih).")
    if number_date is None:
        errors["number_date"] = _("Isi tanggal naskah.")
    elif number_date < timezone.localdate(row.snapshot_at):
        errors["number_date"] = _("Tanggal naskah tidak boleh sebelum potret data laporan.")
    if mode not in SignatoryMode.values:
        errors["mode"] = _("Pilih kedudukan penanda tangan.")
    if not name.strip():
        errors["name"] = _("Isi nama penanda tangan.")
    if not jabatan.strip():
        errors["jabatan"] = _("Isi jabatan penanda tangan.")
    clean_nip = ""
    if nip.strip():
        try:
            clean_nip = validate_nip(nip)
        except NipError as error:
            errors["nip"] = error.message
    else:
        errors["nip"] = _("Isi NIP penanda tangan (18 digit).")
    number = number_for(row, sequence) if sequence and sequence > 0 else ""
    if (
        number
        and Report.objects.filter(cycle__agency_id=row.cycle.agency_id, number=number)
        .exclude(pk=row.pk)
        .exists()
    ):
        errors["sequence"] = _("Nomor naskah %(n)s sudah dipakai laporan lain.") % {"n": number}
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(row, ["number", "number_date", "number_sequence", "signatory"])
    row.number, row.number_date, row.number_sequence = number, number_date, sequence
    row.signatory = {
        "mode": mode, "jabatan": jabatan.strip(), "name": name.strip(),
        "pangkat": pangkat.strip(), "nip": clean_nip,
    }  # fmt: skip
    row.save(update_fields=["number", "number_date", "number_sequence", "signatory"])
    audit.record_update(actor, row, before)
    return row


def final_is_rendered(report: Report) -> bool:
    """Whether the latest version is the final document with the current details."""
    version = latest_version(report)
    return (
        bool(report.number)
        and version is not None
        and _final_base(version.final) == final_details(report)
    )


@transaction.atomic
def final_submit(
    *, actor: User, report: Report, note: str = "", now: datetime | None = None
) -> Report:
    """Step 12: the Kasubag Program hands the final document to the Kepala Dinas."""
    run = _run_at(report, StepKey.PENYUSUNAN_DOKUMEN)
    sop_services.step_act(actor=actor, run=run, action=Action.COMPLETE, note=note, now=now)
    return report


@transaction.atomic
def ratify(
    *,
    actor: User,
    report: Report,
    note: str = "",
    now: datetime | None = None,
    version_number: int | None = None,
    signed: bool = False,
) -> Report:
    """Step 12: the Kepala Dinas ratifies (mengesahkan) the final document — exactly the
    version (and so the bytes) they read: `version_number`, when given, must still be the
    latest. The ratified version is fixed: stored as `final_version`, with who and when; no
    edit, no new version afterwards; its sealed PDF is what step 13 archives. A report
    ratified already says so. Where the agency signs (BSrE configured or a seal uploaded)
    ratification is the Kepala Dinas' signature (`signing.report_sign`, which passes
    `signed`), never a bare click."""
    report.refresh_from_db()
    if report.status in report_flow.FIXED:
        raise ValidationError(already_ratified(report), code="ratified")
    if not signed and policies.signing_enabled(report.cycle.agency_id):
        raise ValidationError(
            _("Laporan disahkan dengan tanda tangan elektronik: isi formulir tanda tangan "
              "pada halaman pengesahan."), code="unsigned",
        )  # fmt: skip
    run = _run_at(report, StepKey.PENYUSUNAN_DOKUMEN)
    version = latest_version(report)
    if version is None or not final_is_rendered(report):
        raise ValidationError(_("Dokumen akhir dengan nomor naskah belum dibuat."))
    if version_number is not None and version_number != version.number:
        raise ValidationError(
            _("Versi yang Anda periksa (versi %(seen)s) bukan lagi versi terbaru (versi "
              "%(n)s). Periksa versi terbaru sebelum mengesahkan.")
            % {"seen": version_number, "n": version.number}
        )  # fmt: skip
    at = now or timezone.now()
    row = report_transition(
        actor=actor, report=report, action=report_flow.Action.SAHKAN, note=note, now=at
    )
    before = audit.snapshot(row, ["final_version", "ratified_at"])
    row.final_version, row.ratified_by, row.ratified_at = version, actor, at
    row.save(update_fields=["final_version", "ratified_by", "ratified_at"])
    audit.record_update(actor, row, before)
    _review(version, ReviewKind.DISAHKAN, actor, note, at)
    sop_services.step_act(actor=actor, run=run, action=Action.APPROVE, note=note, now=at)
    report.final_version, report.ratified_by, report.ratified_at = version, actor, at
    return report


def already_ratified(report: Report) -> str:
    """The message for a report ratified already (a second ratification, a late return)."""
    version = report.final_version
    who = report.ratified_by.full_name if report.ratified_by else EMPTY
    when = (
        formats.document_day(timezone.localtime(report.ratified_at).date())
        if report.ratified_at
        else EMPTY
    )
    return _("Laporan ini sudah disahkan (versi %(n)s, %(when)s oleh %(who)s).") % {
        "n": version.number if version else EMPTY,
        "when": when,
        "who": who,
    }


@transaction.atomic
def ratification_return(
    *, actor: User, report: Report, note: str, now: datetime | None = None
) -> Report:
    """Step 12: the Kepala Dinas returns the final document to the Kasubag Program with a
    note (on the version, through `step_returned`, and on the holder's step card)."""
    report.refresh_from_db()
    if report.status in report_flow.FIXED:
        raise ValidationError(already_ratified(report), code="ratified")
    run = _run_at(report, StepKey.PENYUSUNAN_DOKUMEN)
    if not note.strip():
        raise ValidationError({"note": _("Tuliskan catatan: apa yang harus diperbaiki.")})
    sop_services.step_act(actor=actor, run=run, action=Action.RETURN_APPROVAL, note=note, now=now)
    return report


def document_identifier(report: Report) -> str:
    snap = snapshot_of(report)
    return kinds.of(snap).identifier(
        snap.agency.short_name, snap.year, report.cycle.quarter, snap.cycle_id
    )
