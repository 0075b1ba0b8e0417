"""Reads of the signing app: an agency's seal, a document's signatures and its current bytes,
and the validation of a PDF against the configured trust roots."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from django.http import Http404

from monev.core.files import ServedFile
from monev.domain import filetypes
from monev.signing import validate
from monev.signing.models import AgencySeal, Signature


def active_seal(agency_id: int | None) -> AgencySeal | None:
    if agency_id is None:
        return None
    return AgencySeal.objects.filter(agency_id=agency_id, active=True).first()


def signatures_of(target: Model) -> QuerySet[Signature]:
    return Signature.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    ).order_by("sequence")


def latest_signature(target: Model) -> Signature | None:
    return signatures_of(target).last()


def seal_fingerprints() -> frozenset[str]:
    """The certificates of every agency seal ever uploaded: a signature with one of them is
    a "segel elektronik instansi", not a TTE."""
    return frozenset(AgencySeal.objects.values_list("fingerprint", flat=True))


def check(pdf: bytes) -> validate.Report:
    """Validate every signature of `pdf` against the configured trust roots."""
    return validate.validate(
        pdf, validate.load_roots(settings.MONEV_SIGNING_TRUST_ROOTS), seal_fingerprints()
    )


def document_file(version: Any, kind: str, stem: str) -> ServedFile:
    """What serving one file of a document version needs (`core.files.download`): a version
    with `pdf`/`sha256` and `docx`/`docx_sha256` (a report's, a PK's). 404 for a kind other
    than "pdf" or "docx". Once the version carries a signature its PDF is the PDF after the
    latest signature, the bytes that were signed ("<stem>-ttd.pdf"); the rendering before
    them is not handed out as the document."""
    if kind not in ("pdf", "docx"):
        raise Http404
    signed = latest_signature(version) if kind == "pdf" else None
    if signed is not None:
        pdf = filetypes.PDF.content_type
        return ServedFile(
            name=signed.file.name,
            sha256=signed.sha256,
            content_type=pdf,
            filename=f"{stem}-ttd.pdf",
        )
    field, sha256, content_type = (
        (version.pdf, version.sha256, filetypes.PDF.content_type)
        if kind == "pdf"
        else (version.docx, version.docx_sha256, filetypes.DOCX.content_type)
    )
    return ServedFile(
        name=field.name, sha256=sha256, content_type=content_type, filename=f"{stem}.{kind}"
    )
