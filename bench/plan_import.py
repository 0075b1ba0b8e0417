#!/usr/bin/env python
"""Time a plan import of about 10,000 rows (issue #16 item 2): on a copy of a bench database
ten times the demo, export the plan workbook, change every target value, then parse (preview)
and apply it (all or nothing), and print the row count and the seconds of each part.

    .venv/bin/python bench/plan_import.py --database-url sqlite:///…/bench-x.sqlite3

The database must already hold the ten-times agency (bench/load.py --keep, bench/results.py
--keep). Prints figures only.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import results as builder  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    args = parser.parse_args()
    builder.configure(args.database_url, Path(tempfile.mkdtemp(prefix="monev-plan-")))
    os.environ["LOG_LEVEL"] = "ERROR"
    import django

    django.setup()
    from openpyxl import load_workbook

    from monev.planning import xlsx
    from monev.planning.models import RenstraPeriod
    from monev.planning.xlsx_schema import SHEETS, TARGET_SHEET

    # The ten-times agency (the kabupaten demo holds smaller agencies beside it).
    period = RenstraPeriod.objects.get(agency__short_name="DKUKMTK")
    started = time.perf_counter()
    data = xlsx.export_plan(period)
    exported = time.perf_counter() - started
    book = load_workbook(io.BytesIO(data))
    rows = sum(book[name].max_row - 1 for name in SHEETS if name in book.sheetnames)
    sheet = book[TARGET_SHEET]
    header = [c.value for c in sheet[1]]
    column = next(i for i, h in enumerate(header) if str(h).strip().lower().startswith("nilai")) + 1
    changed = 0
    for row in range(2, sheet.max_row + 1):
        cell = sheet.cell(row=row, column=column)
        if isinstance(cell.value, int | float):
            cell.value = cell.value + 1
            changed += 1
    out = io.BytesIO()
    book.save(out)
    started = time.perf_counter()
    parsed = xlsx.parse_plan(out.getvalue(), period=period)
    preview = time.perf_counter() - started
    if parsed.errors:
        print("errors:", [str(e) for e in parsed.errors[:5]])
        return 1
    started = time.perf_counter()
    xlsx.apply_plan(parsed, actor=None)
    applied = time.perf_counter() - started
    print(
        f"Plan workbook: {rows} rows ({changed} targets changed); export {exported:.1f} s, "
        f"preview {preview:.1f} s, apply {applied:.1f} s (all or nothing)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
