#!/usr/bin/env python
"""Benchmark of the results pages on an agency ten times the demo's size (issue #6 item 6).

    .venv/bin/python bench/results.py [--database-url URL] [--scale 10] [--repeat 30]

Builds a fresh database (SQLite file under var/ by default, or the PostgreSQL database named
in --database-url, which is created and dropped again), migrates it, loads the demo agency and
adds `scale - 1` copies of its programs with their kegiatan, sub kegiatan, indicators, targets,
budgets, realisations, budget realisations and bukti dukung. Then, logged in as the Kepala
Dinas and as a Bidang operator, it times the dashboard, the E.81 table (HTML and XLSX) and the
results API through Django's test client and prints median and p95 latency, queries per
request and response size. It prints figures only and asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

YEAR, QUARTER = 2026, 3
USERS = ("kadis", "operator.koperasi")
#: A row stops early once it has this many samples and has used up its time budget.
MIN_SAMPLES = 5


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default="",
        help="sqlite:///… or postgres://… (default: a temporary SQLite file under var/). "
        "The database is created fresh and dropped afterwards; its name must contain 'bench'.",
    )
    parser.add_argument("--scale", type=int, default=10, help="size as a multiple of the demo")
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per row")
    parser.add_argument("--warmup", type=int, default=2, help="untimed requests per row first")
    parser.add_argument(
        "--row-budget",
        type=float,
        default=12.0,
        help=f"seconds per row after which timing stops (once {MIN_SAMPLES} samples are in)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the database afterwards (for a look)"
    )
    parser.add_argument(
        "--skip-unavailable",
        action="store_true",
        help="exit 0 with a message when the PostgreSQL server does not answer",
    )
    args = parser.parse_args(argv)
    if args.scale < 1 or args.repeat < 1 or args.warmup < 1:
        parser.error("--scale, --repeat and --warmup must be at least 1")
    return args


# --- The database ---------------------------------------------------------------------------


class Unavailable(Exception):
    """The database server does not answer."""


def _pg_admin(config: Any) -> Any:
    import psycopg

    try:
        return psycopg.connect(
            host=config["HOST"] or None,
            port=config["PORT"] or 5432,
            user=config["USER"] or None,
            password=config["PASSWORD"] or None,
            dbname="postgres",
            connect_timeout=3,
            autocommit=True,
        )
    except psycopg.OperationalError as error:
        raise Unavailable(str(error).strip().splitlines()[0]) from error


def create_database(url: str) -> None:
    """Create the database of `url` empty, replacing an earlier bench database of that name."""
    import dj_database_url
    from psycopg import sql

    config = dj_database_url.parse(url)
    name = str(config["NAME"])
    if "bench" not in Path(name).name:
        raise SystemExit(f"Refusing to use {name!r}: a bench database's name contains 'bench'.")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        for suffix in ("", "-wal", "-shm"):
            Path(name + suffix).unlink(missing_ok=True)
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        return
    with _pg_admin(config) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(url: str) -> None:
    import dj_database_url
    from psycopg import sql

    config = dj_database_url.parse(url)
    name = str(config["NAME"])
    if config["ENGINE"] == "django.db.backends.sqlite3":
        for suffix in ("", "-wal", "-shm"):
            Path(name + suffix).unlink(missing_ok=True)
        return
    with _pg_admin(config) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def configure(url: str, scratch: Path) -> None:
    """Production-like settings (DEBUG off, persistent connections) for the test client."""
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "monev.settings"
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-secret-key-not-for-production-" + "x" * 24)
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ["CONN_MAX_AGE"] = "600"
    os.environ["LOG_LEVEL"] = "ERROR"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"
    # Demo bukti dukung and static files stay out of var/ (plain static storage, no manifest).
    os.environ["MEDIA_ROOT"] = str(scratch / "media")
    os.environ["STATIC_ROOT"] = str(scratch / "static")


# --- The synthetic agency -------------------------------------------------------------------


@dataclass
class Dataset:
    indicators: int
    sub_kegiatan: int
    realizations: int
    budget_realizations: int
    build_seconds: float


def _copy(obj: Any, **changes: Any) -> Any:
    """A new unsaved instance with `obj`'s field values, the primary key left out."""
    model = type(obj)
    values = {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields}
    values.pop(model._meta.pk.attname)
    values.update(changes)
    return model(**values)


