"""A pengesahan sealed while BSrE could not be reached (SPEC §15 "signing without the
network"): the report shows "menunggu TTE"; a queued task asks BSrE again with growing pauses
and, once it answers, tells the Kepala Dinas, who adds the TTE (their passphrase is typed then:
it is never stored, so no task can sign for them). The TTE is one more incremental signature
over the sealed one; the archive (step 13) waits for it."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from monev.accounts.choices import Role
from monev.accounts.models import User
from monev.reports.models import Report, ReportVersion
from monev.signing import providers, selectors, services
from monev.signing.choices import Kind, TteStatus
from monev.signing.errors import SigningError
from monev.signing.models import Signature

log = logging.getLogger(__name__)

TTE_FIELD = "Pengesahan-TTE-KepalaDinas"


def schedule_tte_check(signature_id: int, *, attempt: int = 0) -> None:
    from django_tasks import default_task_backend

    from monev.reports import tasks

    if not default_task_backend.supports_defer:  # the immediate backend (tests): no pauses
        log.info("Task backend cannot defer: TTE check of %s left to `monev check_tte`",
                 signature_id)  # fmt: skip
        return
    delay = settings.MONEV_BSRE_RETRY_SECONDS * (2 ** min(attempt, 6))
    tasks.check_tte.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(signature_id)


def tte_check(signature_id: int) -> str:
    """The body of the queued task: ask BSrE whether it answers; reschedule while it does not
    (up to `MONEV_BSRE_RETRY_MAX` times); when it does, mark the signature "siap" and notify
    the Kepala Dinas. Returns the status left."""
    row = Signature.objects.filter(pk=signature_id).first()
    if row is None or row.tte_status != TteStatus.MENUNGGU:
        return row.tte_status if row else ""
    try:
        providers.Bsre().client.user_status("0")
    except SigningError:
        attempts = row.tte_attempts + 1
        services.tte_mark(row, TteStatus.MENUNGGU, attempts=attempts)
        if attempts < settings.MONEV_BSRE_RETRY_MAX:
            schedule_tte_check(row.pk, attempt=attempts)
        log.info("BSrE still unreachable for signature %s (attempt %s)", row.pk, attempts)
        return TteStatus.MENUNGGU
    services.tte_mark(row, TteStatus.SIAP, attempts=row.tte_attempts + 1)
    _notify_ready(row)
    return TteStatus.SIAP


def _notify_ready(row: Signature) -> None:
    from monev.accounts.models import User
    from monev.sop import notifications

    version = ReportVersion.objects.select_related("report__cycle").get(pk=row.object_id)
    cycle = version.report.cycle
    heads = User.objects.filter(agency_id=cycle.agency_id, is_active=True,
                                role_assignments__role=Role.KEPALA_DINAS).distinct()  # fmt: skip
    notifications.notify(
        list(heads),
        title=_("Layanan TTE BSrE dapat dihubungi lagi"),
        body=_("Tambahkan TTE BSrE pada laporan yang disahkan dengan segel instansi."),
        url=reverse("reports:report", args=[cycle.pk]) + "#tanda-tangan",
    )


def pending_tte(version: ReportVersion) -> Signature | None:
    return (
        selectors.signatures_of(version)
        .filter(tte_status__in=[TteStatus.MENUNGGU, TteStatus.SIAP])
        .first()
    )


@sensitive_variables("passphrase")
def tte_complete(
    *, actor: User, report: Report, nik: str, passphrase: str, now: datetime | None = None
) -> Signature:
    """The Kepala Dinas adds the BSrE TTE over the sealed pengesahan (invisible: the visible
    block is in place). Fails with the reason and changes nothing when BSrE refuses."""
    from monev.reports.services.signing import current_pdf

    version = report.final_version
    pending = pending_tte(version) if version is not None else None
    if version is None or pending is None:
        raise ValidationError(_("Laporan ini tidak menunggu TTE."))
    if not (actor.has_role(Role.KEPALA_DINAS) and actor.agency_id == report.cycle.agency_id):
        raise PermissionDenied
    if not (nik.strip() and passphrase):
        raise ValidationError(_("Isi NIK dan passphrase TTE Anda."))
    pdf = current_pdf(version)
    request = providers.SignRequest(
        pdf=pdf, field_name=TTE_FIELD, reason=_("TTE pengesahan Kepala Dinas"),
        signer_name=actor.full_name, nik=nik.strip(), passphrase=passphrase,
    )  # fmt: skip
    with transaction.atomic():
        row = services.sign(
            actor=actor, target=version, agency_id=report.cycle.agency_id, pdf=pdf,
            signer=providers.Bsre(), request=request, kind=Kind.PENGESAHAN,
            role=Role.KEPALA_DINAS, signer_name=actor.full_name, now=now,
        )  # fmt: skip
        services.tte_mark(pending, TteStatus.SELESAI)
    return row
