"""pytest plugin: where a run's database time goes, by kind of statement (wall time of each
`execute`, round trip included), printed at the end.

    PYTHONPATH=bench/tests-speed pytest -p sqltime -n 0 ...
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from typing import Any

import pytest

_TOTALS: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])


def _kind(sql: str) -> str:
    text = " ".join(sql.split())[:400]
    if "UNION ALL" in text and "COUNT(*)" in text:
        return "replayed: state signature (count/max of every table)"
    if "json_populate_recordset" in text:
        return "replayed: insert rows"
    if "setval(" in text:
        return "replayed: sequence reset"
    if text.startswith("SELECT row_to_json"):
        return "replayed: dump a table"
    if text.startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")):
        return "savepoint"
    match = re.match(r'(\w+)\b.*?\b(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', text)
    if match:
        return f"{match.group(1).upper()} {match.group(2)}"
    return text[:40]


def _wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
    start = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        total = _TOTALS[_kind(sql)]
        total[0] += 1
        total[1] += time.perf_counter() - start


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: Any, nextitem: Any) -> Any:
    from django.db import connection

    with connection.execute_wrapper(_wrapper):
        yield


def pytest_terminal_summary(terminalreporter: Any) -> None:
    total = sum(t for _, t in _TOTALS.values())
    terminalreporter.write_line(
        f"sqltime: {total:.2f} s in {sum(n for n, _ in _TOTALS.values())} statements"
    )
    for kind, (count, seconds) in sorted(_TOTALS.items(), key=lambda kv: -kv[1][1])[:25]:
        terminalreporter.write_line(f"  {seconds:7.2f} s {count:6d}  {kind}")
