"""The agency seal's key at rest: the PKCS#12 uploaded by the Administrator is opened once with
the passphrase they type, then kept re-serialised without a passphrase and encrypted with
Fernet under a key derived (HKDF-SHA256) from `MONEV_SIGNING_KEY`, else `SECRET_KEY`. A
database copy alone cannot sign; changing the key makes stored seals unusable (upload again)."""

from __future__ import annotations

import base64
from dataclasses import dataclass

from cryptography import x509
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import pkcs12
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

INFO = b"monev agency seal v1"


def _fernet() -> Fernet:
    secret = (settings.MONEV_SIGNING_KEY or settings.SECRET_KEY).encode()
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"monev-seal", info=INFO).derive(secret)
    return Fernet(base64.urlsafe_b64encode(key))


@dataclass(frozen=True)
class Opened:
    """A PKCS#12 opened: the key, its certificate and the rest of the chain."""

    key: rsa.RSAPrivateKey
    cert: x509.Certificate
    chain: list[x509.Certificate]

    def plain_pkcs12(self) -> bytes:
        return pkcs12.serialize_key_and_certificates(
            b"seal", self.key, self.cert, self.chain or None, serialization.NoEncryption()
        )


def open_pkcs12(data: bytes, passphrase: str) -> Opened:
    """Open an uploaded PKCS#12, or say in Indonesian why it cannot be."""
    try:
        key, cert, chain = pkcs12.load_key_and_certificates(
            data, passphrase.encode() if passphrase else None
        )
    except ValueError as error:
        raise ValidationError(
            _("Berkas PKCS#12 tidak dapat dibuka: passphrase salah atau berkas rusak."),
            code="pkcs12",
        ) from error
    if key is None or cert is None:
        raise ValidationError(_("Berkas PKCS#12 harus berisi kunci privat dan sertifikatnya."))
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValidationError(_("Hanya kunci RSA yang didukung untuk segel instansi."))
    return Opened(key=key, cert=cert, chain=list(chain))


def seal_up(opened: Opened) -> bytes:
    """The bytes kept in the database: the PKCS#12 without passphrase, Fernet-encrypted."""
    return _fernet().encrypt(opened.plain_pkcs12())


def unseal(token: bytes) -> bytes:
    """The PKCS#12 (no passphrase) back from its encrypted form."""
    try:
        return _fernet().decrypt(bytes(token))
    except InvalidToken as error:
        raise ValidationError(
            _("Kunci segel instansi tidak dapat dibuka dengan kunci aplikasi saat ini "
              "(MONEV_SIGNING_KEY/SECRET_KEY berubah?). Administrator perlu mengunggah "
              "ulang berkas segelnya.")
        ) from error  # fmt: skip
