"""The kinds of document the report machinery makes, in one place (docs/decisions/0030).

A `Report` is the document of one cycle: the quarterly *Laporan Monitoring dan Evaluasi* of a
quarter's monev cycle (SPEC §12) or the *LKjIP* of an annual cycle (SPEC §16). Everything
downstream — freezing the snapshot, editable sections, versions, the DOCX round trip,
discussion, verification, ratification by signing, the sealed archive — is the same code;
what differs is answered here, by the document's kind:

- which cycles it is the document of (`applies`), and how its snapshot is built;
- its sections (ids, titles) and the text the rules write for them;
- how the document is assembled from the snapshot (chapters, tables, lampiran);
- its title, period label, file names, identifier and archive classification.

The kinds register themselves when the app starts (`reports.apps`), so this module imports
none of them and every reader (`sections`, `document`, services, views, archive) asks it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from monev.domain.periods import roman

if TYPE_CHECKING:
    from monev.reports.document.blocks import Document
    from monev.reports.sections import SectionText
    from monev.reports.snapshot import Snapshot


@dataclass(frozen=True)
class DocumentKind:
    """One kind of report document and everything that differs between kinds."""

    key: str  # the snapshot's `kind`
    #: The document's name as a title ("Laporan Kinerja Instansi Pemerintah").
    name: str
    #: Short name in pages, inbox items and running headers ("Laporan Monev", "LKjIP").
    short_name: str
    #: The report page's heading (translated, lazily).
    page_title: Any
    #: File names start with it ("laporan-monev", "lkjip").
    file_prefix: str
    #: Archive classification code (Permendagri 83/2022 pattern, configurable per kind).
    classification: str
    #: cycle → whether this kind is the document of that cycle.
    applies: Callable[[Any], bool]
    #: (cycle, now) → the snapshot, frozen when the first version is made.
    build_snapshot: Callable[[Any, datetime], Snapshot]
    #: Section id → title, in the order of the document.
    titles: Mapping[str, Any]
    #: snapshot → section id → the text the rules write.
    generate: Callable[[Snapshot], dict[str, str]]
    #: (snapshot, sections, final details) → the document's blocks.
    assemble: Callable[[Snapshot, list[SectionText], dict[str, Any] | None], Document]
    #: The document covers a year (its cycle has no quarter): titles, file names and the
    #: identifier name the year only.
    annual: bool = False

    def period(self, year: int, quarter: int | None) -> str:
        """The period the document covers: "Triwulan III Tahun 2025", "Tahun 2025"."""
        if quarter is None or self.annual:
            return f"Tahun {year}"
        return f"Triwulan {roman(quarter)} Tahun {year}"

    def title(self, year: int, quarter: int | None) -> str:
        """The document's full title with its period (archive entries, lists)."""
        return f"{self.name} {self.period(year, quarter)}"

    def label(self, year: int, quarter: int | None) -> str:
        """A short label: "Laporan Monev Triwulan III Tahun 2025", "LKjIP Tahun 2025"."""
        return f"{self.short_name} {self.period(year, quarter)}"

    def page_label(self, year: int, quarter: int | None) -> str:
        """The cycle as pages name it, translated: "Monev Triwulan III 2025", "LKjIP 2025"."""
        if quarter is None or self.annual:
            return f"{self.short_name} {year}"
        return f"{_('Monev Triwulan')} {roman(quarter)} {year}"

    def page_period(self, year: int, quarter: int | None) -> str:
        """The period as pages name it, translated: "Triwulan III 2025", "Tahun 2025"."""
        if quarter is None or self.annual:
            return f"{_('Tahun')} {year}"
        return f"{_('Triwulan')} {roman(quarter)} {year}"

    def stem(self, year: int, quarter: int | None, version: int | None = None) -> str:
        """A file name without extension: "laporan-monev-2025-tw3-v2", "lkjip-2025-v2"."""
        period = str(year) if quarter is None or self.annual else f"{year}-tw{quarter}"
        tail = f"-v{version}" if version else ""
        return f"{self.file_prefix}-{period}{tail}"

    def identifier(self, agency_short_name: str, year: int, quarter: int | None,
                   cycle_id: int) -> str:  # fmt: skip
        """The identifier pinned into the PDF and DOCX (an uploaded DOCX names its report by
        it): "monev-DKUKMTK-2025-3-12", "lkjip-DKUKMTK-2025-40"."""
        if quarter is None or self.annual:
            return f"{self.key}-{agency_short_name}-{year}-{cycle_id}"
        return f"monev-{agency_short_name}-{year}-{quarter}-{cycle_id}"


#: The kinds' keys (a snapshot's `kind`).
QUARTERLY = "laporan_monev"
LKJIP = "lkjip"

_kinds: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> None:
    _kinds[kind.key] = kind


def get(key: str) -> DocumentKind:
    return _kinds[key or QUARTERLY]


def of(snapshot: Snapshot) -> DocumentKind:
    """The kind of a frozen snapshot (older snapshots: the quarterly report)."""
    return get(getattr(snapshot, "kind", "") or QUARTERLY)


def for_cycle(cycle: Any) -> DocumentKind:
    """The kind of document a cycle's report is: the first registered kind that applies."""
    for kind in _kinds.values():
        if kind.applies(cycle):
            return kind
    raise LookupError(f"No document kind for cycle {cycle.pk}")


def for_report(report: Any) -> DocumentKind:
    """The kind of a report, from its frozen snapshot."""
    snapshot = report.snapshot
    if not isinstance(snapshot, dict):
        snapshot = json.loads(snapshot)
    return get(snapshot.get("kind") or QUARTERLY)
