"""Shared test fixtures: the demo personas, the browser, and the run report.

Personas: one user per role of the demo agency (`personas["kasubag"]` …), plus an outsider of
another Bidang (`operator.ukm` for Bidang Koperasi data) and an administrator of another
agency. Browser tests drive Debian's Chromium through Playwright.
"""

from __future__ import annotations

import inspect
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from monev.testing import replayed

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# The public address sealed into final documents (no default: sealing refuses without one).
os.environ.setdefault("PUBLIC_BASE_URL", "https://monev.test")

#: Debian's Chromium. A headless run drives its old headless shell (package
#: chromium-headless-shell: the same Blink and V8 without the full browser around them, which is
#: what Playwright itself runs headless); the 40 browser tests took ~40 % less CPU than in the
#: full browser (decision 0021). The full browser is for --headed, or when the shell is missing.
#: MONEV_CHROMIUM names another binary.
CHROMIUM_FULL = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM = (
    os.environ.get("MONEV_CHROMIUM") or shutil.which("chromium-headless-shell") or CHROMIUM_FULL
)


def _allow_archive_truncate(sender: Any, connection: Any, **kwargs: Any) -> None:
    """The flush between transactional tests TRUNCATEs every table on PostgreSQL, the
    archive's too, whose trigger refuses it unless the session allows it (migration 0003 of
    the archive; its test sets it back to refuse).

    And a test's commits need not wait for the disk (`synchronous_commit = off`): a commit is
    as visible to every other session as before, only not yet flushed if the server crashed
    (decision 0021: the migrations of each test database and the transactional tests' commits
    each waited on an fsync)."""
    if connection.vendor == "postgresql":
        from monev.archive.migrations._triggers import TRUNCATE_SETTING

        with connection.cursor() as cursor:
            cursor.execute(f"SET {TRUNCATE_SETTING} = 'allow'")
            cursor.execute("SET synchronous_commit = off")


def pytest_configure(config: Any) -> None:
    from django.db.backends.signals import connection_created

    connection_created.connect(_allow_archive_truncate, dispatch_uid="allow_archive_truncate")


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DEMO_RENDER_REPORTS = False  # the demo's step 8 by hand: no report rendering
    settings.MONEV_PUBLIC_URL = os.environ["PUBLIC_BASE_URL"]  # sealed into final documents


@pytest.fixture(autouse=True)
def _fresh_process_caches() -> None:
    """Transactional tests empty the database and reuse primary keys: forget what the
    process remembers about rows (which agency a row belongs to, computed results,
    throttle counts)."""
    from django.core.cache import cache

    from monev.core import tenancy
    from monev.evaluation import store

    tenancy.forget_agencies()
    store.clear_cache()
    cache.clear()  # the API throttles count in the cache: each test starts from zero


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def step8_by_hand() -> Any:
    """SOP step 8 done by hand (attach the output, complete) instead of by its report
    handler (a version must exist): for tests of the SOP engine walking every step."""
    from monev.reports.handlers import done_by_hand

    with done_by_hand():
        yield


@pytest.fixture
def demo_org(db: Any) -> Any:
    """The demo agency's organisation (units, officials, users with password monev-demo)."""
    from monev.demo import DEMO_PASSWORD, organization

    return replayed("demo_org", lambda: organization.load(password=DEMO_PASSWORD))


@pytest.fixture
def personas(demo_org: Any) -> dict[str, Any]:
    """Users by demo username, plus "outsider" (another Bidang) and "stranger" (another agency)."""
    return replayed("personas", _personas)


def _personas() -> dict[str, Any]:
    from monev.accounts import services
    from monev.accounts.choices import Role
    from monev.accounts.models import User
    from monev.organization.models import Agency

    users = {u.username: u for u in User.objects.all()}
    other = Agency.objects.create(
        name="Dinas Lain",
        short_name="LAIN",
        government="Pemerintah Kabupaten Lain",
        address="Jl. Lain",
        city="Lain",
    )
    users["stranger"] = services.user_create(
        actor=None,
        agency=other,
        username="stranger",
        password="monev-demo",
        roles=[Role.ADMINISTRATOR],
    )
    users["outsider"] = users["operator.ukm"]
    return users


@pytest.fixture
def sop_definition(demo_org: Any) -> Any:
    """The default SOP (the seed's 13 steps) as the demo agency's current definition."""
    from monev.sop import services
    from monev.sop.seed import DEFAULT_SOP

    return replayed(
        "sop_definition", lambda: services.definition_load_seed(agency=demo_org, data=DEFAULT_SOP)
    )


