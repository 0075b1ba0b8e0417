"""Evidence files of a form: attached to an indicator's realisation of the quarter, one row per
file and indicator-quarter."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import transaction

from monev.accounts.models import User
from monev.collection.models import Realization, Submission
from monev.collection.services.isian import check_editor
from monev.core import audit
from monev.planning.models import Indicator


@transaction.atomic
def evidence_attach(
    *, actor: User, submission: Submission, indicator: Indicator, upload: Any
) -> Any:
    """Attach a supporting file to the indicator's realisation of the submission's quarter.

    The file goes through `core.files.store_upload`: its kind is recognised from its content
    (an executable renamed to .pdf is refused), its size and, for office files, its archive
    are bounded, and nothing is stored when it is refused. The same content uploaded again on
    the same indicator and quarter returns the existing row (matched by SHA-256).
    """
    from django.conf import settings

    from monev.core.files import store_upload

    check_editor(actor, submission)
    if indicator.responsible_unit_id != submission.unit_id:
        raise PermissionDenied
    stored = store_upload(upload, folder="bukti", max_bytes=settings.MONEV_EVIDENCE_MAX_MB * 2**20)
    realization, _created = Realization.objects.get_or_create(
        indicator=indicator,
        year=submission.cycle.year,
        quarter=submission.cycle.quarter,
        defaults={"updated_by": actor},
    )
    return evidence_record(actor, realization, stored)


def evidence_record(actor: User, realization: Realization, stored: Any, note: str = "") -> Any:
    """Record a file stored by `core.files.store_upload` as evidence of `realization`
    (audited). The same content again on the same realisation returns the existing row and
    drops the new copy: one evidence row per file and indicator-quarter."""
    from monev.collection.models import Evidence

    same = Evidence.objects.filter(realization=realization, sha256=stored.sha256).first()
    if same is not None:
        default_storage.delete(stored.name)
        return same
    evidence = Evidence(
        realization=realization, kind=stored.kind, uploaded_by=actor, **stored.row_fields()
    )
    evidence.file.name = stored.name
    evidence.save()
    audit.record_create(actor, evidence, note=note)
    return evidence
