"""The Kepala Dinas signs the Perjanjian Kinerja (SPEC §16 step 1, §15): a visible pengesahan
over their name on the latest version of their PK of the year, through BSrE (NIK and
passphrase typed for this signing, kept nowhere) or, where BSrE is not configured or the
Kepala Dinas chooses it, the agency's seal ("segel elektronik instansi", not a certified TTE).
The same signing machinery as the report's step 12 (`monev.signing`); the signed bytes are
what the PK's PDF download serves from then on."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from monev.accounts.choices import Role
from monev.accounts.models import User
from monev.annual import policies, selectors
from monev.annual.models import PerjanjianKinerjaVersion
from monev.annual.snapshot import PkSnapshot
from monev.core import formats
from monev.signing import appearance, providers, services
from monev.signing import policies as signing_policies
from monev.signing import selectors as signing_selectors
from monev.signing.choices import Kind, Provider
from monev.signing.models import Signature

FIELD = "PK-Pengesahan-KepalaDinas"


def _pdf(version: PerjanjianKinerjaVersion) -> bytes:
    with version.pdf.open("rb") as handle:
        data = bytes(handle.read())
    if hashlib.sha256(data).hexdigest() != version.sha256:
        raise ValidationError(_("Berkas PDF Perjanjian Kinerja tidak lagi sama dengan yang dibuat "
                                "(SHA-256 berbeda). Hubungi Administrator."))  # fmt: skip
    return data


def _signer(agency_id: int, use_seal: bool) -> Any:
    if providers.bsre_configured() and not use_seal:
        return providers.Bsre()
    seal = signing_selectors.active_seal(agency_id)
    if seal is None:
        raise ValidationError(_("Instansi belum memiliki segel elektronik. Administrator perlu "
                                "mengunggahnya lebih dulu."))  # fmt: skip
    return providers.Seal(seal)


@sensitive_variables("passphrase")
def pk_sign(
    *,
    actor: User,
    version: PerjanjianKinerjaVersion,
    nik: str = "",
    passphrase: str = "",
    use_seal: bool = False,
    now: datetime | None = None,
) -> Signature:
    """Sign the Kepala Dinas' PK version as its Pihak Pertama. Only the agency's Kepala Dinas,
    only the latest version of their own PK, once. Fails with the provider's reason and
    writes nothing when it refuses."""
    agreement = version.agreement
    if not policies.may_sign_pk(actor, agreement.agency_id):
        raise PermissionDenied
    latest = selectors.latest_head_version(agreement.agency_id, agreement.year)
    if agreement.unit_id is not None or latest is None or latest.pk != version.pk:
        raise ValidationError(_("Hanya versi terbaru Perjanjian Kinerja Kepala Dinas yang "
                                "ditandatangani."))  # fmt: skip
    if signing_selectors.latest_signature(version) is not None:
        raise ValidationError(_("Perjanjian Kinerja ini sudah ditandatangani."))
    signer = _signer(agreement.agency_id, use_seal)
    if signer.provider == Provider.BSRE and not (nik.strip() and passphrase):
        raise ValidationError(_("Isi NIK dan passphrase TTE Anda."))
    pdf = _pdf(version)
    at = now or timezone.now()
    snap = PkSnapshot.from_json(version.snapshot)
    refusal = signing_policies.not_the_named_signer(actor, name=snap.first.name,
                                                    nip=snap.first.nip)  # fmt: skip
    if refusal:
        raise ValidationError(refusal)
    block = appearance.Block(
        name=snap.first.name or actor.full_name,
        jabatan=snap.first.position,
        pangkat=snap.first.pangkat,
        nip=f"NIP. {snap.first.nip}" if snap.first.nip else "",
        date=formats.document_day(timezone.localdate(at)),
        provider_line=(
            "Sertifikat elektronik BSrE – BSSN" if signer.provider == Provider.BSRE
            else "Segel elektronik instansi (bukan TTE tersertifikasi)"
        ),
        verify_url=str(settings.MONEV_PUBLIC_URL or ""),
    )  # fmt: skip
    request = providers.SignRequest(
        pdf=pdf, field_name=FIELD, reason=f"Perjanjian Kinerja {agreement.year}: Pihak Pertama",
        location=snap.letterhead.city, signer_name=actor.full_name,
        placement=appearance.placement(pdf, snap.first.name), image_png=appearance.image(block),
        nik=nik.strip(), passphrase=passphrase,
    )  # fmt: skip
    return services.sign(
        actor=actor, target=version, agency_id=agreement.agency_id, pdf=pdf, signer=signer,
        request=request, kind=Kind.PENGESAHAN, role=Role.KEPALA_DINAS,
        signer_name=actor.full_name, now=at,
    )  # fmt: skip