def scale_agency(copies: int) -> None:
    """Add `copies` copies of every sasaran subtree of the demo plan, with their data.

    Copy k of sasaran S1.1 is S1.{1 + 10k} under the same tujuan, and copy k of program
    2.17.03 is 2.17.{03 + 10k} under it (its kegiatan and sub kegiatan follow), with the same
    responsible units, so every unit grows in proportion. Only the tujuan are not copied.
    """
    from django.db import transaction

    from monev.collection.models import BudgetRealization, Evidence, Realization
    from monev.evaluation.models import FlagResolution
    from monev.organization.models import Agency
    from monev.planning.choices import Level
    from monev.planning.models import Budget, Indicator, PlanNode, RenstraPeriod, Target

    if copies < 1:
        return
    # The demo agency (the kabupaten demo adds smaller agencies beside it).
    agency = Agency.objects.filter(short_name="DKUKMTK").first() or Agency.objects.get()
    period = RenstraPeriod.objects.get(agency=agency)
    nodes = list(PlanNode.objects.filter(period=period).order_by("order", "pk"))
    levels = (Level.SASARAN, Level.PROGRAM, Level.KEGIATAN, Level.SUB_KEGIATAN)
    subtree = [n for n in nodes if n.level in levels]
    # The segment that makes a copy's code unique: a sasaran's last, a Kepmendagri code's
    # program number (2.17.03 → 2.17.13, 2.17.23 …); offset by a power of ten above them.
    segment = {n.pk: -1 if n.level == Level.SASARAN else 2 for n in subtree}
    step = 10 ** max(len(n.code.split(".")[segment[n.pk]]) for n in subtree)
    top_order = max(n.order for n in nodes)

    def recode(node: PlanNode, k: int) -> str:
        parts = node.code.split(".")
        i = segment[node.pk]
        parts[i] = f"{int(parts[i]) + step * k:0{len(parts[i])}d}"
        return ".".join(parts)

    # node_map[k][old pk] = new pk, for every copied node (and the uncopied parents as is).
    node_map: dict[int, dict[int, int]] = {
        k: {n.pk: n.pk for n in nodes} for k in range(1, 1 + copies)
    }
    with transaction.atomic():
        for level in levels:
            batch, keys = [], []
            for k in range(1, copies + 1):
                for node in (n for n in subtree if n.level == level):
                    batch.append(
                        _copy(
                            node,
                            code=recode(node, k),
                            parent_id=node_map[k][node.parent_id] if node.parent_id else None,
                            order=node.order + k * top_order,
                        )
                    )
                    keys.append((k, node.pk))
            for (k, old), new in zip(keys, PlanNode.objects.bulk_create(batch), strict=True):
                node_map[k][old] = new.pk

        copied = {n.pk: n for n in subtree}
        originals = list(Indicator.objects.filter(period=period, node_id__in=copied))
        top_indicator = max(i.order for i in Indicator.objects.filter(period=period))
        batch, keys = [], []
        for k in range(1, copies + 1):
            for ind in originals:
                owner = copied[ind.node_id]
                suffix = ind.code.removeprefix(f"IK.{owner.code}")
                batch.append(
                    _copy(
                        ind,
                        node_id=node_map[k][ind.node_id],
                        code=f"IK.{recode(owner, k)}{suffix}",
                        order=ind.order + k * top_indicator,
                    )
                )
                keys.append((k, ind.pk))
        indicator_map: dict[int, dict[int, int]] = {k: {} for k in range(1, copies + 1)}
        for (k, old), made in zip(keys, Indicator.objects.bulk_create(batch), strict=True):
            indicator_map[k][old] = made.pk

        def clone(model: Any, rows: list[Any], fk: str, mapping: dict[int, dict[int, int]]) -> Any:
            batch, keys = [], []
            for k in range(1, copies + 1):
                for row in rows:
                    batch.append(_copy(row, **{fk: mapping[k][getattr(row, fk)]}))
                    keys.append((k, row.pk))
            new_map: dict[int, dict[int, int]] = {k: {} for k in range(1, copies + 1)}
            for (k, old), new in zip(keys, model.objects.bulk_create(batch), strict=True):
                new_map[k][old] = new.pk
            return new_map

        ids = [i.pk for i in originals]
        clone(
            Target, list(Target.objects.filter(indicator_id__in=ids)), "indicator_id", indicator_map
        )
        clone(Budget, list(Budget.objects.filter(node_id__in=copied)), "node_id", node_map)
        clone(
            BudgetRealization,
            list(BudgetRealization.objects.filter(node_id__in=copied)),
            "node_id",
            node_map,
        )
        realization_map = clone(
            Realization,
            list(Realization.objects.filter(indicator_id__in=ids)),
            "indicator_id",
            indicator_map,
        )
        clone(
            Evidence,
            list(Evidence.objects.filter(realization__indicator_id__in=ids)),
            "realization_id",
            realization_map,
        )
        clone(
            FlagResolution,
            list(FlagResolution.objects.filter(indicator_id__in=ids)),
            "indicator_id",
            indicator_map,
        )
        try:  # bulk inserts send no signals: say that the agency's results changed
            from monev.evaluation.freshness import results_changed
        except ImportError:  # code from before the results store
            pass
        else:
            results_changed(agency.pk)


