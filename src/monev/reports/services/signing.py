"""Signing the final document at step 12 (SPEC §15, docs/decisions/0022): the paraf of the
Kasubag Program and the Sekretaris, then the Kepala Dinas' visible signature, which ratifies.
Each signature is an incremental update of the sealed PDF/A-3 (`monev.signing`); a signing
that fails changes nothing. When BSrE cannot be reached the Kepala Dinas may ratify with the
agency seal: the report waits for its TTE ("menunggu TTE"), added later over the seal."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from monev.accounts.models import User
from monev.core import formats
from monev.reports import policies
from monev.reports.document import SIGNATORY_PREFIX
from monev.reports.models import Report, ReportVersion
from monev.reports.services.drafting import latest_version
from monev.reports.services.final import final_is_rendered, ratify
from monev.signing import appearance, providers, selectors, services
from monev.signing import policies as signing_policies
from monev.signing.choices import Kind, Provider, TteStatus
from monev.signing.errors import SigningError
from monev.signing.models import Signature


def current_pdf(version: ReportVersion) -> bytes:
    """The version's PDF as signed so far (its sealed file before the first signature)."""
    last = selectors.latest_signature(version)
    if last is not None:
        return services.stored_bytes(last)
    import hashlib

    with version.pdf.open("rb") as f:
        data = f.read()
    if hashlib.sha256(data).hexdigest() != version.sha256:
        raise ValidationError(_("Berkas PDF dokumen akhir tidak lagi sama dengan yang dibuat "
                                "(SHA-256 berbeda). Hubungi Administrator."))  # fmt: skip
    return data


def _block(version: ReportVersion, provider: str, at: datetime) -> appearance.Block:
    final = version.final or {}
    sig = final.get("signatory") or {}
    from monev.domain.nip import display_nip

    return appearance.Block(
        name=str(sig.get("name", "")),
        jabatan=SIGNATORY_PREFIX.get(sig.get("mode", "definitif"), "")
        + str(sig.get("jabatan", "")),
        pangkat=str(sig.get("pangkat", "")),
        nip=f"NIP. {display_nip(sig['nip'])}" if sig.get("nip") else "",
        date=formats.document_day(timezone.localdate(at)),
        provider_line=(
            "Sertifikat elektronik BSrE – BSSN" if provider == Provider.BSRE
            else "Segel elektronik instansi (bukan TTE tersertifikasi)"
        ),
        verify_url=str(final.get("verify_url") or settings.MONEV_PUBLIC_URL),
    )  # fmt: skip


def _provider(report: Report, *, use_seal: bool, step: policies.SigningStep) -> providers.Signer:
    seal = selectors.active_seal(report.cycle.agency_id)
    if providers.bsre_configured() and not use_seal:
        return providers.Bsre()
    if seal is None:
        raise ValidationError(_("Instansi belum memiliki segel elektronik. Administrator perlu "
                                "mengunggahnya lebih dulu."))  # fmt: skip
    if providers.bsre_configured() and step.kind != Kind.PENGESAHAN:
        raise ValidationError(_("Paraf dibubuhkan dengan TTE BSrE."))
    return providers.Seal(seal)


def _bsre_reachable() -> bool:
    try:
        providers.Bsre().client.user_status("0")
    except SigningError:
        return False
    return True


