"""Sync of the blangko from a phone that lost its connection (SOP step 5, issue #11 stretch).

The visit page keeps each change made offline in the browser and sends them, in order, one
request each, when the connection is back (`static/monev/blangko-offline.js`). A change is:

- ``{"kind": "indicator", "line": <VisitIndicator pk>, "fields": {...}, "at": {...}}``
- ``{"kind": "answers", "fields": {<item key>: <answer>}, "at": {...}}``
- ``{"kind": "summary", "fields": {"summary": "..."}, "at": {...}}``
- ``{"kind": "finding", "client_id": <uuid>, "fields": {"text", "category", "indicator"}}``
- ``{"kind": "recommendation", "client_id": <uuid>,
  "fields": {"text", "unit", "due_date", "finding"}}`` — ``finding`` is the client id of the
  finding it answers (one stored already, or one made offline and sent before it)

plus ``"sent"``, the phone's clock when it sent the change. ``at`` gives, per field, the
phone's clock when the field was edited; the server corrects it by the phone's clock error
(its ``sent`` against the server's now) and a field is written only when that moment is later
than the one stored for it (`Visit.field_stamps`): last write wins, per field. Findings and
recommendations carry the id the phone made, so sending one twice stores it once.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from monev.accounts.models import User
from monev.core.numbers import MEASURE, read_number
from monev.core.params import parse_date_or_none, parse_id
from monev.domain.monitoring_flow import may_edit
from monev.monitoring import policies, selectors, services
from monev.monitoring.models import Finding, Recommendation, Visit
from monev.organization.models import Unit
from monev.organization.selectors import units_visible_to

INDICATOR_FIELDS = ("verified_value", "verdict", "verdict_reason", "proposed_value")
KINDS = ("indicator", "answers", "summary", "finding", "recommendation")


class BlangkoClosed(ValidationError):
    """The blangko may no longer change (submitted, or returned to planning): HTTP 409."""


@dataclass(frozen=True)
class Outcome:
    """What a synced change did: `saved` (some field written), `stale` (every field had a
    newer value on the server), `created`, or `existing` (a retried sync: already stored)."""

    result: str
    pk: int | None = None
    skipped: tuple[str, ...] = ()


def _bad(message: str | None = None) -> ValidationError:
    return ValidationError(message or _("Data perubahan tidak lengkap atau rusak."))


#: A phone's clock outside these years is wrong, not a moment to order changes by (year 1 or
#: 9999 would overflow once shifted by the clock error).
_YEARS = (2000, 2999)


def _moment(raw: Any) -> datetime | None:
    """The moment `raw` names, or None: not text, not a date-time, an impossible one
    ("2026-13-45", offset "+99:00") or a year outside `_YEARS`."""
    if not isinstance(raw, str) or len(raw) > 64:
        return None
    try:
        moment = parse_datetime(raw)
    except (ValueError, OverflowError):
        return None
    if moment is None:
        return None
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=UTC)
    try:
        moment = moment.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
    return moment if _YEARS[0] <= moment.year <= _YEARS[1] else None


def _clock(change: Mapping[str, Any], now: datetime) -> Any:
    """Return a function turning the phone's edit moments into server time: shifted by the
    phone's clock error (from `sent`), never later than now; missing or unreadable → now."""
    sent = _moment(change.get("sent"))
    skew = (now - sent) if sent is not None else None

    def server_time(raw: Any) -> datetime:
        moment = _moment(raw)
        if moment is None:
            return now
        if skew is not None:
            moment = moment + skew  # both within _YEARS: cannot overflow
        return min(moment, now)

    return server_time


def _fields(change: Mapping[str, Any], allowed: tuple[str, ...] | None = None) -> dict[str, str]:
    fields = change.get("fields")
    if not isinstance(fields, dict) or not fields:
        raise _bad()
    if any(not isinstance(k, str) or not isinstance(v, str | None) for k, v in fields.items()):
        raise _bad()
    if allowed is not None and not set(fields) <= set(allowed):
        raise _bad()
    return {k: v or "" for k, v in fields.items()}


def _newer(visit: Visit, key: str, moment: datetime) -> bool:
    """True when the server holds no value of `key` written after `moment`."""
    stored = _moment((visit.field_stamps or {}).get(key))
    return stored is None or stored <= moment


def _number(raw: str) -> Decimal | None:
    return read_number(raw, MEASURE)


def _same(current: Any, raw: str, numeric: bool) -> bool:
    """True when `raw` says what the server holds already (a resent change)."""
    if not numeric:
        return bool(current == raw.strip())
    try:
        return _number(raw) == current
    except ValidationError:
        return False


def _client_id(change: Mapping[str, Any]) -> uuid.UUID:
    try:
        return uuid.UUID(str(change.get("client_id")))
    except ValueError as error:
        raise _bad(_("Perubahan ini tidak membawa kode perangkat yang sah.")) from error


def _check_open(actor: User, visit: Visit) -> None:
    found = policies.visit_parties(actor, visit)
    if not found & {"team_member", "team_leader"}:
        raise PermissionDenied
    if not may_edit("blangko", visit.status, found):
        raise BlangkoClosed(
            _(
                "Blangko berstatus «%(s)s» sehingga perubahan dari perangkat ini tidak dapat "
                "disimpan. Salin isinya bila masih diperlukan dan hubungi ketua tim."
            )
            % {"s": visit.get_status_display()}
        )


