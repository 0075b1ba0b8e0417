"""PAdES signing with pyHanko over any PDF (PDF/A-3 included): one incremental update per
signature, so the bytes signed before (embedded files, PDF/A identification, earlier
signatures) stay as they were. Used by the agency seal and by the local fake of BSrE."""

from __future__ import annotations

import io
from dataclasses import dataclass

from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.stamp import TextStampStyle

from monev.signing import _sync


@dataclass(frozen=True)
class Placement:
    """Where a visible signature goes: page (0-based) and box in PDF points (x1, y1, x2, y2)."""

    page: int
    box: tuple[float, float, float, float]


def signer_from_pkcs12(data: bytes, passphrase: bytes | None = None) -> signers.SimpleSigner:
    signer = signers.SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=passphrase)
    if signer is None:  # pragma: no cover - pyHanko logs and returns None on a bad file
        raise ValueError("PKCS#12 could not be loaded")
    return signer


def signing_cert(signer: signers.Signer) -> asn1_x509.Certificate:
    cert = signer.signing_cert
    assert cert is not None
    return cert


def sign(
    pdf: bytes,
    signer: signers.Signer,
    *,
    field_name: str,
    reason: str,
    location: str = "",
    name: str = "",
    placement: Placement | None = None,
    image_png: bytes | None = None,
    tsa_url: str = "",
) -> bytes:
    """Append one PAdES signature (B-B, B-T with a timestamp authority) to `pdf`: invisible
    without `placement`, else shown in its box with `image_png` as its appearance."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    spec = (
        fields.SigFieldSpec(field_name, on_page=placement.page, box=_int_box(placement.box))
        if placement is not None
        else fields.SigFieldSpec(field_name)
    )
    fields.append_signature_field(writer, spec)
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        reason=reason or None,
        location=location or None,
        name=name or None,
        subfilter=SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    style = None
    if placement is not None and image_png:
        from PIL import Image

        picture = Image.open(io.BytesIO(image_png)).convert("RGB")
        style = TextStampStyle(
            stamp_text=" ",
            background=PdfImage(picture),
            background_opacity=1,
            border_width=0,
        )
    timestamper = timestamps.HTTPTimeStamper(tsa_url) if tsa_url else None
    pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=style, timestamper=timestamper)
    out = io.BytesIO()
    _sync.run(lambda: pdf_signer.sign_pdf(writer, output=out))
    return out.getvalue()


def _int_box(box: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
    x1, y1, x2, y2 = box
    return round(x1), round(y1), round(x2), round(y2)
