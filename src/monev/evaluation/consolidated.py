"""The kabupaten's consolidated view (SPEC §14): every agency's quarter side by side — average
achievement, predikat, budget absorption, report status and SOP timeliness, and the year's
Perjanjian Kinerja and LKjIP (SPEC §16) — ranked. The one source of the page, its workbook
and `GET /api/v1/agencies/results/`.

A fixed number of queries whatever the number of agencies: the agencies with their data
tokens is one query, their cycles with report statuses and step timings (finished and
running) another; each agency's results summary is kept per data token (like
`store.year_data`), so only an agency whose data changed since the last read is computed
again (ten queries for that agency). The page's rendered table is kept per fingerprint of
those inputs (`Consolidated.fingerprint`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from monev.annual.selectors import latest_head_versions
from monev.core import formats
from monev.core.access import Scope
from monev.core.freshness import changed_in_this_transaction
from monev.core.models import ResultsVersion
from monev.domain.achievement import round2
from monev.domain.aggregates import summarize
from monev.domain.budget import absorption
from monev.domain.ratings import Rating, rate
from monev.evaluation.store import year_data
from monev.organization.models import Agency
from monev.planning.models import RenstraPeriod
from monev.sop.choices import ACTIVE_STEP_STATUSES, ReportStatus
from monev.sop.models import Cycle


@dataclass(frozen=True)
class ResultSummary:
    """An agency's results of one quarter (year to date), from its stored results."""

    mean: Decimal | None
    rated: int
    indicators: int
    pagu: Decimal | None
    spent: Decimal
    absorption: Decimal | None


@dataclass
class AgencyRow:
    agency: Agency
    rank: int | None
    results: ResultSummary
    rating: Rating | None
    cycle_id: int | None
    cycle_status: str | None
    current_step: int | None
    report_status: str | None
    steps_done: int
    steps_on_time: int
    sop_on_time_pct: Decimal | None
    #: The year's Perjanjian Kinerja of the Kepala Dinas (latest version's number and day)
    #: and the LKjIP (the annual cycle's report status), SPEC §16; None: not made yet.
    pk_version: int | None = None
    pk_date: date | None = None
    lkjip_status: str | None = None

    @property
    def report_label(self) -> str:
        return report_label(self.report_status)

    @property
    def pk_label(self) -> str:
        """The PK as the page and the workbook show it: "Versi 2" (its day, `pk_date`,
        beside it), or "Belum" when the year has none."""
        if self.pk_version is None:
            return _("Belum")
        return _("Versi %(n)s") % {"n": self.pk_version}

    @property
    def pk_shown(self) -> str:
        """The PK on one line (the phone list, the workbook): "Versi 2 · 6 Januari 2026"."""
        if self.pk_date is None:
            return self.pk_label
        return f"{self.pk_label} · {formats.day(self.pk_date)}"

    @property
    def lkjip_label(self) -> str:
        """The LKjIP's status as shown (SPEC §12), or "Belum" when the year has none."""
        return report_label(self.lkjip_status) if self.lkjip_status else _("Belum")


@dataclass
class Consolidated:
    year: int
    quarter: int
    rows: list[AgencyRow]
    mean: Decimal | None
    #: Everything the rows are made of (the agencies' data tokens, cycles, report statuses,
    #: step timings): equal fingerprints, equal rows. None when an agency's data changed in
    #: the running transaction (nothing derived from it may be kept).
    fingerprint: tuple[Any, ...] | None = None

    @property
    def ranked(self) -> list[AgencyRow]:
        return [row for row in self.rows if row.rank is not None]


_CACHE: OrderedDict[tuple[int, int, int, int], ResultSummary] = OrderedDict()
_LOCK = threading.Lock()
#: Agency-quarters kept per process (35 agencies × a few quarters).
CACHE_SIZE = 512


def clear_cache() -> None:
    with _LOCK:
        _CACHE.clear()


def summary_of(agency_id: int, year: int, quarter: int) -> ResultSummary:
    """Compute an agency's results summary of the quarter from its stored results."""
    data = year_data(agency_id, year)
    results = data.results.get(quarter, [])
    summary = summarize([r.achievement for r in results])
    pagu = sum(data.unit_pagu(quarter).values(), Decimal(0))
    spent = sum(data.unit_spent(quarter).values(), Decimal(0))
    return ResultSummary(
        mean=summary.mean,
        rated=sum(1 for r in results if r.achievement is not None),
        indicators=len(results),
        pagu=pagu or None,
        spent=spent,
        absorption=absorption(spent, pagu or None),
    )


def _summaries(
    agency_ids: list[int], year: int, quarter: int, tokens: dict[int, int | None] | None = None
) -> dict[int, ResultSummary]:
    if tokens is None:
        tokens = dict(
            ResultsVersion.objects.filter(agency_id__in=agency_ids).values_list(
                "agency_id", "token"
            )
        )
    found: dict[int, ResultSummary] = {}
    for agency_id in agency_ids:
        # Changed in the running transaction: its token is not yet the one others see.
        token = None if changed_in_this_transaction(agency_id) else tokens.get(agency_id)
        key = (agency_id, year, quarter, token or 0)
        with _LOCK:
            cached = _CACHE.get(key) if token is not None else None
            if cached is not None:
                _CACHE.move_to_end(key)
        if cached is None:
            cached = summary_of(agency_id, year, quarter)
            if token is not None:
                with _LOCK:
                    _CACHE[key] = cached
                    while len(_CACHE) > CACHE_SIZE:
                        _CACHE.popitem(last=False)
        found[agency_id] = cached
    return found


