"""The LKjIP (Laporan Kinerja Instansi Pemerintah, SPEC §16, DOMAIN §8.5) as a document kind
of the report machinery (`monev.reports.kinds`): the report of an annual cycle."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from monev.reports import kinds
from monev.reports.lkjip import assemble, builder, sections

KIND = kinds.DocumentKind(
    key=kinds.LKJIP,
    name="Laporan Kinerja Instansi Pemerintah",
    short_name="LKjIP",
    page_title=gettext_lazy("Laporan Kinerja Instansi Pemerintah (LKjIP)"),
    file_prefix="lkjip",
    classification="",
    applies=lambda cycle: bool(cycle.is_annual),
    build_snapshot=builder.build_lkjip,
    titles=sections.TITLES,
    generate=sections.generate,
    assemble=assemble.build,
    annual=True,
)
