#!/usr/bin/env python
"""Load benchmark of the key pages under the production server (issue #16 item 3).

    .venv/bin/python bench/load.py [--database-url URL] [--scale 10] [--duration 8]
                                   [--agencies 35] [--workers 2] [--task-workers 1]

Builds the database ten times the demo (bench/results.py's builder) — with `--agencies N`,
also clones of the demo agency up to N agencies, each with five years of data
(bench/kabupaten.py) — starts the README's production topology on a loopback port: the app
server command (gunicorn monev.wsgi, 2 worker processes, --no-control-socket) with DEBUG
off, a SECRET_KEY and persistent connections, and beside it the task worker(s) `monev
db_worker` on the same database; signs in, and drives each key page with wrk (16
connections), the Bappeda's consolidated page and API among them. Prints requests/s, p50,
p95, non-2xx responses and the ratio to `/api/v1/me/` measured in the same run; then the
time of the whole agency's E.81 workbook and of a plan import of 10,000 rows. Prints figures
only; asserts nothing.

`--app-servers 2` starts that many gunicorn app servers (each in a working directory of its
own, same database) and drives each page through all of them at once (wrk per server, the
connections split; req/s summed, p50/p95 the slowest server's); `--object-store` keeps the
files in an S3-compatible store (moto's server mode) through STORAGE_URL, as README's
production topology does (issue #26).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import results as builder  # noqa: E402  (bench/results.py: database creation and the dataset)

YEAR, QUARTER = 2026, 3
LUA = """
local threads = {}
setup = function(thread) table.insert(threads, thread) end
init = function() not200 = 0 end
response = function(status, headers, body) if status ~= 200 then not200 = not200 + 1 end end
done = function(summary, latency, requests)
  local n = 0
  for _, thread in ipairs(threads) do n = n + thread:get("not200") end
  io.write(string.format("P50 %d\\nP95 %d\\nNOT200 %d\\n", latency:percentile(50),
    latency:percentile(95), n))
end
"""


#: Spreads the requests over several paths in turn (every agency's drill-down page).
ROTATE = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, paths[(counter %% #paths) + 1])
end
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--duration", type=int, default=8, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--task-workers", type=int, default=1, help="`monev db_worker`s")
    parser.add_argument(
        "--agencies", type=int, default=0, help="agencies in all (clones of the demo agency)"
    )
    parser.add_argument("--src", default=str(ROOT / "src"), help="the code to serve")
    parser.add_argument(
        "--interleave",
        type=int,
        default=40,
        help="rounds of (api me, page) sequential requests per page after the wrk table "
        "(0: none): service-time ratios, steadier than wrk's on a shared machine",
    )
    parser.add_argument(
        "--app-servers", type=int, default=1, help="gunicorn app servers on the same database"
    )
    parser.add_argument(
        "--object-store", action="store_true", help="files in moto's S3 server (STORAGE_URL)"
    )
    parser.add_argument("--skip-unavailable", action="store_true")
    parser.add_argument("--keep", action="store_true")
    return parser.parse_args()


@dataclass
class Result:
    name: str
    rps: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    errors: int = 0
    note: str = ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def sessions() -> dict[str, str]:
    """Sign in (the real login backend, as django-axes wants) and return session cookies."""
    from django.test import Client, RequestFactory

    from monev.demo import DEMO_PASSWORD

    cookies = {}
    for username in ("sekretaris", "operator.koperasi", "bappeda"):
        client = Client()
        request = RequestFactory().post("/accounts/login/")
        if not client.login(request=request, username=username, password=DEMO_PASSWORD):
            raise SystemExit(f"Login as {username} failed.")
        cookies[username] = client.cookies["sessionid"].value
    return cookies


def every_drill_down() -> list[str]:
    """The E.81 drill-down of every agency with a plan (the Bappeda's per-agency pages)."""
    from django.urls import reverse

    from monev.organization.models import Agency

    q = f"?tahun={YEAR}&triwulan={QUARTER}"
    ids = Agency.objects.filter(renstra_periods__isnull=False).distinct().order_by("pk")
    return [
        reverse("evaluation:agency_e81", args=[pk]) + q for pk in ids.values_list("pk", flat=True)
    ]


def urls() -> dict[str, tuple[str, str]]:
    """(user, path) of each page driven."""
    from django.urls import reverse

    from monev.accounts.models import User
    from monev.collection.models import Submission
    from monev.organization.models import Agency

    operator = User.objects.get(username="operator.koperasi")
    form = Submission.objects.get(
        cycle__year=YEAR, cycle__quarter=QUARTER, unit_id=operator.unit_id
    )
    q = f"?tahun={YEAR}&triwulan={QUARTER}"
    # Agency-wide pages as the Sekretaris: in production the Kepala Dinas (and the
    # Administrator) must enrol a second factor first (TWO_FACTOR_REQUIRED_ROLES) and would
    # only get the redirect to the enrolment.
    return {
        "api me (floor)": ("sekretaris", "/api/v1/me/"),
        "home": ("sekretaris", reverse("home")),
        "dashboard": ("sekretaris", reverse("evaluation:dashboard") + q),
        "results API": ("sekretaris", f"/api/v1/results/?year={YEAR}&quarter={QUARTER}"),
        "format isian": ("operator.koperasi", reverse("collection:form", args=[form.pk])),
        "E.81 page": ("sekretaris", reverse("evaluation:e81") + q),
        "consolidated": ("bappeda", reverse("evaluation:consolidated") + q),
        "agencies API": ("bappeda", f"/api/v1/agencies/results/?year={YEAR}&quarter={QUARTER}"),
        "E.81 drill-down": (
            "bappeda",
            reverse("evaluation:agency_e81", args=[Agency.objects.get(short_name="DKUKMTK").pk])
            + q,
        ),
    }


def production_env(args: argparse.Namespace) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PYTHONPATH=args.src,
        DEBUG="false",
        CONN_MAX_AGE="600",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="ERROR",
        # The API's per-user limit (600/min) would answer 429 to a load generator; it is a
        # product limit, not what is measured here.
        API_THROTTLE_USER="100000000/min",
    )
    return env


