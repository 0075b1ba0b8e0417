"""Validation of the signatures in a PDF (the verification page and API, `monev
verify_archive`): every signature with its signer, role, time, whether the bytes it covers are
intact, whether its certificate chain leads to a configured trust root, and whether it is the
agency's seal or a TTE. Pure: the trust roots and the seal fingerprints are passed in."""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from monev.signing import _sync

log = logging.getLogger(__name__)

#: Field names start with the kind of signature (`names.field_name`).
KIND_PREFIXES = {"Paraf": "paraf", "Pengesahan": "pengesahan", "Segel": "segel"}


@dataclass(frozen=True)
class Found:
    """One signature of a PDF as validated."""

    field: str
    signer: str  # the certificate's common name
    subject: str
    reason: str  # the role and action as written when signing
    signed_at: datetime | None
    intact: bool  # the bytes it covers are unchanged and the signature is valid
    trusted: bool  # its chain leads to a configured trust root
    seal: bool  # the agency's own key (not a certified TTE)
    covers_whole_file: bool
    fingerprint: str  # SHA-256 of the signing certificate

    @property
    def kind(self) -> str:
        return next((k for p, k in KIND_PREFIXES.items() if self.field.startswith(p)), "lain")


@dataclass(frozen=True)
class Report:
    """All signatures of a file and whether anything was added after the last one."""

    readable: bool
    signatures: list[Found]

    @property
    def intact(self) -> bool:
        return bool(self.signatures) and all(s.intact for s in self.signatures)

    @property
    def changed_after(self) -> bool:
        """Bytes added after the last signature (an unsigned update)."""
        return bool(self.signatures) and not self.signatures[-1].covers_whole_file


def load_roots(path: str | Path | None) -> list[asn1_x509.Certificate]:
    """The trust roots of a PEM (or DER) file of certificates; none when unset or missing."""
    if not path:
        return []
    try:
        data = Path(path).read_bytes()
    except OSError:
        log.warning("Signing trust roots file %s cannot be read", path)
        return []
    if not pem.detect(data):
        return [asn1_x509.Certificate.load(data)]
    return [asn1_x509.Certificate.load(der) for _t, _h, der in pem.unarmor(data, multiple=True)]


def cert_fingerprint(cert: asn1_x509.Certificate) -> str:
    return hashlib.sha256(cert.dump()).hexdigest()


def signature_count(pdf: bytes) -> int:
    """How many signatures `pdf` embeds, without validating them (0 when unreadable)."""
    try:
        return len(list(PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures))
    except (PdfReadError, ValueError, KeyError, IndexError, TypeError):
        return 0


def validate(
    pdf: bytes,
    roots: list[asn1_x509.Certificate],
    seal_fingerprints: frozenset[str] = frozenset(),
) -> Report:
    """Validate every signature of `pdf` offline (no fetching of revocation data: B-B)."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError, IndexError, TypeError):
        return Report(readable=False, signatures=[])
    with _quiet():
        return Report(readable=True, signatures=[_one(sig, roots, seal_fingerprints)
                                                 for sig in embedded])  # fmt: skip


@contextmanager
def _quiet() -> Iterator[None]:
    """pyHanko logs an untrusted chain as a warning with its traceback: here it is a result."""
    quiet = logging.getLogger("pyhanko.sign.validation.generic_cms")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        yield
    finally:
        quiet.setLevel(level)


def newest(pdf: bytes) -> tuple[int, Found | None]:
    """How many signatures `pdf` embeds, and its last one validated without the difference
    analysis (None when the file is unreadable or unsigned). For a file just signed: the last
    signature covers the whole file, so no update follows it to analyse; what its signing
    appended to the earlier signatures' revisions is analysed on the verification page
    (`validate`), where it costs ~2 s per earlier signature of a tagged report."""
    try:
        embedded = list(PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures)
    except (PdfReadError, ValueError, KeyError, IndexError, TypeError):
        return 0, None
    if not embedded:
        return 0, None
    with _quiet():
        return len(embedded), _one(embedded[-1], [], frozenset(), skip_diff=True)


def _one(
    sig: Any,
    roots: list[asn1_x509.Certificate],
    seal_fingerprints: frozenset[str],
    *,
    skip_diff: bool = False,
) -> Found:
    try:
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        status = _sync.run(lambda: validate_pdf_signature(sig, context, skip_diff=skip_diff))
    except Exception:  # a malformed signature is reported as not intact
        log.info("Signature %s could not be validated", sig.field_name, exc_info=True)
        return Found(field=sig.field_name or "", signer="", subject="", reason="",
                     signed_at=None, intact=False, trusted=False, seal=False,
                     covers_whole_file=False, fingerprint="")  # fmt: skip
    cert = status.signing_cert
    fingerprint = cert_fingerprint(cert)
    allowed = status.modification_level in (
        None, ModificationLevel.NONE, ModificationLevel.LTA_UPDATES,
        ModificationLevel.FORM_FILLING,
    )  # fmt: skip
    return Found(
        field=sig.field_name or "",
        signer=str(cert.subject.native.get("common_name", "")),
        subject=cert.subject.human_friendly,
        reason=str(sig.sig_object.get("/Reason", "") or ""),
        signed_at=status.signer_reported_dt,
        intact=bool(status.intact and status.valid and allowed and status.docmdp_ok),
        trusted=bool(status.trusted),
        seal=fingerprint in seal_fingerprints,
        covers_whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        fingerprint=fingerprint,
    )
