"""The E.81 table as values: its column numbers, its rows (a plan node's Rp halves or an
indicator's K halves), its signers and the headings shared by the page and the workbook."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from monev.domain.aggregates import GroupSummary
from monev.domain.ratings import Rating
from monev.evaluation.models import AnalysisNote
from monev.evaluation.selectors import IndicatorResult
from monev.organization.models import Agency
from monev.planning.choices import Level
from monev.sop.models import Cycle

#: Column numbers of the K/Rp pairs, and the extra in-year column ("capaian Renja").
PAIR_COLUMNS = (5, 6, 7, 8, 9, 10, 11, 12, 13, 14)
RENJA = "renja"
#: RULES §6 on the Rp halves of budget rows: deviasi against the cash plan, and efisiensi
#: (indicative).
DEVIATION = "deviasi"
EFFICIENCY = "efisiensi"
#: The pairs in the order of the printed form; the in-year columns follow column 12.
DISPLAY_COLUMNS: tuple[int | str, ...] = (
    5, 6, 7, 8, 9, 10, 11, 12, RENJA, DEVIATION, EFFICIENCY, 13, 14,
)  # fmt: skip
PERCENT_COLUMNS = (14, RENJA, DEVIATION, EFFICIENCY)
QUARTER_COLUMNS = (8, 9, 10, 11)
BUDGET_LEVELS = (Level.PROGRAM, Level.KEGIATAN, Level.SUB_KEGIATAN)


@dataclass
class Pair:
    k: Decimal | None = None
    rp: Decimal | None = None


@dataclass
class Row:
    """A plan node (Rp halves) or one of its indicators (K halves)."""

    level: str
    code: str
    name: str
    depth: int
    sasaran: str = ""
    unit_of_measure: str = ""
    unit: str = ""
    indicator_id: int | None = None
    node_id: int | None = None
    result: IndicatorResult | None = None
    cells: dict[int | str, Pair] = field(default_factory=dict)
    remark: str = ""
    number: int | None = None  # "No" of the form: plan nodes are numbered, indicators not
    #: The murni annual target (indicator) or pagu (node's own budget) where the stage in
    #: force changed it (RULES §11: shown beside it, marked "(murni)"), else None.
    murni_target: Decimal | None = None
    murni_pagu: Decimal | None = None

    @property
    def is_indicator(self) -> bool:
        return self.indicator_id is not None

    def cell(self, column: int | str) -> Pair:
        return self.cells.setdefault(column, Pair())

    @property
    def is_budget_node(self) -> bool:
        """Program, kegiatan and sub kegiatan rows go in column 3; tujuan/sasaran in 2."""
        return self.level in BUDGET_LEVELS

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label) if self.level in Level.values else ""

    @property
    def decimals(self) -> int:
        return self.result.indicator.decimals if self.result else 0

    @property
    def display(self) -> list[tuple[int | str, Decimal | None, int, Decimal | None, int]]:
        """(column, K, K decimals, Rp, Rp decimals) in the order of the printed form; K only
        on indicator rows, Rp only on node rows."""
        out = []
        for column in DISPLAY_COLUMNS:
            pair = self.cells.get(column) or Pair()
            percent = column in PERCENT_COLUMNS
            out.append(
                (column, pair.k, 2 if percent else self.decimals, pair.rp, 2 if percent else 0)
            )
        return out


@dataclass
class Signer:
    title: str
    name: str = ""
    pangkat: str = ""
    nip: str = ""


@dataclass
class E81:
    agency: Agency
    year: int
    quarter: int
    rows: list[Row]
    summary: GroupSummary
    totals: dict[int | str, Pair]
    note: AnalysisNote | None
    cycle: Cycle | None
    prepared_by: Signer
    evaluated_by: Signer
    unit_name: str = ""
    #: The plan stage in force for the quarter when it is not murni (RULES §11), else "".
    stage_label: str = ""

    @property
    def mean(self) -> Decimal | None:
        return self.summary.mean

    @property
    def rating(self) -> Rating | None:
        return self.summary.rating

    @property
    def total_display(self) -> list[tuple[int | str, Decimal | None, int]]:
        """(column, Rp, decimals) of the budget total row, in the order of the form."""
        return [
            (c, (self.totals.get(c) or Pair()).rp, 2 if c in PERCENT_COLUMNS else 0)
            for c in DISPLAY_COLUMNS
        ]

    @property
    def column_labels(self) -> list[tuple[int | str, str, str]]:
        """(column, heading, numbering) of each K/Rp pair in the order of the form, shared by
        the page and the workbook; a quarter's heading is its Roman numeral, under
        `quarters_label`."""
        year = self.year
        labels: dict[int | str, tuple[str, str]] = {
            5: (_("Target Renstra PD pada tahun akhir periode Renstra"), "5"),
            6: (
                _("Realisasi capaian kinerja Renstra PD s/d Renja PD tahun %(last)s")
                % {"last": year - 1},
                "6",
            ),
            7: (_("Target kinerja dan anggaran Renja PD tahun %(year)s") % {"year": year}, "7"),
            8: ("I", "8"),
            9: ("II", "9"),
            10: ("III", "10"),
            11: ("IV", "11"),
            12: (
                _("Realisasi capaian kinerja dan anggaran Renja PD tahun %(year)s")
                % {"year": year},
                "12 = 8+9+10+11",
            ),
            RENJA: (_("Tingkat capaian Renja s/d triwulan ini (%)"), "12a"),
            DEVIATION: (_("Deviasi realisasi anggaran terhadap anggaran kas (%)"), "12b"),
            EFFICIENCY: (
                _("Efisiensi (indikatif): capaian − serapan anggaran (poin)"),
                "12c = 12a(K) − 12a(Rp)",
            ),
            13: (
                _("Realisasi kinerja dan anggaran Renstra PD s/d tahun %(year)s") % {"year": year},
                "13 = 6+12",
            ),
            14: (
                _(
                    "Tingkat capaian kinerja dan realisasi anggaran Renstra PD s/d tahun "
                    "%(year)s (%%)"
                )
                % {"year": year},
                "14 = 13/5×100%",
            ),
        }
        return [(c, *labels[c]) for c in DISPLAY_COLUMNS]

    @property
    def quarters_label(self) -> str:
        return _("Realisasi kinerja pada triwulan tahun %(year)s") % {"year": self.year}

    @property
    def signers(self) -> list[tuple[str, Signer]]:
        return [(str(_("Disusun")), self.prepared_by), (str(_("Dievaluasi")), self.evaluated_by)]