def start_workers(args: argparse.Namespace, scratch: Path) -> list[subprocess.Popen[bytes]]:
    """The task workers of the README (`monev db_worker`), polling the same database."""
    log = open(scratch / "worker.log", "wb")  # noqa: SIM115 (closed with the processes)
    return [
        subprocess.Popen(
            [sys.executable, "-m", "monev.cli", "db_worker"],
            env=production_env(args),
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        for _ in range(args.task_workers)
    ]


def start_server(args: argparse.Namespace, port: int, scratch: Path) -> subprocess.Popen[bytes]:
    """One app server, run from `scratch` (its own working directory and log)."""
    scratch.mkdir(parents=True, exist_ok=True)
    env = production_env(args)
    gunicorn = Path(sys.executable).parent / "gunicorn"
    command = [
        str(gunicorn),
        "monev.wsgi",
        "--workers",
        str(args.workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--no-control-socket",
        "--log-level",
        "warning",
    ]
    log = open(scratch / "gunicorn.log", "wb")  # noqa: SIM115 (closed with the process)
    server = subprocess.Popen(
        command, env=env, stdout=log, stderr=log, start_new_session=True, cwd=scratch
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2)
            return server
        except Exception:
            if server.poll() is not None:
                raise SystemExit((scratch / "gunicorn.log").read_text()[-2000:]) from None
            time.sleep(0.3)
    raise SystemExit("The server did not start.")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def rotating_script(scratch: Path, paths: list[str]) -> Path:
    """A wrk script that sends each request to the next of `paths` (and reports p50/p95)."""
    script = scratch / "rotate.lua"
    quoted = ", ".join(f'"{p}"' for p in paths)
    script.write_text(LUA + ROTATE % quoted)
    return script


def spread(
    bases: list[str], path: str, cookie: str, args: argparse.Namespace, script: Path,
    duration: int | None = None,
) -> Result:  # fmt: skip
    """wrk against every app server at once, the connections split between them: req/s
    summed, p50 and p95 the slowest server's, non-200 answers summed."""
    if len(bases) == 1:
        return wrk(bases[0] + path, cookie, args, script, duration)
    from concurrent.futures import ThreadPoolExecutor

    each = max(args.connections // len(bases), 1)
    with ThreadPoolExecutor(len(bases)) as pool:
        parts = list(pool.map(lambda b: wrk(b + path, cookie, args, script, duration, each), bases))
    return Result(
        "",
        rps=sum(r.rps for r in parts),
        p50_ms=max(r.p50_ms for r in parts),
        p95_ms=max(r.p95_ms for r in parts),
        errors=sum(r.errors for r in parts),
        note=" ".join(r.note for r in parts if r.note),
    )


def wrk(
    url: str, cookie: str, args: argparse.Namespace, script: Path, duration: int | None = None,
    connections: int | None = None,
) -> Result:  # fmt: skip
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections or args.connections}",
            f"-d{duration or args.duration}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            "-H",
            f"Cookie: sessionid={cookie}",
            url,
        ],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    result = Result("")
    if m := re.search(r"Requests/sec:\s+([\d.]+)", out):
        result.rps = float(m.group(1))
    if m := re.search(r"P50 (\d+)", out):
        result.p50_ms = int(m.group(1)) / 1000
    if m := re.search(r"P95 (\d+)", out):
        result.p95_ms = int(m.group(1)) / 1000
    # Every answer that is not a 200 (wrk's own count lets a 302 pass: a redirect to the
    # two-factor enrolment is not the page).
    if m := re.search(r"NOT200 (\d+)", out):
        result.errors = int(m.group(1))
    if m := re.search(r"Socket errors: (.*)", out):
        result.note = m.group(1).strip()
    return result


def timed_get(url: str, cookie: str, repeat: int = 5) -> tuple[float, int]:
    """Median time of `repeat` sequential requests (ms) and the last HTTP status (0: failed);
    the times themselves in TIMES[url]."""
    timings, status = [], 0
    for _ in range(repeat):
        request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"})
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                response.read()
                status = response.status
        except Exception as error:  # a timeout or an HTTP error is a figure too
            status = getattr(error, "code", 0)
        timings.append((time.perf_counter() - started) * 1000)
    TIMES[url] = timings
    return statistics.median(timings), status


TIMES: dict[str, list[float]] = {}


def interleaved(
    port: int, pages: dict[str, tuple[str, str]], cookies: dict[str, str], rounds: int
) -> list[tuple[str, float, float]]:
    """For each page, `rounds` pairs of sequential requests on one keep-alive connection —
    `/api/v1/me/`, then the page — and the medians of each (ms): both see the same machine
    load, so their ratio is steadier than two wrk runs seconds apart."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def get(path: str, cookie: str) -> float:
        started = time.perf_counter()
        connection.request("GET", path, headers={"Cookie": f"sessionid={cookie}"})
        connection.getresponse().read()
        return (time.perf_counter() - started) * 1000

    floor_user, floor_path = pages["api me (floor)"]
    found = []
    for name, (user, path) in list(pages.items())[1:]:
        for _ in range(3):
            get(path, cookies[user])
        me, page = [], []
        for _ in range(rounds):
            me.append(get(floor_path, cookies[floor_user]))
            page.append(get(path, cookies[user]))
        found.append((name, statistics.median(me), statistics.median(page)))
    connection.close()
    return found


def drain(base: str, cookie: str) -> None:
    """Wait until the server has worked off the requests wrk left queued (a quick answer)."""
    deadline = time.time() + 180
    while time.time() < deadline:
        if timed_get(base + "/api/v1/me/", cookie, repeat=1)[0] < 300:
            return


def plan_import_seconds(rows: int = 10_000) -> str:
    """The plan import is timed on its own database of ~10,000 rows (bench/plan_import.py):
    say where, instead of timing it on the ten-times database (4,842 rows)."""
    return f"diukur oleh bench/plan_import.py pada ~{rows:,} baris (lihat bench/README.md)"


def main() -> int:
    args = parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing (bench/load installs it with apt-get).")
    var_dir = ROOT / "var"
    var_dir.mkdir(parents=True, exist_ok=True)
    url = args.database_url or f"sqlite:///{var_dir / 'bench-load.sqlite3'}"
    try:
        builder.create_database(url)
    except builder.Unavailable as error:
        if args.skip_unavailable:
            print(f"Server basis data tidak menjawab ({error}) — dilewati.")
            return 0
        raise SystemExit(f"Database server unavailable: {error}") from error
    scratch = Path(tempfile.mkdtemp(prefix="monev-load-"))
    sys.path.insert(0, args.src)
    store = None
    if args.object_store:  # before Django starts: the demo's files go to the store too
        from monev.core.tests import topology

        s3_port = free_port()
        store = topology.start_s3(s3_port, scratch / "s3")
        os.environ.update(topology.S3_KEYS)
        os.environ["STORAGE_URL"] = topology.create_bucket(s3_port, "monev-bench")
    builder.configure(url, scratch)
    import django

    django.setup()
    from django.db import connections

    servers: list[subprocess.Popen[bytes]] = []
    workers: list[subprocess.Popen[bytes]] = []
    try:
        dataset = builder.build_dataset(args.scale)
        if args.agencies:
            from kabupaten import add_agencies  # bench/kabupaten.py

            from monev.organization.models import Agency

            planned = Agency.objects.filter(renstra_periods__isnull=False).distinct().count()
            add_agencies(max(args.agencies - planned, 0))
        cookies = sessions()
        pages = urls()
        drill_downs = every_drill_down() if args.agencies else []
        import_note = plan_import_seconds()
        connections.close_all()
        ports = [free_port() for _ in range(max(args.app_servers, 1))]
        for n, server_port in enumerate(ports):
            servers.append(start_server(args, server_port, scratch / f"app-{n + 1}"))
        port = ports[0]
        bases = [f"http://127.0.0.1:{p}" for p in ports]
        workers = start_workers(args, scratch)
        script = scratch / "p95.lua"
        script.write_text(LUA)
        base = f"http://127.0.0.1:{port}"
        results = []
        for name, (user, path) in pages.items():
            # Warm every worker: a sequential request or two may all reach the same one, and
            # the other then builds what it keeps (35 agencies' summaries, say) inside the
            # timed run, which shows as its p95. Its first request is printed apart.
            first = timed_get(base + path, cookies[user], repeat=1)[0]
            for other in bases[1:]:
                timed_get(other + path, cookies[user], repeat=1)
            spread(bases, path, cookies[user], args, script, duration=1)
            result = spread(bases, path, cookies[user], args, script)
            result.note = f"first {first:.0f} ms {result.note}".strip()
            result.name = name
            results.append(result)
            drain(base, cookies["sekretaris"])
        if drill_downs:  # every agency's E.81 in turn, as the Bappeda
            rotate = rotating_script(scratch, drill_downs)
            for path in drill_downs:  # each page built once per worker before timing
                timed_get(base + path, cookies["bappeda"], repeat=2)
            wrk(base + drill_downs[0], cookies["bappeda"], args, rotate, duration=2)  # both workers
            result = wrk(base + drill_downs[0], cookies["bappeda"], args, rotate)
            result.name = f"E.81 × {len(drill_downs)} PD"
            results.append(result)
            drain(base, cookies["sekretaris"])
        pairs = interleaved(port, pages, cookies, args.interleave) if args.interleave else []
        xlsx_url = base + f"/hasil/e81/xlsx/?tahun={YEAR}&triwulan={QUARTER}&kertas=f4"
        xlsx_ms, xlsx_status = timed_get(xlsx_url, cookies["sekretaris"])
        xlsx_first = ", ".join(f"{t:.0f}" for t in TIMES[xlsx_url])
        load = os.getloadavg()
        from monev.organization.models import Agency
        from monev.planning.models import Indicator

        print(f"Database: {builder.vendor()}  (code: {args.src})")
        print(
            f"Instance: {Agency.objects.filter(renstra_periods__isnull=False).distinct().count()}"
            f" agencies with a plan, {Indicator.objects.count()} indikator in all; "
            f"{args.task_workers} db_worker beside {len(bases)} gunicorn app server(s); files: "
            f"{'S3 (moto server)' if store is not None else 'local disk'}"
        )
        print(
            f"Dataset ×{args.scale}: {dataset.indicators} indikator, {dataset.sub_kegiatan} sub "
            f"kegiatan, {dataset.realizations} realisasi; gunicorn {args.workers} workers, "
            f"wrk {args.connections} connections × {args.duration} s; "
            f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
        )
        floor = results[0].rps or 1.0
        header = (
            f"{'page':<16} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'ratio':>7} {'not 200':>8}"
        )
        print(header)
        print("-" * len(header))
        for r in results:
            print(
                f"{r.name:<16} {r.rps:>8.1f} {r.p50_ms:>8.1f} {r.p95_ms:>8.1f} "
                f"{r.rps / floor * 100:>6.1f}% {r.errors:>8} {r.note}"
            )
        if pairs:
            print(
                f"Interleaved, one connection, {args.interleave} rounds of (api me, page); "
                f"load average {os.getloadavg()[0]:.2f}:"
            )
            for name, me, page in pairs:
                print(
                    f"  {name:<16} me {me:6.2f} ms  page {page:6.2f} ms  "
                    f"ratio {me / page * 100:5.1f}%"
                )
        print(
            f"E.81 XLSX (whole agency): median {xlsx_ms:.0f} ms of 5 (HTTP {xlsx_status}); "
            f"in order (the first on each worker is built, later ones kept): {xlsx_first} ms"
        )
        print(f"Plan import of 10,000 rows: {import_note}")
    finally:
        for server in servers:
            stop_server(server)
        if store is not None:
            stop_server(store)
        for worker in workers:
            stop_server(worker)
        connections.close_all()
        shutil.rmtree(scratch, ignore_errors=True)
        if not args.keep:
            builder.drop_database(url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
