"""Reads of the signing app: an agency's seal, a document's signatures and its current bytes,
and the validation of a PDF against the configured trust roots."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

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
