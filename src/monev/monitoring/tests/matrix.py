"""Objects of the permission matrix (tests/permissions.py) for monev visits, made on demand:
Bidang Koperasi's approved visit (team: the Kasubag Program as leader and the Staf Program),
an indicator line with a proposed correction, a photo, a recommendation of an earlier quarter
with a follow-up. Fresh objects where the request deletes one."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
WITA = ZoneInfo("Asia/Makassar")


def _visit(objs: dict[str, Any]) -> Any:
    from monev.monitoring.models import TeamMember, Visit, VisitIndicator
    from monev.monitoring.services import default_checklist

    if "visit" in objs:
        return objs["visit"]
    cycle = objs["cycle"]
    visit = Visit.objects.create(
        cycle=cycle,
        unit=objs["unit"],
        starts_at=datetime(2026, 10, 12, 9, tzinfo=WITA),
        ends_at=datetime(2026, 10, 12, 12, tzinfo=WITA),
        place="Ruang rapat Bidang Koperasi",
        checklist=default_checklist(cycle.agency),
        status="disetujui",
    )
    TeamMember.objects.create(visit=visit, official=objs["kasubag"].official, is_leader=True)
    from monev.accounts.models import User

    staf = User.objects.get(username="staf.program")
    TeamMember.objects.create(visit=visit, official=staf.official)
    objs["line"] = VisitIndicator.objects.create(
        visit=visit, indicator=objs["indicator"], correction_status="diusulkan"
    )
    objs["visit"] = visit
    return visit


def visit(objs: dict[str, Any]) -> list[Any]:
    return [_visit(objs).pk]


def cycle_of_visit(objs: dict[str, Any]) -> list[Any]:
    return [_visit(objs).cycle_id]


def line(objs: dict[str, Any]) -> list[Any]:
    _visit(objs)
    return [objs["line"].pk]


def visit_and_line(objs: dict[str, Any]) -> list[Any]:
    _visit(objs)
    return [objs["visit"].pk, objs["line"].pk]


def fresh_finding(objs: dict[str, Any]) -> list[Any]:
    from monev.monitoring.models import Finding

    return [Finding.objects.create(visit=_visit(objs), text="Temuan", category="data").pk]


def fresh_recommendation(objs: dict[str, Any]) -> list[Any]:
    from monev.monitoring.models import Recommendation

    found = _visit(objs)
    return [
        Recommendation.objects.create(
            agency_id=found.cycle.agency_id,
            unit=found.unit,
            visit=found,
            cycle=found.cycle,
            text="Rekomendasi",
            due_date=date(2026, 12, 31),
            created_at=datetime(2026, 10, 12, 11, tzinfo=WITA),
        ).pk
    ]


def photo(objs: dict[str, Any]) -> list[Any]:
    from monev.monitoring.models import VisitPhoto

    if "photo" not in objs:
        item = VisitPhoto(
            visit=_visit(objs),
            original_name="foto.png",
            content_type="image/png",
            size=len(PNG),
            sha256=hashlib.sha256(PNG).hexdigest(),  # downloads check it
        )
        item.file.save("foto.png", ContentFile(PNG), save=True)
        objs["photo"] = item
    return [objs["photo"].pk]


def _recommendation(objs: dict[str, Any]) -> Any:
    from monev.monitoring.models import FollowUp, Recommendation

    if "recommendation" not in objs:
        found = _visit(objs)
        objs["recommendation"] = rec = Recommendation.objects.create(
            agency_id=found.cycle.agency_id,
            unit=found.unit,
            visit=found,
            cycle=found.cycle,
            text="Tertibkan arsip",
            due_date=date(2026, 12, 31),
            created_at=datetime(2026, 10, 12, 11, tzinfo=WITA),
        )
        follow_up = FollowUp(
            recommendation=rec,
            cycle=found.cycle,
            text="Sudah ditata",
            reported_at=datetime(2026, 10, 13, 9, tzinfo=WITA),
            evidence_name="bukti.png",
            evidence_sha256=hashlib.sha256(PNG).hexdigest(),
        )
        follow_up.evidence.save("bukti.png", ContentFile(PNG), save=True)
        objs["follow_up"] = follow_up
    return objs["recommendation"]


def recommendation(objs: dict[str, Any]) -> list[Any]:
    return [_recommendation(objs).pk]


def follow_up(objs: dict[str, Any]) -> list[Any]:
    _recommendation(objs)
    return [objs["follow_up"].pk]


def checklist(objs: dict[str, Any]) -> list[Any]:
    from monev.monitoring.services import default_checklist

    return [default_checklist(objs["cycle"].agency).template_id]