def apply_change(*, actor: User, visit: Visit, change: Any, now: datetime | None = None) -> Outcome:
    """Apply one change sent by a phone (see the module docstring), all or nothing.

    Raises PermissionDenied for a user off the team, `BlangkoClosed` when the blangko may no
    longer change (except a finding or recommendation already stored: that answers
    `existing`), ValidationError (Indonesian) for a malformed or invalid change.
    """
    if not policies.visit_parties(actor, visit) & {"team_member", "team_leader"}:
        raise PermissionDenied  # before the payload: an outsider learns nothing from it
    if not isinstance(change, dict) or change.get("kind") not in KINDS:
        raise _bad()
    now = now or timezone.now()
    kind = change["kind"]
    try:
        with transaction.atomic():
            locked = Visit.objects.select_for_update().get(pk=visit.pk)
            for name in ("cycle", "unit", "checklist"):
                setattr(locked, name, getattr(visit, name))
            if kind in {"finding", "recommendation"}:
                return _add(actor, locked, kind, change)
            _check_open(actor, locked)
            return _edit(actor, locked, kind, change, _clock(change, now))
    except IntegrityError:  # the same id sent twice at once: the other request stored it
        model = Finding if kind == "finding" else Recommendation
        row = model._default_manager.filter(visit=visit, client_id=_client_id(change)).first()
        if row is None:
            raise
        return Outcome("existing", row.pk)


def _edit(actor: User, visit: Visit, kind: str, change: Mapping[str, Any], clock: Any) -> Outcome:
    given = change.get("at")
    stamps: dict[str, Any] = given if isinstance(given, dict) else {}
    if kind == "indicator":
        fields = _fields(change, INDICATOR_FIELDS)
        lines = visit.indicators.select_related("indicator")
        line = lines.filter(pk__in=_ids(str(change.get("line", "")))).first()
        if line is None:
            raise _bad(_("Indikator ini tidak termasuk kunjungan ini."))
        line.visit = visit
        values: dict[str, Any] = {f: getattr(line, f) for f in INDICATOR_FIELDS}
        taken, skipped, latest = [], [], None
        for name, raw in fields.items():
            moment = clock(stamps.get(name))
            if not _newer(visit, services.line_key(line, name), moment):
                if not _same(getattr(line, name), raw, name.endswith("_value")):
                    skipped.append(name)  # a later value on the server differs: it stays
                continue
            values[name] = _number(raw) if name.endswith("_value") else raw
            taken.append(name)
            latest = max(latest or moment, moment)
        if not taken:
            return Outcome("stale", line.pk, tuple(skipped))
        services.indicator_verify(
            actor=actor,
            line=line,
            verified_value=values["verified_value"],
            verdict=values["verdict"] or "",
            reason=values["verdict_reason"] or "",
            proposed_value=values["proposed_value"],
            at=latest,
        )
        return Outcome("saved", line.pk, tuple(skipped))
    if kind == "summary":
        fields = _fields(change, ("summary",))
        moment = clock(stamps.get("summary"))
        if not _newer(visit, "summary", moment):
            differs = visit.summary != fields["summary"].strip()
            return Outcome("stale", None, ("summary",) if differs else ())
        services.summary_save(actor=actor, visit=visit, summary=fields["summary"], at=moment)
        return Outcome("saved")
    fields = _fields(change)
    known = {i.key for s in selectors.sections_of(visit) for i in s.items}
    if not set(fields) <= known:
        raise _bad(_("Butir daftar periksa ini tidak ada pada blangko kunjungan ini."))
    skipped = []
    for key in list(fields):
        moment = clock(stamps.get(key))
        if not _newer(visit, f"answer:{key}", moment):
            if str(visit.answers.get(key, "")) != fields[key].strip():
                skipped.append(key)
            del fields[key]
            continue
        services.answers_save(actor=actor, visit=visit, answers={key: fields[key]}, at=moment)
    return Outcome("saved" if fields else "stale", None, tuple(skipped))


def _add(actor: User, visit: Visit, kind: str, change: Mapping[str, Any]) -> Outcome:
    client_id = _client_id(change)
    model = Finding if kind == "finding" else Recommendation
    existing = services.sent_before(model, actor, visit, client_id)
    if existing is not None:
        return Outcome("existing", existing.pk)
    _check_open(actor, visit)
    if kind == "finding":
        fields = _fields(change, ("text", "category", "indicator"))
        indicator = None
        if fields.get("indicator"):
            line = visit.indicators.filter(indicator_id__in=_ids(fields["indicator"])).first()
            if line is None:
                raise _bad(_("Indikator tidak termasuk kunjungan ini."))
            indicator = line.indicator
        row: Any = services.finding_add(
            actor=actor,
            visit=visit,
            text=fields.get("text", ""),
            category=fields.get("category", ""),
            indicator=indicator,
            client_id=client_id,
        )
    else:
        fields = _fields(change, ("text", "unit", "due_date", "finding"))
        unit: Unit | None = visit.unit
        if fields.get("unit"):
            unit = units_visible_to(actor).filter(pk__in=_ids(fields["unit"])).first()
        if unit is None:
            raise _bad(_("Penanggung jawab rekomendasi tidak dikenal."))
        due = parse_date_or_none(fields.get("due_date", ""))
        if fields.get("due_date") and due is None:
            raise _bad(_("Batas waktu bukan tanggal yang sah."))
        finding = selectors.finding_of(visit, fields.get("finding", ""))
        if fields.get("finding") and finding is None:
            raise _bad(_("Temuan yang ditindaklanjuti tidak ada pada kunjungan ini."))
        row = services.recommendation_add(
            actor=actor,
            visit=visit,
            text=fields.get("text", ""),
            unit=unit,
            due_date=due,
            finding=finding,
            client_id=client_id,
        )
    return Outcome("created", row.pk)


def _ids(raw: str) -> list[int]:
    number = parse_id(raw)  # "²" or 30 digits: no id (not a 500)
    return [number] if number is not None else []
