"""Stored results always equal a fresh recomputation (issue #16 item 1): random sequences of
writes go through the services — form saves, submissions, returns, acceptances, corrections,
evidence, plan edits, flag explanations, step transitions — each committed as in production,
and after every write the results the pages read are compared with `store.compute`."""

from __future__ import annotations

import contextlib
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monev.accounts.models import User
from monev.collection import services as collection
from monev.collection.models import Realization, Submission
from monev.evaluation import services as evaluation
from monev.evaluation import store
from monev.evaluation.selectors import results_for_quarters
from monev.planning import services as planning
from monev.planning.models import Indicator
from monev.sop import services as sop_services
from monev.sop.models import StepRun
from monev.sop.testing import run_of

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
values = st.one_of(st.none(), st.decimals(min_value=0, max_value=200, places=1))
writes = st.one_of(
    st.tuples(st.just("save"), values, values, st.one_of(st.none(), st.integers(0, 10**8))),
    st.tuples(st.just("submit")),
    st.tuples(st.just("return")),
    st.tuples(st.just("accept")),
    st.tuples(st.just("correct"), values),
    st.tuples(st.just("evidence")),
    st.tuples(st.just("target"), st.integers(0, 60)),
    st.tuples(st.just("explain")),
    st.tuples(st.just("step")),
    st.tuples(st.just("plan_import"), st.integers(1, 60)),
)


def _plain(data: store.YearData) -> Any:
    """Everything a page reads of the year, as plain values."""
    return (
        {
            q: [
                (
                    r.indicator.pk,
                    r.target,
                    r.realization,
                    r.achievement,
                    r.rating,
                    r.annual_target,
                    r.annual_progress,
                    r.projection,
                    r.at_risk,
                    [f.code for f in r.flags],
                )
                for r in rows
            ]
            for q, rows in data.results.items()
        },
        {i: {y: dict(qs) for y, qs in ys.items()} for i, ys in data.values.items()},
        {n: {y: dict(qs) for y, qs in ys.items()} for n, ys in data.spent.items()},
        data.pagu,
        {q: [u.pk for u in units] for q, units in data.pending.items()},
    )


def _plan_import(output: Indicator, actor: User, value: int) -> None:
    """Export the plan workbook, set the output's TW IV 2026 target to `value` and its sub
    kegiatan's 2026 pagu to `value` million, and import it back (TW IV: the import refuses
    targets of a quarter locked by olah data, as TW III may be by then — issue 21)."""
    from openpyxl import load_workbook

    from monev.planning import xlsx
    from monev.planning.xlsx.stages import StageRequest
    from monev.planning.xlsx_schema import BUDGET_SHEET, TARGET_SHEET

    book = load_workbook(io.BytesIO(xlsx.export_plan(output.period)))
    for name, code, column, new, quarter in (
        (TARGET_SHEET, output.code, "nilai", value, 4),
        (BUDGET_SHEET, output.node.code, "pagu", value * 1_000_000, None),
    ):
        sheet = book[name]
        header = {str(c.value).strip().lower(): c.column for c in sheet[1]}
        for row in range(2, sheet.max_row + 1):
            cell = sheet.cell(row=row, column=1)
            if cell.value != code or sheet.cell(row=row, column=header["tahun"]).value != 2026:
                continue
            if quarter and sheet.cell(row=row, column=header["triwulan"]).value != quarter:
                continue
            sheet.cell(row=row, column=header[column]).value = new
    out = io.BytesIO()
    book.save(out)
    # a year that has begun takes the changes as a plan stage (RULES §11)
    request = StageRequest(reason="Uji perubahan")
    parsed = xlsx.parse_plan(out.getvalue(), period=output.period, stage=request)
    assert not parsed.errors, parsed.errors[:3]
    xlsx.apply_plan(parsed, actor=actor)


def _apply(write: tuple[Any, ...], cycle: Any, people: dict[str, Any]) -> None:
    operator, kasubag = people["operator.koperasi"], people["kasubag"]
    form = Submission.objects.get(cycle=cycle, unit__code="BID-KOP")
    iku = Indicator.objects.get(code="IK.S1.1.01")
    output = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
    kind = write[0]
    if kind == "save":
        collection.submission_save(
            actor=operator,
            submission=form,
            version=form.version,
            indicators={
                iku.pk: collection.IndicatorInput(
                    write[1], no_data=write[1] is None, no_data_reason="belum ada"
                ),
                output.pk: collection.IndicatorInput(write[2]),
            },
            budgets={output.node_id: None if write[3] is None else Decimal(write[3])},
            narratives={},
        )
    elif kind == "submit":
        collection.submission_submit(actor=operator, submission=form)
    elif kind == "return":
        collection.submission_return(actor=kasubag, submission=form, note="Periksa lagi")
    elif kind == "accept":
        collection.submission_accept(actor=kasubag, submission=form)
    elif kind == "correct":
        realization = Realization.objects.filter(indicator=output, year=2026, quarter=3).first()
        if realization is not None:
            collection.realization_correct(
                actor=kasubag, realization=realization, value=write[1], reason="Salah ketik"
            )
    elif kind == "evidence":
        collection.evidence_attach(
            actor=operator,
            submission=form,
            indicator=output,
            upload=SimpleUploadedFile("bukti.pdf", PDF, "application/pdf"),
        )
    elif kind == "target":
        planning.indicator_update(
            actor=kasubag,
            indicator=output,
            fields={},
            targets={(2026, None): Decimal(40), (2026, 3): Decimal(write[1])},
        )
    elif kind == "explain":
        evaluation.flag_resolve(
            actor=kasubag, cycle=cycle, indicator=output, code="no_evidence", note="Menyusul"
        )
    elif kind == "plan_import":  # the whole plan from its workbook: targets and pagu bulk-updated
        _plan_import(output, kasubag, write[1])
    elif kind == "step":
        run = StepRun.objects.filter(cycle=cycle, status="berjalan").order_by("number").first()
        if run is not None and run.number <= 2:
            sop_services.step_complete(actor=kasubag, run=run, override_reason="Uji")


@pytest.mark.django_db(transaction=True)
def test_stored_results_equal_a_fresh_recomputation(
    sop_cycle: Any, small_plan: Any, personas: Any
) -> None:
    sop_services.step_complete(actor=personas["kasubag"], run=run_of(sop_cycle, 1))
    agency_id = small_plan.agency_id
    store.clear_cache()

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.lists(writes, min_size=1, max_size=6))
    def run(sequence: list[tuple[Any, ...]]) -> None:
        for write in sequence:
            # A refused write changes nothing, and must leave the results right too.
            with contextlib.suppress(ValidationError, PermissionDenied):
                _apply(write, sop_cycle, personas)
            results_for_quarters(agency_id, year=2026, quarters=[1, 2, 3, 4])  # read (stores)
            stored = store.year_data(agency_id, 2026)
            assert _plain(stored) == _plain(store.compute(agency_id, 2026)), write

    run()
    # And the stored results are really read from the store: one query (the data token).
    store.year_data(agency_id, 2026)
    with CaptureQueriesContext(connection) as read:
        results_for_quarters(agency_id, year=2026, quarters=[3])
    assert len(read.captured_queries) == 1
