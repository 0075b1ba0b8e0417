"""A throw-away certificate authority for the tests and the demo: a root and leaf
certificates (PKCS#12) made on the spot with `cryptography`. Nothing it issues is a
certified TTE (PP 71/2019 Pasal 60); the demo says so (README, docs/decisions/0022)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


@dataclass(frozen=True)
class Authority:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate

    @property
    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)


def _name(common: str, org: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def authority(common: str = "Monev Test Root CA", org: str = "Monev Uji") -> Authority:
    key = _key()
    now = dt.datetime.now(dt.UTC)
    name = _name(common, org)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True,
                crl_sign=True, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    return Authority(key, cert)


def issue(
    ca: Authority,
    common: str,
    org: str = "Monev Uji",
    *,
    days: int = 730,
    expired: bool = False,
) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    """A signing certificate of `ca` (an expired one when asked, for the error paths)."""
    key = _key()
    now = dt.datetime.now(dt.UTC)
    start = now - dt.timedelta(days=days + 10) if expired else now - dt.timedelta(hours=1)
    end = now - dt.timedelta(days=1) if expired else now + dt.timedelta(days=days)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common, org))
        .issuer_name(ca.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=True, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=False,
                crl_sign=False, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), False
        )
        .sign(ca.key, hashes.SHA256())
    )  # fmt: skip
    return key, cert


def pkcs12_of(
    ca: Authority, key: rsa.RSAPrivateKey, cert: x509.Certificate, passphrase: bytes | None
) -> bytes:
    encryption = (
        serialization.BestAvailableEncryption(passphrase)
        if passphrase
        else serialization.NoEncryption()
    )
    return pkcs12.serialize_key_and_certificates(b"monev", key, cert, [ca.cert], encryption)


def asn1(cert: x509.Certificate) -> Any:
    """The certificate as asn1crypto's (what pyHanko's validation takes)."""
    from asn1crypto import x509 as asn1_x509

    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