def agencies_in(scope: Scope, year: int) -> list[Agency]:
    """The agencies the scope reads that run a Renstra covering `year` (an agency without a
    plan, e.g. Bappeda itself before its own monev, has nothing to compare)."""
    # Only the columns the rows show (a row per agency, read on every request); the plan
    # as a semi-join, not a join made distinct again.
    covering = RenstraPeriod.objects.filter(
        agency_id=OuterRef("pk"), start_year__lte=year, end_year__gte=year
    )
    return list(
        scope.agencies(Agency.objects)
        .filter(Exists(covering))
        .only("pk", "name", "short_name")
        .annotate(
            data_token=Subquery(
                ResultsVersion.objects.filter(agency_id=OuterRef("pk")).values("token")[:1]
            )
        )
        .order_by("name")
    )


def build(scope: Scope, *, year: int, quarter: int) -> Consolidated:
    """Every agency of the scope for the quarter, ranked by average achievement (best first;
    an agency without any computable achievement is listed last, unranked)."""
    agencies = agencies_in(scope, year)  # with their data tokens (`data_token`)
    ids = [a.pk for a in agencies]
    tokens = {
        a.pk: None if changed_in_this_transaction(a.pk) else a.data_token  # type: ignore[attr-defined]
        for a in agencies
    }
    summaries = _summaries(ids, year, quarter, tokens)
    # Each agency's cycle of the quarter with its report's status, its finished steps (done,
    # of which in time) and its running step: one query.
    completed = Q(runs__completed_at__isnull=False)
    cycles = {
        c["agency_id"]: c
        for c in Cycle.objects.filter(agency_id__in=ids, year=year, quarter=quarter)
        .values("pk", "agency_id", "status", "report__status")
        .annotate(
            done=Count("runs", filter=completed),
            in_time=Count("runs", filter=completed & Q(runs__completed_at__lte=F("runs__due_at"))),
            running=Max("runs__number", filter=Q(runs__status__in=ACTIVE_STEP_STATUSES)),
        )
        .order_by()
    }
    timing = {k: {"done": c["done"], "in_time": c["in_time"]} for k, c in cycles.items()}
    # The year's annual cycle's report (the LKjIP) and latest PK of each agency: two queries.
    lkjip = dict(
        Cycle.objects.filter(agency_id__in=ids, year=year, quarter__isnull=True)
        .exclude(report__isnull=True)
        .values_list("agency_id", "report__status")
        .order_by()
    )
    pk = latest_head_versions(ids, year)
    current = {k: c["running"] for k, c in cycles.items() if c["running"] is not None}
    rows = []
    for agency in agencies:
        summary = summaries[agency.pk]
        cycle: dict[str, Any] = dict(cycles.get(agency.pk) or {})
        steps: dict[str, Any] = timing.get(agency.pk, {})
        done, on_time = steps.get("done", 0), steps.get("in_time", 0)
        rows.append(
            AgencyRow(
                agency=agency,
                rank=None,
                results=summary,
                rating=rate(summary.mean),
                cycle_id=cycle.get("pk"),
                cycle_status=cycle.get("status"),
                current_step=current.get(agency.pk),
                report_status=cycle.get("report__status"),
                steps_done=done,
                steps_on_time=on_time,
                sop_on_time_pct=round2(Decimal(on_time) * 100 / done) if done else None,
                pk_version=pk[agency.pk][0] if agency.pk in pk else None,
                pk_date=pk[agency.pk][1] if agency.pk in pk else None,
                lkjip_status=lkjip.get(agency.pk),
            )
        )
    rows.sort(
        key=lambda r: (
            r.results.mean is None,
            -(r.results.mean or 0),
            -(r.results.absorption or 0),
            r.agency.name,
        )
    )
    rank = 0
    for row in rows:
        if row.results.mean is not None:
            rank += 1
            row.rank = rank
    fingerprint = None
    if all(token is not None for token in tokens.values()):
        fingerprint = (
            year,
            quarter,
            tuple(tokens.items()),
            tuple(sorted((k, tuple(sorted(v.items()))) for k, v in cycles.items())),
            tuple(sorted(lkjip.items())),
            tuple(sorted(pk.items())),
        )
    return Consolidated(
        year=year,
        quarter=quarter,
        rows=rows,
        mean=summarize([r.results.mean for r in rows]).mean,
        fingerprint=fingerprint,
    )


def report_label(status: str | None) -> str:
    """The report's status as shown (SPEC §12), or that there is none yet."""
    if not status:
        return _("Belum ada")
    return str(ReportStatus(status).label)