@pytest.fixture
def sop_cycle(personas: dict[str, Any], sop_definition: Any) -> Any:
    """Triwulan III 2026, opened by the Sekretaris on Wednesday 2026-10-07 08:00 WITA."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from monev.sop import services

    return replayed(
        "sop_cycle",
        lambda: services.cycle_open(
            actor=personas["sekretaris"],
            agency=sop_definition.agency,
            year=2026,
            quarter=3,
            disposition="Segera siapkan format isian monev Triwulan III.",
            now=datetime(2026, 10, 7, 8, 0, tzinfo=ZoneInfo("Asia/Makassar")),
        ),
    )


@pytest.fixture
def loaded_demo(settings: Any, db: Any) -> str:
    """The whole demo as `monev load_demo` loads it under DEBUG (four agencies, three quarters
    of data): loaded for real once per worker and database state, then replayed (decision
    0021). Returns what the command printed."""
    settings.DEBUG = True
    return replayed("loaded_demo", _load_demo)


def _load_demo() -> str:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def kabupaten(personas: dict[str, Any]) -> dict[str, Any]:
    """DKUKMTK (the demo organisation, no plan: nothing to rank), and the kabupaten demo:
    Dinas Perhubungan, Dinas Perpustakaan dan Kearsipan and the Bappeda (built once per
    worker, `replayed`)."""
    return replayed("kabupaten", lambda: _kabupaten(personas))


def _kabupaten(personas: dict[str, Any]) -> dict[str, Any]:
    from monev.accounts.models import User
    from monev.demo import DEMO_PASSWORD, kabupaten
    from monev.organization.models import Agency

    kabupaten.load(password=DEMO_PASSWORD)
    return {
        "bappeda": User.objects.get(username="bappeda"),
        "dishub": Agency.objects.get(short_name="DISHUB"),
        "dispusip": Agency.objects.get(short_name="DISPUSIP"),
        **personas,
    }


@pytest.fixture
def small_plan(demo_org: Any) -> Any:
    """A small Renstra 2025–2029: one branch from tujuan to sub kegiatan, two indicators."""
    return replayed("small_plan", lambda: _small_plan(demo_org))


def _small_plan(demo_org: Any) -> Any:
    from decimal import Decimal

    from monev.organization.models import Unit
    from monev.planning.models import Budget, Indicator, PlanNode, RenstraPeriod, Target

    kop = Unit.objects.get(code="BID-KOP")
    period = RenstraPeriod.objects.create(
        agency=demo_org, name="Renstra 2025–2029", start_year=2025, end_year=2029
    )
    tujuan = PlanNode.objects.create(
        period=period, level="tujuan", code="T1", name="Meningkatnya daya saing koperasi"
    )
    sasaran = PlanNode.objects.create(
        period=period,
        level="sasaran",
        code="S1.1",
        parent=tujuan,
        name="Meningkatnya koperasi aktif",
        responsible_unit=kop,
    )
    program = PlanNode.objects.create(
        period=period,
        level="program",
        code="2.17.03",
        parent=sasaran,
        responsible_unit=kop,
        name="Program Pengawasan dan Pemeriksaan Koperasi",
    )
    kegiatan = PlanNode.objects.create(
        period=period,
        level="kegiatan",
        code="2.17.03.2.01",
        parent=program,
        responsible_unit=kop,
        name="Pemeriksaan dan Pengawasan Koperasi, KSP/USP Koperasi",
    )
    sub = PlanNode.objects.create(
        period=period,
        level="sub_kegiatan",
        code="2.17.03.2.01.0004",
        parent=kegiatan,
        responsible_unit=kop,
        name="Pelaksanaan Pemeriksaan dan Pengawasan Koperasi",
    )
    iku = Indicator.objects.create(
        period=period,
        node=sasaran,
        code="IK.S1.1.01",
        name="Persentase koperasi aktif",
        unit_of_measure="%",
        aggregation="last",
        decimals=2,
        is_iku=True,
        responsible_unit=kop,
    )
    output = Indicator.objects.create(
        period=period,
        node=sub,
        code="IK.2.17.03.2.01.0004.01",
        responsible_unit=kop,
        name="Jumlah koperasi yang diperiksa dan diawasi",
        unit_of_measure="koperasi",
    )
    quarters = [
        (Decimal(40), None),
        (Decimal(10), 1),
        (Decimal(10), 2),
        (Decimal(10), 3),
        (Decimal(10), 4),
    ]
    for value, quarter in quarters:
        Target.objects.create(indicator=output, year=2026, quarter=quarter, value=value)
    Target.objects.create(indicator=iku, year=2026, quarter=None, value=Decimal("65"))
    Budget.objects.create(node=sub, year=2026, pagu=Decimal("62000000"))
    return period


# --- Browser ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "reduced_motion": "reduce"}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    headless = browser_type_launch_args.get("headless", True)
    chosen = "MONEV_CHROMIUM" in os.environ
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM if headless or chosen else CHROMIUM_FULL,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


def pytest_addoption(parser: Any) -> None:
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="Run only the tests that use the database (the second database's run, decision 0021).",
    )
    parser.addoption(
        "--backend-tests-only",
        action="store_true",
        help="With --database-tests-only: only the tests that exercise the database backend "
        "itself (exercises_the_backend; a policy for the second database's run that decision "
        "0021 leaves to the lead, off by default).",
    )


#: The fixtures through which a test reaches the database (pytest-django refuses any other
#: test a query: "Database access not allowed").
DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}
)


def uses_the_database(item: Any) -> bool:
    return bool(
        item.get_closest_marker("django_db")
        or DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ()))
    )


#: What in a test's own source marks it as exercising the backend rather than only the app
#: through the ORM: the backend named, raw SQL, locks and threads, commits (transactional
#: tests), query-count guards, integrity errors, backup/restore, triggers, JSON and
#: case-insensitive lookups. A test may also say so with the `postgresql` mark.
BACKEND_SIGNS = re.compile(
    r"connection\.vendor|postgresql|select_for_update|transaction=True|IntegrityError|\.raw\("
    r"|cursor\(|CaptureQueriesContext|assertNumQueries|django_assert_num_queries|Thread"
    r"|threading|backup|restore|trigger|__search|__icontains|__iexact|__contains|Lower\("
    r"|collat|json|JSON|sequence|setval|DataError|OperationalError|transaction\.atomic"
    r"|on_commit|select_related\(|prefetch_related\(|order_by\(|distinct\("
)


def exercises_the_backend(item: Any) -> bool:
    """Whether a database test touches behaviour in which the backends may differ (decision
    0021, the narrow second run): marked `postgresql`, transactional, or its own source shows
    one of BACKEND_SIGNS."""
    if item.get_closest_marker("postgresql") or item.get_closest_marker("multinode"):
        return True
    if item.get_closest_marker("backend_neutral"):  # its reason says why the sign is incidental
        return False
    marker = item.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        return True
    if "transactional_db" in getattr(item, "fixturenames", ()):
        return True
    try:
        source = inspect.getsource(item.function)
    except (AttributeError, OSError, TypeError):
        return True  # not a plain function: keep it
    return bool(BACKEND_SIGNS.search(source))


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    for item in items:
        neutral = item.get_closest_marker("backend_neutral")
        if neutral and not neutral.kwargs.get("reason"):
            raise pytest.UsageError(f"{item.nodeid}: backend_neutral needs a reason")
    if config.getoption("database_tests_only"):
        # A test without the database cannot query it (pytest-django blocks it), so its
        # outcome does not depend on which database runs: it ran in the first database's run.
        def wanted(item: Any) -> bool:
            if not uses_the_database(item):
                return False
            return not config.getoption("backend_tests_only") or exercises_the_backend(item)

        kept = [item for item in items if wanted(item)]
        dropped = [item for item in items if not wanted(item)]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = kept
    if Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(reason="Chromium tidak terpasang (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


# --- Run report (read by scripts/run-tests) ---------------------------------------------------


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: Any) -> None:
    from django.db import connection

    stats = terminalreporter.stats
    passed = [r for r in stats.get("passed", []) if r.when == "call"]
    failed = len(stats.get("failed", [])) + len(stats.get("error", []))
    skipped = len(stats.get("skipped", []))
    browser = [r for r in passed if "browser" in r.keywords]
    version = ""
    if browser:
        try:
            version = subprocess.run(
                [CHROMIUM, "--version"], capture_output=True, text=True, timeout=20
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            version = "Chromium"
    line = (
        f"database={connection.vendor}; {len(passed)} passed, {failed} failed, {skipped} skipped; "
        + (f"{len(browser)} browser tests ran in {version}" if browser else "no browser test ran")
    )
    terminalreporter.write_line(f"monev: {line}")
    report = os.environ.get("MONEV_TEST_REPORT")
    if report:
        Path(report).write_text(line)
