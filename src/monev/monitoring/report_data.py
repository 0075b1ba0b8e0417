"""The contract between monitoring and the quarterly report (issue #22): typed values that
`monev.monitoring.selectors.report_section` returns and `monev.reports` freezes into its
snapshot and renders. Monitoring is the lower app, so the dataclasses live here and the
report imports them (no `importlib`, no dict "shaped like" a report class).

The fields carry values — dates, `Decimal`s with their decimal places, the choices' enums —
never text formatted for people: the report's rendering formats them (`monev.core.formats`),
so a value frozen once prints the same in the PDF, the DOCX and the archive's workbook.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from monev.monitoring.choices import FindingCategory, RecommendationStatus, Verdict


@dataclass
class RecommendationData:
    """A recommendation as the report states it: its SIPTL status, the latest follow-up the
    Bidang reported, its due date and the Bidang that must act."""

    text: str
    status: RecommendationStatus | None = None
    follow_up: str = ""
    due: dt.date | None = None
    unit_name: str = ""


@dataclass
class FindingData:
    """A temuan of a visit: text, category, the indicator where it applies, the Kepala
    Bidang's disagreement, and the recommendations that answer it."""

    text: str
    recommendations: list[RecommendationData] = field(default_factory=list)
    category: FindingCategory | None = None
    indicator_code: str = ""
    indicator_name: str = ""
    disputed: bool = False
    dispute_reason: str = ""


@dataclass
class BlangkoLine:
    """A line of a visit's blangko: the indicator, the value the Bidang reported, the value
    the team verified, the evidence's verdict and the value the team proposes instead
    (values with the indicator's decimal places; None where none was written)."""

    indicator_name: str
    decimals: int
    reported: Decimal | None = None
    verified: Decimal | None = None
    verdict: Verdict | None = None
    proposed: Decimal | None = None


@dataclass
class VisitData:
    """A monev visit (SOP steps 4–6) to a Bidang: when, who, its findings and blangko lines.

    `frozen_rows` holds the blangko of a snapshot frozen before the contract carried values
    (report schema 1–2): the text printed then, kept so that report renders as it did."""

    unit_name: str
    date: dt.date | None = None  # `dt.`: the field's name hides the type in the class
    team: list[str] = field(default_factory=list)
    findings: list[FindingData] = field(default_factory=list)
    blangko: list[BlangkoLine] = field(default_factory=list)
    frozen_rows: list[list[str]] = field(default_factory=list)


@dataclass
class CarriedData:
    """An open recommendation of an earlier quarter carried into this one (SPEC §11), with the
    finding it answers and its SIPTL status and follow-up as of this quarter."""

    unit_name: str
    year: int
    quarter: int
    finding: FindingData
    recommendation: RecommendationData


@dataclass
class MonitoringData:
    """The visits of a quarter and the recommendations carried into it."""

    visits: list[VisitData] = field(default_factory=list)
    carried: list[CarriedData] = field(default_factory=list)
