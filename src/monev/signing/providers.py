"""One signing interface, two providers (SPEC §15): `Seal` signs with the agency's own key
(PAdES B-B, B-T with a timestamp authority) and `Bsre` asks BSrE's signing service
(`bsre.Client`). A provider returns the PDF with one more signature, or raises `SigningError`
with a message in Indonesian; it never keeps the passphrase."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from django.conf import settings
from django.views.decorators.debug import sensitive_variables

from monev.signing import bsre, keystore, pades
from monev.signing.choices import Provider
from monev.signing.errors import SigningError
from monev.signing.models import AgencySeal

__all__ = ["Bsre", "Seal", "SignRequest", "Signer", "SigningError"]


@dataclass(frozen=True)
class SignRequest:
    """What to sign and how. `nik` and `passphrase` are for BSrE only; the passphrase is
    typed for this signing and left out of the request's repr."""

    pdf: bytes = field(repr=False)
    field_name: str
    reason: str
    location: str = ""
    signer_name: str = ""
    placement: pades.Placement | None = None
    image_png: bytes | None = field(default=None, repr=False)
    nik: str = field(default="", repr=False)
    passphrase: str = field(default="", repr=False)


class Signer(Protocol):
    provider: str

    def sign(self, request: SignRequest) -> bytes: ...


class Seal:
    """The agency seal: "segel elektronik instansi", not a certified TTE."""

    provider: str = Provider.SEGEL

    def __init__(self, seal: AgencySeal) -> None:
        self.seal = seal

    def sign(self, request: SignRequest) -> bytes:
        signer = pades.signer_from_pkcs12(keystore.unseal(self.seal.encrypted_key))
        try:
            return pades.sign(
                request.pdf, signer, field_name=request.field_name, reason=request.reason,
                location=request.location, name=request.signer_name,
                placement=request.placement, image_png=request.image_png,
                tsa_url=settings.MONEV_SIGNING_TSA_URL,
            )  # fmt: skip
        except SigningError:
            raise
        except Exception as error:
            raise SigningError.other(error) from error


class Bsre:
    """BSrE (BSSN): each signing with the signer's NIK and passphrase."""

    provider: str = Provider.BSRE

    def __init__(self, client: bsre.Client | None = None) -> None:
        self.client = client or bsre.Client.from_settings()

    @sensitive_variables("request")
    def sign(self, request: SignRequest) -> bytes:
        return self.client.sign(
            request.pdf,
            nik=request.nik,
            passphrase=request.passphrase,
            visible=request.placement,
            image_png=request.image_png,
            reason=request.reason,
            location=request.location,
        )


def bsre_configured() -> bool:
    return bool(settings.MONEV_BSRE_URL)
