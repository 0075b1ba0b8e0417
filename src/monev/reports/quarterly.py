"""The quarterly report (SPEC §12, DOMAIN §8.4) as a document kind of the report machinery
(`monev.reports.kinds`): the report of a quarter's monev cycle."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext_lazy

from monev.reports import kinds, sections
from monev.reports.builder import build_snapshot
from monev.reports.document.assemble import build_quarterly
from monev.reports.snapshot import Snapshot


def _build(cycle: Any, now: datetime) -> Snapshot:
    return build_snapshot(cycle, now=now)


KIND = kinds.DocumentKind(
    key=kinds.QUARTERLY,
    name="Laporan Monitoring dan Evaluasi Internal Capaian Kinerja",
    short_name="Laporan Monev",
    page_title=gettext_lazy("Laporan Monitoring dan Evaluasi"),
    file_prefix="laporan-monev",
    classification="",
    applies=lambda cycle: not cycle.is_annual,
    build_snapshot=_build,
    titles=sections.TITLES,
    generate=sections.generate_quarterly,
    assemble=build_quarterly,
)
