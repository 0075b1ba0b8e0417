"""Writes of the Perjanjian Kinerja (SPEC §16 step 1): a new version of every party's PK of a
year, made from the plan as its last stage leaves it (RULES §11). The Kasubag Program makes
the first at the start of the year and a new one after each pergeseran or perubahan; every
version is kept."""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from monev.accounts.models import User
from monev.annual import builder, policies, selectors
from monev.annual.models import PerjanjianKinerja, PerjanjianKinerjaVersion
from monev.annual.render_docx import render_docx
from monev.annual.render_pdf import render_pdf
from monev.core import audit
from monev.organization.choices import UnitKind
from monev.organization.models import Agency, Unit
from monev.planning.selectors import year_plan


def _logo(agency: Agency) -> bytes:
    if not agency.logo:
        return b""
    try:
        with agency.logo.open("rb") as handle:
            return bytes(handle.read())
    except (OSError, ValueError):
        return b""


def pk_create(
    *, actor: User | None, agency: Agency, year: int, now: datetime | None = None
) -> list[PerjanjianKinerjaVersion]:
    """Make a new version of the Kepala Dinas' PK of `year` and of each Bidang's that has
    indicators, from the plan of the year's last stage; return them (the head's first).

    Refused when the user is not the agency's Kasubag Program (None: the system, e.g. the
    demo), when no Renstra covers the year, or when the last version already follows the
    last stage (nothing changed to agree on)."""
    if actor is not None and not policies.may_create_pk(actor, agency.pk):
        raise PermissionDenied
    period = selectors.period_of(agency.pk, year)
    if period is None:
        raise ValidationError(_("Belum ada Renstra yang mencakup tahun %(year)s.") % {"year": year})
    plan = year_plan(period, year)
    state = plan.current
    latest = selectors.latest_head_version(agency.pk, year)
    stage_id = state.stage.pk if state.stage else None
    if latest is not None and latest.stage_id == stage_id:
        raise ValidationError(
            _("Perjanjian Kinerja %(year)s sudah mengikuti tahap rencana terakhir (%(stage)s).")
            % {"year": year, "stage": state.label}
        )
    now = now or timezone.now()
    inputs = builder.plan_year(period, state)
    units = [
        unit
        for unit in Unit.objects.filter(agency=agency, kind=UnitKind.BIDANG, is_active=True)
        if builder.unit_indicators(inputs, unit)
    ]
    logo = _logo(agency)
    made: list[PerjanjianKinerjaVersion] = []
    with transaction.atomic():
        for unit in [None, *units]:
            agreement, _created = PerjanjianKinerja.objects.get_or_create(
                agency=agency, year=year, unit=unit
            )
            number = (agreement.versions.aggregate(n=Max("number"))["n"] or 0) + 1
            snap = builder.build(
                agency=agency, plan=inputs, year=year, unit=unit, version=number,
                dated=timezone.localdate(now),
            )  # fmt: skip
            pdf = render_pdf(snap, logo=logo)
            docx = render_docx(snap, logo=logo)
            version = PerjanjianKinerjaVersion(
                agreement=agreement,
                number=number,
                stage=state.stage,
                author=actor,
                created_at=now,
                snapshot=snap.to_json(),
                sha256=hashlib.sha256(pdf).hexdigest(),
                docx_sha256=hashlib.sha256(docx).hexdigest(),
            )
            party = unit.code.lower() if unit else "kadis"
            stem = f"perjanjian-kinerja-{year}-{party}-v{number}"
            version.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
            version.docx.save(f"{stem}.docx", ContentFile(docx), save=False)
            version.save()
            audit.record_create(actor, version)
            made.append(version)
    return made
