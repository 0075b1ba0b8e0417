"""Step 5, the blangko: what the visit's team writes during and after the visit (answers,
verified indicators, findings, recommendations, photos)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from monev.accounts.models import User
from monev.core import audit
from monev.core.files import StoredFile
from monev.domain import checklist
from monev.domain.monitoring_flow import (
    may_edit,
)
from monev.monitoring import policies, selectors
from monev.monitoring.models import (
    Finding,
    Recommendation,
    Visit,
    VisitIndicator,
    VisitPhoto,
)
from monev.monitoring.services._common import _now, check_length, sent_before
from monev.organization.models import Unit
from monev.planning.models import Indicator

# --- Step 5: the blangko -------------------------------------------------------------------------


def check_filler(actor: User, visit: Visit) -> None:
    """Raise PermissionDenied unless the actor is on the team (`policies.may_fill_blangko`),
    ValidationError when the blangko may no longer change (submitted, or the plan not yet
    approved)."""
    if not policies.may_fill_blangko(actor, visit):
        raise PermissionDenied
    if not may_edit("blangko", visit.status, policies.visit_parties(actor, visit)):
        raise ValidationError(
            _("Blangko berstatus «%(s)s» tidak dapat diubah.") % {"s": visit.get_status_display()}
        )


def stamp_fields(visit: Visit, keys: list[str], at: datetime | None = None) -> None:
    """Record that the blangko fields `keys` were written at `at` (now by default), under a row
    lock of the visit, so a later sync from an offline phone knows which value is newer."""
    if not keys:
        return
    locked = Visit.objects.select_for_update().only("pk", "field_stamps").get(pk=visit.pk)
    stamps = dict(locked.field_stamps or {})
    moment = _now(at).astimezone(UTC).isoformat()
    stamps.update(dict.fromkeys(keys, moment))
    Visit.objects.filter(pk=visit.pk).update(field_stamps=stamps)
    visit.field_stamps = stamps


def line_key(line: VisitIndicator, field: str) -> str:
    return f"line:{line.pk}:{field}"


@transaction.atomic
def indicator_verify(
    *,
    actor: User,
    line: VisitIndicator,
    verified_value: Decimal | None,
    verdict: str,
    reason: str,
    proposed_value: Decimal | None,
    at: datetime | None = None,
) -> VisitIndicator:
    """Save one indicator's verification on the blangko (a draft, saved field by field);
    the changed fields are stamped with `at` (now by default, see `stamp_fields`)."""
    check_filler(actor, line.visit)
    if verdict and verdict not in {"cukup", "kurang", "tidak_ada"}:
        raise ValidationError({"verdict": _("Pilih penilaian bukti dukung.")})
    if verdict in {"kurang", "tidak_ada"} and not reason.strip():
        raise ValidationError({"verdict_reason": _("Tuliskan alasan penilaian bukti dukung.")})
    for value in (verified_value, proposed_value):
        if value is not None and value < 0:
            raise ValidationError(_("Nilai tidak boleh negatif."))
    fields = ["verified_value", "verdict", "verdict_reason", "proposed_value"]
    before = audit.snapshot(line, fields)
    line.verified_value, line.verdict = verified_value, verdict
    line.verdict_reason, line.proposed_value = reason.strip(), proposed_value
    line.save(update_fields=fields)
    audit.record_update(actor, line, before)
    after = audit.snapshot(line, fields)
    stamp_fields(line.visit, [line_key(line, f) for f in fields if before[f] != after[f]], at)
    return line


@transaction.atomic
def answers_save(
    *, actor: User, visit: Visit, answers: Mapping[str, str], at: datetime | None = None
) -> Visit:
    """Save checklist answers (only the given items; others are kept), stamped with `at`."""
    check_filler(actor, visit)
    items = {i.key: i for s in selectors.sections_of(visit) for i in s.items}
    merged = dict(visit.answers)
    errors = {}
    for key, raw in answers.items():
        if key not in items:
            continue
        try:
            merged[key] = checklist.clean_answer(items[key], raw)
        except ValueError as error:
            errors[key] = f"{items[key].label}: {error}"
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(visit, ["answers"])
    changed = [f"answer:{k}" for k, v in merged.items() if visit.answers.get(k) != v]
    visit.answers = merged
    visit.save(update_fields=["answers"])
    audit.record_update(actor, visit, before)
    stamp_fields(visit, changed, at)
    return visit


@transaction.atomic
def summary_save(*, actor: User, visit: Visit, summary: str, at: datetime | None = None) -> Visit:
    check_filler(actor, visit)
    check_length("summary", summary.strip(), _("Kesimpulan tim"))
    before = audit.snapshot(visit, ["summary"])
    changed = visit.summary != summary.strip()
    visit.summary = summary.strip()
    visit.save(update_fields=["summary"])
    audit.record_update(actor, visit, before)
    stamp_fields(visit, ["summary"] if changed else [], at)
    return visit


@transaction.atomic
def finding_add(
    *,
    actor: User,
    visit: Visit,
    text: str,
    category: str,
    indicator: Indicator | None,
    client_id: Any = None,
) -> Finding:
    """Add a finding; with the `client_id` the phone made, a second call (a retried sync, a
    double tap) returns the finding already stored — even once the blangko is submitted."""
    existing = sent_before(Finding, actor, visit, client_id)
    if existing is not None:
        return existing
    check_filler(actor, visit)
    if not text.strip():
        raise ValidationError({"text": _("Tuliskan temuan.")})
    check_length("text", text.strip(), _("Temuan"))
    if indicator is not None and not visit.indicators.filter(indicator=indicator).exists():
        raise ValidationError({"indicator": _("Indikator tidak termasuk kunjungan ini.")})
    # Every finding has an id the blangko names it by (a recommendation answers one), made
    # here when the page did not give one (a form sent without JavaScript).
    finding = Finding(
        visit=visit,
        text=text.strip(),
        category=category,
        indicator=indicator,
        client_id=client_id or uuid.uuid4(),
    )
    finding.full_clean(exclude=["visit", "indicator", "client_id"])
    finding.save()
    audit.record_create(actor, finding)
    return finding


@transaction.atomic
def finding_delete(*, actor: User, finding: Finding) -> None:
    check_filler(actor, finding.visit)
    if finding.recommendations.exists():
        raise ValidationError(
            _("Temuan ini punya rekomendasi; hapus rekomendasinya dahulu, lalu temuannya.")
        )
    audit.record_delete(actor, finding, audit.snapshot(finding))
    finding.delete()


@transaction.atomic
def recommendation_add(
    *,
    actor: User,
    visit: Visit,
    text: str,
    unit: Unit,
    due_date: date | None,
    finding: Finding | None,
    now: datetime | None = None,
    client_id: Any = None,
) -> Recommendation:
    """A recommendation of the visit answering one of its findings: what `unit` (by default
    the visited Bidang) must do; idempotent with a `client_id` like `finding_add`."""
    existing = sent_before(Recommendation, actor, visit, client_id)
    if existing is not None:
        return existing
    check_filler(actor, visit)
    if not text.strip():
        raise ValidationError({"text": _("Tuliskan rekomendasi.")})
    check_length("text", text.strip(), _("Rekomendasi"))
    if finding is None:
        raise ValidationError(
            {
                "finding": _("Pilih temuan yang ditindaklanjuti rekomendasi ini.")
                if visit.findings.exists()
                else _("Catat temuannya dahulu: setiap rekomendasi menindaklanjuti satu temuan.")
            }
        )
    if finding.visit_id != visit.pk:
        raise ValidationError({"finding": _("Temuan tidak termasuk kunjungan ini.")})
    if due_date is None:
        raise ValidationError({"due_date": _("Tentukan batas waktu.")})
    if unit.agency_id != visit.cycle.agency_id:
        raise PermissionDenied
    recommendation = Recommendation.objects.create(
        agency_id=visit.cycle.agency_id,
        unit=unit,
        visit=visit,
        finding=finding,
        cycle=visit.cycle,
        text=text.strip(),
        due_date=due_date,
        created_at=_now(now),
        client_id=client_id,
    )
    audit.record_create(actor, recommendation)
    return recommendation


@transaction.atomic
def recommendation_delete(*, actor: User, recommendation: Recommendation) -> None:
    if recommendation.visit is None:
        raise PermissionDenied
    check_filler(actor, recommendation.visit)
    audit.record_delete(actor, recommendation, audit.snapshot(recommendation))
    recommendation.delete()


def store_image(upload: Any) -> StoredFile:
    """Check and store an uploaded photo through `core.files.store_upload` (kind by content:
    images only; the evidence size limit); return the `StoredFile`. Nothing is stored when it
    is refused (ValidationError with the reason)."""
    from django.conf import settings

    from monev.core.files import store_upload
    from monev.domain import filetypes

    return store_upload(
        upload,
        folder="kunjungan",
        allowed_kinds=(filetypes.JPEG, filetypes.PNG, filetypes.GIF, filetypes.WEBP),
        max_bytes=settings.MONEV_EVIDENCE_MAX_MB * 2**20,
    )


@transaction.atomic
def photo_add(*, actor: User, visit: Visit, upload: Any) -> VisitPhoto:
    check_filler(actor, visit)
    stored = store_image(upload)
    photo = VisitPhoto(visit=visit, uploaded_by=actor, **stored.row_fields())
    photo.file.name = stored.name
    photo.save()
    audit.record_create(actor, photo)
    return photo