@sensitive_variables("passphrase")
def report_sign(
    *,
    actor: User,
    report: Report,
    version_number: int | None,
    nik: str = "",
    passphrase: str = "",
    use_seal: bool = False,
    note: str = "",
    now: datetime | None = None,
) -> Signature:
    """Add the next signature to the final document (`policies.SIGNING_ORDER`): a paraf, or
    the Kepala Dinas' signature, which ratifies the report in the same transaction. With
    BSrE the signer's NIK and passphrase are sent once and kept nowhere. `use_seal` (the
    Kepala Dinas only, when BSrE cannot be reached) ratifies with the agency seal and marks
    the report "menunggu TTE". Any failure leaves the report as it was, with the reason."""
    report.refresh_from_db()
    version = latest_version(report)
    if version is None or not final_is_rendered(report):
        raise ValidationError(_("Dokumen akhir dengan nomor naskah belum dibuat."))
    if version_number is not None and version_number != version.number:
        raise ValidationError(
            _("Versi yang Anda periksa (versi %(seen)s) bukan lagi versi terbaru (versi %(n)s).")
            % {"seen": version_number, "n": version.number}
        )
    step = policies.next_signing_step(version)
    if step is None:
        raise ValidationError(_("Dokumen akhir ini sudah ditandatangani lengkap."))
    if not policies.may_sign_version(actor, report, version):
        raise PermissionDenied(_("Giliran tanda tangan sekarang: %(s)s.") % {"s": step.label})
    if step.kind == Kind.PENGESAHAN:
        named = (version.final or {}).get("signatory") or {}
        refusal = signing_policies.not_the_named_signer(
            actor, name=str(named.get("name", "")), nip=str(named.get("nip", ""))
        )
        if refusal:
            raise ValidationError(refusal)
    signer = _provider(report, use_seal=use_seal, step=step)
    fallback = use_seal and providers.bsre_configured()
    if fallback and _bsre_reachable():
        raise ValidationError(_("Layanan TTE BSrE dapat dihubungi: sahkan dengan TTE BSrE, "
                                "bukan dengan segel instansi."))  # fmt: skip
    if signer.provider == Provider.BSRE and not (nik.strip() and passphrase):
        raise ValidationError(_("Isi NIK dan passphrase TTE Anda."))
    pdf = current_pdf(version)
    at = now or timezone.now()
    visible = step.kind == Kind.PENGESAHAN
    sig = (version.final or {}).get("signatory") or {}
    placement = appearance.placement(pdf, str(sig.get("name", ""))) if visible else None
    image = appearance.image(_block(version, signer.provider, at)) if visible else None
    request = providers.SignRequest(
        pdf=pdf, field_name=step.field, reason=f"{step.label}: {actor.full_name}",
        location=str((report.snapshot or {}).get("agency", {}).get("city", ""))
        if isinstance(report.snapshot, dict) else "",
        signer_name=actor.full_name, placement=placement, image_png=image,
        nik=nik.strip(), passphrase=passphrase,
    )  # fmt: skip
    row: Signature | None = None
    try:
        with transaction.atomic():
            row = services.sign(
                actor=actor, target=version, agency_id=report.cycle.agency_id, pdf=pdf,
                signer=signer, request=request, kind=step.kind, role=step.role,
                signer_name=actor.full_name,
                tte_status=TteStatus.MENUNGGU if fallback else "", now=at,
            )  # fmt: skip
            if step.kind == Kind.PENGESAHAN:
                ratify(actor=actor, report=report, note=note, now=at,
                       version_number=version.number, signed=True)  # fmt: skip
    except Exception:
        if row is not None:
            row.file.storage.delete(row.file.name)
        raise
    if fallback:
        from monev.reports.services.tte import schedule_tte_check

        transaction.on_commit(lambda: schedule_tte_check(row.pk))
    return row


def signing_state(report: Report, version: ReportVersion | None) -> dict[str, Any]:
    """What the report page shows of the signatures: the version's signatures, the next step,
    the TTE follow-up."""
    if version is None:
        return {"enabled": False}
    rows = list(selectors.signatures_of(version).select_related("signer"))
    pending = next((r for r in rows if r.tte_status in (TteStatus.MENUNGGU, TteStatus.SIAP)),
                   None)  # fmt: skip
    return {
        "enabled": policies.signing_enabled(report.cycle.agency_id),
        "bsre": providers.bsre_configured(),
        "has_seal": selectors.active_seal(report.cycle.agency_id) is not None,
        "signatures": rows,
        "next": policies.next_signing_step(version),
        "pending_tte": pending,
    }
