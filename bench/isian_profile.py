#!/usr/bin/env python
"""CPU per request of the format isian page against `/api/v1/me/` (issue #26 item 5).

    .venv/bin/python bench/isian_profile.py --database-url sqlite:///…/var/bench-x.sqlite3
        [--repeat 400] [--warmup 20] [--profile isian|me [--dump FILE]] [--queries]

Reads a database built by `bench/results.py --scale 10 --keep` (only sign-ins and GET
requests here). Signs in with the Django test client as `operator.koperasi` (the format
isian of its Bidang, TW 3) and as `sekretaris` (`/api/v1/me/`, the floor of `bench/load`),
warms up, then measures the process's CPU time (`time.process_time`, robust on a shared
machine) of `--repeat` requests to each, interleaved in rounds, and prints the best round's
CPU ms per request and the ratio me/isian (the throughput ratio wrk would see, less the
server's fixed cost per request). `--profile` prints cProfile's top entries for one page;
`--queries` the queries of one request to each. It prints figures only, asserts nothing.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import results  # the bench's database settings and sign-in

ROUNDS = 20


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="a kept bench database")
    parser.add_argument("--repeat", type=int, default=400, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests per page")
    parser.add_argument("--profile", choices=("isian", "me"), help="cProfile one page")
    parser.add_argument("--dump", help="with --profile: write the statistics to this file")
    parser.add_argument("--queries", action="store_true", help="print each page's queries")
    return parser.parse_args()


def _get(client: Any, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    b"".join(response.streaming_content) if response.streaming else response.content


def cpu_ms(client: Any, url: str, n: int) -> float:
    started = time.process_time()
    for _ in range(n):
        _get(client, url)
    return (time.process_time() - started) * 1000


def main() -> int:
    args = parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="monev-bench-"))
    results.configure(args.database_url, scratch)
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from monev.accounts.models import User
    from monev.collection.models import Submission

    try:
        operator = User.objects.get(username="operator.koperasi")
        form = Submission.objects.get(
            cycle__year=results.YEAR, cycle__quarter=results.QUARTER, unit_id=operator.unit_id
        )
        pages = {
            "isian": (
                results.login("operator.koperasi"),
                reverse("collection:form", args=[form.pk]),
            ),
            "me": (results.login("sekretaris"), "/api/v1/me/"),
        }
        for client, url in pages.values():
            for _ in range(args.warmup):
                _get(client, url)
        if args.queries:
            for name, (client, url) in pages.items():
                with CaptureQueriesContext(connection) as captured:
                    _get(client, url)
                print(f"--- {name}: {len(captured.captured_queries)} queries")
                for query in captured.captured_queries:
                    print("   ", query["sql"][:200])
        if args.profile:
            client, url = pages[args.profile]
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.repeat):
                _get(client, url)
            profiler.disable()
            stats = pstats.Stats(profiler).strip_dirs().sort_stats("cumulative")
            stats.print_stats(60)
            if args.dump:
                stats.dump_stats(args.dump)
            return 0
        rounds: dict[str, list[float]] = {name: [] for name in pages}
        per_round = max(1, args.repeat // ROUNDS)
        for _ in range(ROUNDS):  # interleaved: a busy neighbour slows both alike
            for name, (client, url) in pages.items():
                rounds[name].append(cpu_ms(client, url, per_round) / per_round)
        # The lowest round's mean: the least disturbed by other processes on the machine.
        isian, me = min(rounds["isian"]), min(rounds["me"])
        n = per_round * ROUNDS
        print(
            f"CPU per request, best of {ROUNDS} rounds of {per_round} "
            f"({n} requests each, after {args.warmup} warm-up):"
        )
        for label, name, best in (("format isian", "isian", isian), ("/api/v1/me/", "me", me)):
            median = statistics.median(rounds[name])
            print(f"  {label:<14} {best:6.2f} ms (median round {median:.2f})")
        print(f"  ratio me/isian {me / isian:6.1%}")
    finally:
        connection.close()
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
