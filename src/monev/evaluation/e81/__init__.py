"""Formulir E.81 (Permendagri 86/2017): evaluation of the Renja's results, built once and
shared by the page and the XLSX workbook, with a fixed number of queries.

Rows follow the plan tree (tujuan → sasaran → program → kegiatan → sub kegiatan): a row per
plan node carrying the budget (Rp) halves, then a row per indicator carrying the performance
(K) halves. Columns are numbered as in the form (DOMAIN.md §1.3):

    5 target Renstra (end of period) · 6 realisation up to last year · 7 target Renja this
    year · 8–11 realisation per quarter · 12 realisation this year (RULES §2) · 13 = 6 + 12 ·
    14 = 13 / 5 × 100

plus the in-year columns the quarterly monev needs (DOMAIN.md §1.3, proposed): the Renja
achievement s/d TW q (RULES §3, K) and the serapan anggaran (RULES §6, Rp); the deviasi against
the cash plan (RULES §6, Rp, where a cash plan exists) and the efisiensi, labelled indicative
(achievement − serapan, percentage points) — the same values as the dashboard and the results
API.

The package: `table` (columns, rows, the E81 value), `rows` (build), `totals` (the Rp sums and
the budget rules), `page` (which program the page opens on) and `xlsx` (the workbook of an E81
value, imported by its users as `e81.xlsx`).
"""

from monev.evaluation.e81.page import WHOLE, WHOLE_TABLE_UP_TO, page_program, programs
from monev.evaluation.e81.rows import build
from monev.evaluation.e81.table import (
    BUDGET_LEVELS,
    DEVIATION,
    DISPLAY_COLUMNS,
    E81,
    EFFICIENCY,
    PAIR_COLUMNS,
    PERCENT_COLUMNS,
    QUARTER_COLUMNS,
    RENJA,
    Pair,
    Row,
    Signer,
)

__all__ = [
    "BUDGET_LEVELS",
    "DEVIATION",
    "DISPLAY_COLUMNS",
    "E81",
    "EFFICIENCY",
    "PAIR_COLUMNS",
    "PERCENT_COLUMNS",
    "QUARTER_COLUMNS",
    "RENJA",
    "WHOLE",
    "WHOLE_TABLE_UP_TO",
    "Pair",
    "Row",
    "Signer",
    "build",
    "page_program",
    "programs",
]