def build_dataset(scale: int) -> Dataset:
    from django.core.management import call_command

    from monev.collection.models import BudgetRealization, Realization
    from monev.planning.choices import Level
    from monev.planning.models import Indicator, PlanNode

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo", force=True, stdout=StringIO())
    scale_agency(scale - 1)
    demo = {"period__agency__short_name": "DKUKMTK"}  # the scaled agency's own rows
    return Dataset(
        indicators=Indicator.objects.filter(**demo).count(),
        sub_kegiatan=PlanNode.objects.filter(level=Level.SUB_KEGIATAN, **demo).count(),
        realizations=Realization.objects.filter(
            indicator__period__agency__short_name="DKUKMTK"
        ).count(),
        budget_realizations=BudgetRealization.objects.filter(
            node__period__agency__short_name="DKUKMTK"
        ).count(),
        build_seconds=time.perf_counter() - started,
    )


# --- Timing ---------------------------------------------------------------------------------


@dataclass
class Endpoint:
    name: str
    url: Callable[[], str]


def _named(name: str) -> Callable[[], str]:
    def url() -> str:
        from django.urls import reverse

        return reverse(name) + f"?tahun={YEAR}&triwulan={QUARTER}"

    return url


ENDPOINTS = [
    Endpoint("dashboard", _named("evaluation:dashboard")),
    Endpoint("E.81 HTML", _named("evaluation:e81")),
    Endpoint("E.81 XLSX", _named("evaluation:e81_xlsx")),
    Endpoint("results API", lambda: f"/api/v1/results/?year={YEAR}&quarter={QUARTER}"),
]


@dataclass
class Row:
    endpoint: str
    user: str
    note: str = ""  # set when nothing was timed (URL missing, not HTTP 200)
    samples: int = 0
    median_ms: float = 0.0
    p95_ms: float = 0.0
    queries: int = 0
    size: int = 0


def _get(client: Any, url: str) -> tuple[int, int]:
    """Request `url` and read the whole body; return the status and the body's size."""
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, len(body)


def _p95(samples: list[float]) -> float:
    if len(samples) < 2:
        return samples[0]
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


def measure(client: Any, url: str, args: argparse.Namespace) -> Row:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    row = Row("", "")
    for _ in range(args.warmup - 1):
        _get(client, url)
    with CaptureQueriesContext(connection) as captured:  # the last warm-up counts queries
        status, row.size = _get(client, url)
    row.queries = len(captured.captured_queries)
    if status != 200:
        row.note = f"HTTP {status}"
        return row
    timings: list[float] = []
    deadline = time.perf_counter() + args.row_budget
    for _ in range(args.repeat):
        started = time.perf_counter()
        _get(client, url)
        timings.append((time.perf_counter() - started) * 1000)
        if len(timings) >= MIN_SAMPLES and time.perf_counter() > deadline:
            break
    row.samples = len(timings)
    row.median_ms = statistics.median(timings)
    row.p95_ms = _p95(timings)
    return row


def login(username: str) -> Any:
    """A test client signed in as `username` the way the app signs people in: the password
    (through the login backend, as django-axes wants), then — for a role that must use two
    factors (the Kepala Dinas, `TWO_FACTOR_REQUIRED_ROLES`) — the second step on the
    verification page. The bench user enrols a TOTP device first as on the enrolment page
    (`two_factor_begin`, confirmed with a code of the device) and signs in with one of the
    recovery codes it gets, so the session is verified like a real one."""
    from django.test import Client, RequestFactory
    from django.urls import reverse

    from monev.accounts import selectors, services
    from monev.accounts.models import User
    from monev.demo import DEMO_PASSWORD

    client = Client()
    # django-axes wants the request that carries the credentials.
    request = RequestFactory().post("/accounts/login/")
    if not client.login(request=request, username=username, password=DEMO_PASSWORD):
        raise SystemExit(f"Login as {username} failed.")
    user = User.objects.get(username=username)
    if selectors.two_factor_required(user):
        from django_otp.oath import totp

        device = services.two_factor_begin(user=user)
        codes = services.two_factor_confirm(
            user=user, device=device, code=f"{totp(device.bin_key):06d}"
        )
        response = client.post(reverse("accounts:two_factor_verify"), {"code": codes[0]})
        if response.status_code != 302:
            raise SystemExit(f"Two-factor sign-in as {username} failed ({response.status_code}).")
    return client


