"""Writes of recommendations across quarters (SPEC §11): the Bidang reports its follow-up
with evidence in its next format isian; the monev team (at the next visit) or the Kasubag
Program (at step 6) verifies it, which sets the recommendation's SIPTL status."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monev.accounts.models import User
from monev.core import audit, transitions
from monev.core.transitions import require_party
from monev.domain.monitoring_flow import (
    CLOSED,
    RECOMMENDATION,
    VERIFY_ACTION,
    RecommendationAction,
    RecommendationState,
)
from monev.monitoring import policies
from monev.monitoring.models import FollowUp, Recommendation
from monev.sop.models import Cycle


def _store_evidence(follow_up: FollowUp, upload: Any) -> None:
    """Store the follow-up's evidence, checked like any evidence (`core.files.store_upload`)."""
    from django.conf import settings

    from monev.core.files import store_upload

    stored = store_upload(
        upload, folder="tindak-lanjut", max_bytes=settings.MONEV_EVIDENCE_MAX_MB * 2**20
    )
    follow_up.evidence.name = stored.name
    follow_up.evidence_name = stored.original_name
    follow_up.evidence_sha256 = stored.sha256


@transaction.atomic
def follow_up_report(
    *,
    actor: User,
    recommendation: Recommendation,
    cycle: Cycle,
    text: str,
    upload: Any = None,
    now: datetime | None = None,
) -> FollowUp:
    """The Bidang reports (or rewrites, until verified) what it did in `cycle`."""
    if "bidang" not in policies.recommendation_parties(actor, recommendation, cycle):
        raise PermissionDenied
    if recommendation.status in CLOSED:
        raise ValidationError(_("Rekomendasi ini sudah selesai."))
    if not text.strip():
        raise ValidationError({"text": _("Tuliskan tindak lanjut yang sudah dilakukan.")})
    follow_up = FollowUp.objects.filter(recommendation=recommendation, cycle=cycle).first()
    if follow_up is not None and follow_up.verified_at is not None:
        raise ValidationError(_("Tindak lanjut triwulan ini sudah diverifikasi."))
    created = follow_up is None
    if follow_up is None:
        follow_up = FollowUp(recommendation=recommendation, cycle=cycle)
        before = None
    else:
        before = audit.snapshot(follow_up, ["text", "evidence"])
    follow_up.text = text.strip()
    follow_up.reported_by = actor
    follow_up.reported_at = now or timezone.now()
    if upload is not None:
        _store_evidence(follow_up, upload)
    follow_up.save()
    if created or before is None:
        audit.record_create(actor, follow_up)
    else:
        audit.record_update(actor, follow_up, before)
    return follow_up


@transaction.atomic
def follow_up_verify(
    *, actor: User, follow_up: FollowUp, status: str, note: str, now: datetime | None = None
) -> Recommendation:
    """The monev team of the follow-up's quarter (or the Kasubag Program) verifies it: the
    verdict is the recommendation's new SIPTL status (table `RECOMMENDATION`)."""
    recommendation = follow_up.recommendation
    parties = policies.recommendation_parties(actor, recommendation, follow_up.cycle)
    require_party(RECOMMENDATION, RecommendationAction.VERIFY_SESUAI, parties)
    try:
        action = VERIFY_ACTION[RecommendationState(status)]
    except ValueError as error:
        raise ValidationError({"status": _("Pilih hasil verifikasi.")}) from error
    if status == RecommendationState.TIDAK_DAPAT and not note.strip():
        raise ValidationError(
            {"note": _("Tuliskan alasan rekomendasi tidak dapat ditindaklanjuti.")}
        )
    at = now or timezone.now()
    recommendation = transitions.transition(
        RECOMMENDATION,
        recommendation,
        action,
        parties=parties,
        actor=actor,
        changes={"closed_at": at if status in CLOSED else None},
        note=note.strip(),
    )
    before = audit.snapshot(follow_up, ["status", "verification_note", "verified_by_id"])
    follow_up.status = status
    follow_up.verification_note = note.strip()
    follow_up.verified_by = actor
    follow_up.verified_at = at
    follow_up.save()
    audit.record_update(actor, follow_up, before)
    return recommendation


@transaction.atomic
def recommendation_reopen(
    *, actor: User, recommendation: Recommendation, note: str
) -> Recommendation:
    """The Kasubag Program reopens a closed recommendation (with a reason)."""
    parties = policies.recommendation_parties(actor, recommendation, recommendation.cycle)
    require_party(RECOMMENDATION, RecommendationAction.REOPEN, parties)
    if not note.strip():
        raise ValidationError({"note": _("Tuliskan alasan membuka kembali.")})
    return transitions.transition(
        RECOMMENDATION,
        recommendation,
        RecommendationAction.REOPEN,
        parties=parties,
        actor=actor,
        changes={"closed_at": None},
        note=note.strip(),
    )
