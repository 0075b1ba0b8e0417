"""Demo quarterly data: each Bidang's realisation, budget and narratives for a cycle, entered
and reviewed through the real services (called by the demo cycles at step 2)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from monev.accounts.models import User
from monev.collection import selectors, services
from monev.collection.models import Submission
from monev.planning.choices import Aggregation
from monev.sop.models import Cycle

#: Pace of each Bidang against its quarter targets (some ahead, some behind), by unit code.
PACE = {
    "BID-KOP": Decimal("1.05"),
    "BID-UKM": Decimal("0.82"),
    "BID-NAKER": Decimal("0.93"),
    "UPTD-BLK": Decimal("1.10"),
}
NARRATIVES = {
    "BID-KOP": {
        "drivers": "Dukungan pengurus koperasi dan pendampingan rutin penyuluh.",
        "obstacles": "Sebagian koperasi belum menyelenggarakan RAT tepat waktu.",
        "problems": "Data keanggotaan koperasi belum seluruhnya mutakhir.",
        "follow_up": "Pendampingan RAT dan pemutakhiran data melalui ODS.",
    },
    "BID-UKM": {
        "drivers": "Minat pelaku usaha mikro mengikuti pelatihan kewirausahaan tinggi.",
        "obstacles": "Anggaran pelatihan baru dapat dicairkan setelah pergeseran.",
        "problems": "Perizinan usaha mikro terkendala akses internet di desa.",
        "follow_up": "Layanan jemput bola perizinan di kecamatan.",
    },
    "BID-NAKER": {
        "drivers": "Kerja sama penempatan dengan perusahaan tambang dan kontraktor.",
        "obstacles": "Kebutuhan tenaga kerja bersertifikat belum terpenuhi.",
        "problems": "Laporan wajib lapor ketenagakerjaan perusahaan terlambat.",
        "follow_up": "Bursa kerja dan pelatihan berbasis kompetensi di BLK.",
    },
}
PDF = b"%PDF-1.4\n% bukti dukung demo\n"


def _bidang_user(submission: Submission, kasubag: Any) -> Any:
    if submission.unit.kind in selectors.SECRETARIAT_KINDS:
        return kasubag
    return (
        User.objects.filter(
            official__unit=submission.unit, role_assignments__role="operator_bidang"
        )
        .order_by("pk")
        .first()
        or User.objects.filter(
            official__unit=submission.unit, role_assignments__role="kepala_bidang"
        ).first()
    )


def _value(line: selectors.IndicatorLine, pace: Decimal) -> Decimal | None:
    indicator = line.indicator
    base = line.quarter_target
    if base is None and line.annual_target is not None:
        base = (
            line.annual_target / 4
            if indicator.aggregation == Aggregation.CUMULATIVE
            else line.annual_target
        )
    if base is None:
        return None
    factor = pace if indicator.polarity == "positive" else Decimal(2) - pace
    return (base * factor).quantize(Decimal(1).scaleb(-indicator.decimals))


def fill(cycle: Cycle, *, kasubag: Any, now: Any, return_unit: str | None = None) -> None:
    """Fill, submit and accept every Bidang's form of `cycle`; `return_unit`'s form is returned
    once with a note and corrected before it is accepted."""
    for submission in Submission.objects.filter(cycle=cycle).select_related("unit", "cycle"):
        user = _bidang_user(submission, kasubag)
        if user is None:
            continue
        _enter(submission, user)
        services.submission_submit(
            actor=user, submission=Submission.objects.get(pk=submission.pk), now=now
        )
        if submission.unit.code == return_unit:
            services.submission_return(
                actor=kasubag,
                submission=Submission.objects.get(pk=submission.pk),
                note="Lengkapi bukti dukung dan periksa kembali angka realisasi triwulan ini.",
                now=now,
            )
            services.submission_submit(
                actor=user, submission=Submission.objects.get(pk=submission.pk), now=now
            )
        services.submission_accept(
            actor=kasubag, submission=Submission.objects.get(pk=submission.pk), now=now
        )


#: A sub kegiatan whose realisation runs past its pagu (RULES §8 "above pagu", issue 25):
#: 40 % of the pagu in each quarter, 120 % s/d TW III — the flag board and E.81 show it.
OVERSPENT = {"2.17.04.2.01.0001": Decimal("0.4")}


def _enter(submission: Submission, user: Any) -> None:
    lines, budget_lines = selectors.form_rows(submission)
    pace = PACE.get(submission.unit.code, Decimal(1))
    indicators = {}
    for line in lines:
        value = _value(line, pace)
        indicators[line.indicator.pk] = (
            services.IndicatorInput(value)
            if value is not None
            else services.IndicatorInput(None, True, "Data dari instansi vertikal belum terbit")
        )
    budgets = {}
    for budget in budget_lines:
        if budget.pagu:
            share = Decimal("0.22") * pace if submission.cycle.quarter < 4 else Decimal("0.3")
            share = OVERSPENT.get(budget.node.code, share)
            budgets[budget.node.pk] = (budget.pagu * share).quantize(Decimal(1000))
    services.submission_save(
        actor=user,
        submission=submission,
        version=submission.version,
        indicators=indicators,
        budgets=budgets,
        narratives=NARRATIVES.get(submission.unit.code, {}),
    )
    for line in lines[:2]:
        services.evidence_attach(
            actor=user,
            submission=Submission.objects.get(pk=submission.pk),
            indicator=line.indicator,
            upload=SimpleUploadedFile(f"bukti-{line.indicator.code}.pdf", PDF, "application/pdf"),
        )


#: Share of the 2025 pagu spent in each quarter (93 % over the year).
HISTORY_SPENDING = (Decimal("0.15"), Decimal("0.25"), Decimal("0.25"), Decimal("0.28"))


def fill_history(agency: Any, year: int = 2025) -> None:
    """The Renstra's first year, reported before the app was in use: each indicator's
    quarterly values of `year` (slightly under target) and the budget spent per quarter,
    imported as they stand, so that E.81 column 6 and the year-on-year comparison have data."""
    from monev.collection.models import BudgetRealization, Realization
    from monev.planning.models import Budget, Target

    annual = Target.objects.filter(
        indicator__period__agency=agency, year=year, quarter__isnull=True
    ).select_related("indicator")
    realizations = []
    for target in annual:
        indicator = target.indicator
        pace = (
            Decimal("0.96") if indicator.aggregation == Aggregation.CUMULATIVE else Decimal("0.97")
        )
        factor = pace if indicator.polarity == "positive" else Decimal(2) - pace  # as `_value`
        per_quarter = (
            target.value / 4 if indicator.aggregation == Aggregation.CUMULATIVE else target.value
        )
        value = per_quarter * factor
        step = Decimal(1).scaleb(-indicator.decimals)
        realizations += [
            Realization(indicator=indicator, year=year, quarter=q, value=value.quantize(step))
            for q in (1, 2, 3, 4)
        ]
    Realization.objects.bulk_create(realizations)
    BudgetRealization.objects.bulk_create(
        BudgetRealization(
            node_id=budget.node_id,
            year=year,
            quarter=quarter,
            amount=(budget.pagu * share).quantize(Decimal(1)),
        )
        for budget in Budget.objects.filter(node__period__agency=agency, year=year)
        for quarter, share in enumerate(HISTORY_SPENDING, start=1)
    )