def run(args: argparse.Namespace) -> list[Row]:
    from django.urls import NoReverseMatch

    clients = {username: login(username) for username in USERS}
    rows: list[Row] = []
    for endpoint in ENDPOINTS:
        try:
            url = endpoint.url()
        except NoReverseMatch:
            rows.extend(Row(endpoint.name, u, note="belum tersedia") for u in USERS)
            continue
        for username, client in clients.items():
            try:
                row = measure(client, url, args)
            except Exception as error:  # a page still being built must not stop the others
                row = Row("", "", note=f"gagal: {type(error).__name__}: {error}"[:120])
            row.endpoint, row.user = endpoint.name, username
            rows.append(row)
    return rows


# --- Report ---------------------------------------------------------------------------------


def _size(size: int) -> str:
    return f"{size / 1024:,.1f} KB" if size >= 1024 else f"{size} B"


def vendor() -> str:
    from django.db import connection

    connection.ensure_connection()
    if connection.vendor == "postgresql":
        version = connection.cursor().connection.info.server_version  # e.g. 160004
        return f"PostgreSQL {version // 10000}.{version % 10000}"
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    return connection.vendor


def report(dataset: Dataset, rows: list[Row], args: argparse.Namespace, db: str) -> None:
    print(f"Database: {db}")
    print(
        f"Dataset (×{args.scale} the demo, built in {dataset.build_seconds:.1f} s): "
        f"{dataset.indicators} indikator, {dataset.sub_kegiatan} sub kegiatan, "
        f"{dataset.realizations} realisasi, {dataset.budget_realizations} realisasi anggaran"
    )
    print(
        f"Requests: {YEAR} TW {QUARTER}; {args.warmup} warm-up then up to {args.repeat} timed "
        f"per row (at most ~{args.row_budget:.0f} s a row); queries counted on the last warm-up."
    )
    print()
    header = ("endpoint", "user", "n", "median ms", "p95 ms", "queries", "size")
    widths = (12, 18, 3, 10, 9, 8, 10)
    line = "  ".join(
        f"{h:<{w}}" if i < 2 else f"{h:>{w}}"
        for i, (h, w) in enumerate(zip(header, widths, strict=True))
    )
    print(line)
    print("-" * len(line))
    for row in rows:
        start = f"{row.endpoint:<{widths[0]}}  {row.user:<{widths[1]}}"
        if not row.samples and not row.queries:  # not reached: missing or failed
            print(f"{start}  {row.note}")
        elif row.note:
            print(f"{start}  {row.note}; {row.queries} queries, {_size(row.size)}")
        else:
            print(
                f"{start}  {row.samples:>3}  {row.median_ms:>10.1f}  {row.p95_ms:>9.1f}  "
                f"{row.queries:>8}  {_size(row.size):>10}"
            )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    var_dir = Path(os.environ.get("MONEV_VAR_DIR", ROOT / "var"))
    var_dir.mkdir(parents=True, exist_ok=True)
    url = args.database_url or f"sqlite:///{var_dir / f'bench-{os.getpid()}.sqlite3'}"
    try:
        create_database(url)
    except Unavailable as error:
        if args.skip_unavailable:
            print(f"Server basis data tidak menjawab ({error}) — dilewati.")
            return 0
        raise SystemExit(f"Database server unavailable: {error}") from error
    scratch = Path(tempfile.mkdtemp(prefix="monev-bench-"))
    configure(url, scratch)
    import django

    django.setup()
    from django.db import connections

    try:
        dataset = build_dataset(args.scale)
        rows = run(args)
        report(dataset, rows, args, vendor())
    finally:
        connections.close_all()
        shutil.rmtree(scratch, ignore_errors=True)
        if not args.keep:
            drop_database(url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
