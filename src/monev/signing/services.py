"""Writes of the signing app: the Administrator's upload of the agency seal, and one signature
on a document — the provider signs (outside any transaction; nothing is written when it
fails), the result is checked (an incremental update of exactly the bytes given, with one
more intact signature), then stored with its row and one audit entry that says who signed
what, when, through which provider (never the passphrase)."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import replace
from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from monev.accounts.choices import Role
from monev.accounts.models import User
from monev.core import audit
from monev.signing import keystore, selectors, validate
from monev.signing.errors import SigningError
from monev.signing.models import AgencySeal, Signature
from monev.signing.providers import Signer, SignRequest

log = logging.getLogger(__name__)


def may_manage_seal(user: User) -> bool:
    return bool(user.is_authenticated and user.agency_id and user.has_role(Role.ADMINISTRATOR))


@sensitive_variables("passphrase", "opened")
@transaction.atomic
def seal_upload(
    *, actor: User, data: bytes, passphrase: str, now: datetime | None = None
) -> AgencySeal:
    """The Administrator uploads the agency's PKCS#12: opened with the passphrase typed now,
    kept encrypted without it (`keystore`); it replaces the agency's earlier seal."""
    if not may_manage_seal(actor):
        raise PermissionDenied
    agency_id = actor.agency_id
    assert agency_id is not None  # may_manage_seal
    opened = keystore.open_pkcs12(data, passphrase)
    cert = opened.cert
    at = now or timezone.now()
    if cert.not_valid_after_utc < at:
        raise ValidationError(_("Sertifikat segel ini sudah kedaluwarsa."))
    AgencySeal.objects.filter(agency_id=agency_id, active=True).update(active=False)
    seal = AgencySeal.objects.create(
        agency_id=agency_id,
        subject=cert.subject.rfc4514_string()[:300],
        issuer=cert.issuer.rfc4514_string()[:300],
        fingerprint=cert.fingerprint(hashes.SHA256()).hex(),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        certificate_pem=cert.public_bytes(serialization.Encoding.PEM).decode(),
        encrypted_key=keystore.seal_up(opened),
        uploaded_by=actor,
        uploaded_at=at,
    )
    audit.record(
        actor=actor, action=audit.AuditAction.CREATE, obj=seal, before=None,
        after={"subject": seal.subject, "issuer": seal.issuer, "fingerprint": seal.fingerprint,
               "not_after": seal.not_after.isoformat()},
    )  # fmt: skip
    return seal


def certificate_of(seal: AgencySeal) -> x509.Certificate:
    return x509.load_pem_x509_certificate(seal.certificate_pem.encode())


@sensitive_variables("request")
def sign(
    *,
    actor: User | None,
    target: Model,
    agency_id: int,
    pdf: bytes,
    signer: Signer,
    request: SignRequest,
    kind: str,
    role: str,
    signer_name: str,
    tte_status: str = "",
    now: datetime | None = None,
) -> Signature:
    """Sign `pdf` (the target's current bytes) through `signer` and keep the result as the
    target's next signature. Raises ValidationError with the provider's reason (wrong
    passphrase, user not registered, expired certificate, service down) and writes nothing."""
    request = replace(request, pdf=pdf)
    try:
        signed = signer.sign(request)
    except SigningError as error:
        log.info("Signing %s of %s refused: %s", kind, target, error.code)
        raise ValidationError(error.message, code=f"signing_{error.code}") from None
    problem = _check(pdf, signed)
    if problem:
        raise ValidationError(problem, code="signing_result")
    at = now or timezone.now()
    sequence = selectors.signatures_of(target).count() + 1
    row = Signature(
        agency_id=agency_id,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        sequence=sequence,
        kind=kind,
        role=role,
        provider=signer.provider,
        field_name=request.field_name,
        signer=actor if actor is not None and actor.is_authenticated else None,
        signer_name=signer_name,
        signed_at=at,
        sha256=hashlib.sha256(signed).hexdigest(),
        size=len(signed),
        tte_status=tte_status,
    )
    row.file.save(f"ttd-{target._meta.model_name}-{target.pk}-{sequence}.pdf",
                  ContentFile(signed), save=False)  # fmt: skip
    try:
        with transaction.atomic():
            row.save()
            audit.record(
                actor=actor, action=audit.AuditAction.CREATE, obj=row, before=None,
                after={"target": f"{target._meta.label} {target.pk}", "kind": kind,
                       "role": role, "provider": signer.provider, "signer": signer_name,
                       "sha256": row.sha256, "sequence": sequence},
            )  # fmt: skip
    except Exception:
        row.file.storage.delete(row.file.name)
        raise
    return row


def _check(before: bytes, after: bytes) -> str:
    """Why the provider's answer is not `before` with one more intact signature ("" when it is):
    an incremental update keeps every byte signed before."""
    if not after.startswith(before):
        return _("Berkas bertanda tangan dari penyedia bukan pembaruan bertahap dokumen ini "
                 "(isi sebelumnya berubah). Tidak disimpan; hubungi Administrator.")  # fmt: skip
    # `before` was checked when it was made, and its bytes are unchanged: the new signature is
    # what is checked here (with no difference analysis: nothing follows it; decision 0022).
    count, last = validate.newest(after)
    if (
        count != validate.signature_count(before) + 1
        or last is None
        or not (last.intact and last.covers_whole_file)
    ):
        return _("Tanda tangan pada berkas dari penyedia tidak utuh. Tidak disimpan; hubungi "
                 "Administrator.")  # fmt: skip
    return ""


def stored_bytes(row: Signature) -> bytes:
    """The PDF after `row`, checked against its digest."""
    with row.file.open("rb") as f:
        data = f.read()
    if hashlib.sha256(data).hexdigest() != row.sha256:
        raise ValidationError(
            _("Berkas bertanda tangan tidak lagi sama dengan yang disimpan (SHA-256 berbeda). "
              "Hubungi Administrator.")
        )  # fmt: skip
    return data


@transaction.atomic
def tte_mark(row: Signature, status: str, *, attempts: int | None = None) -> None:
    """The follow-up of a pengesahan sealed while BSrE was down (menunggu → siap → selesai)."""
    fields = {"tte_status": status, "tte_checked_at": timezone.now()}
    if attempts is not None:
        fields["tte_attempts"] = attempts
    Signature.objects.filter(pk=row.pk).update(**fields)
    before = {"tte_status": row.tte_status}
    for key, value in fields.items():
        setattr(row, key, value)
    audit.record_update(None, row, before)
