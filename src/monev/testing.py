"""pytest plugin loaded first (`-p monev.testing` in pyproject): test-only environment.

Tests run with DEBUG off, like production, so they need a signing key; and Playwright's sync
API runs inside the live server's event loop, which Django must be told is fine.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-" + "x" * 20)
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
# Two-factor enrolment is tested on its own (accounts tests); elsewhere no role must enrol.
os.environ.setdefault("TWO_FACTOR_REQUIRED_ROLES", "")

T = TypeVar("T")


def pytest_configure(config: Any) -> None:
    _share_the_static_files_index()
    if not hasattr(config, "workerinput") and getattr(config.option, "testrunuid", 0) is None:
        # The controller names the run (as pytest-xdist would) to find its template at the end.
        import uuid

        config.option.testrunuid = uuid.uuid4().hex
    _migrate_once_per_run()
    _flush_restarts_the_sequences()


# --- One migrated database per run, cloned by each worker ---------------------------------------
# Creating a test database runs the 80-odd migrations: ~10 s CPU on SQLite and ~15 s (plus the
# server's) on PostgreSQL, per pytest-xdist worker. Under xdist the first worker to get there
# migrates a template database and every worker, itself included, takes a copy of it:
# PostgreSQL `CREATE DATABASE … TEMPLATE`, SQLite the backup API into the worker's in-memory
# database. The copy holds what the migrations left (tables, triggers, seeded rows, content
# types); nothing else of the creation is skipped (serialisation, the cache table). The
# template lives for one run (the run's id, PYTEST_XDIST_TESTRUNUID, is in its name) and the
# run's controller drops it at the end. MONEV_TEST_TEMPLATE=0 turns it off.


def _migrate_once_per_run() -> None:
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if not run or os.environ.get("MONEV_TEST_TEMPLATE") == "0":
        return
    from django.db.backends.base.creation import BaseDatabaseCreation

    original = BaseDatabaseCreation.create_test_db
    if getattr(original, "templated", False):
        return

    def create_test_db(
        self: Any,
        verbosity: int = 1,
        autoclobber: bool = False,
        serialize: bool = True,
        keepdb: bool = False,
    ) -> str:
        vendor = self.connection.vendor
        if keepdb or vendor not in ("postgresql", "sqlite"):
            return str(original(self, verbosity, autoclobber, serialize, keepdb))
        clone = _clone_postgresql if vendor == "postgresql" else _clone_sqlite
        name = clone(self, original, run[:12], verbosity)
        if serialize:
            self.connection._test_serialized_contents = self.serialize_db_to_string()
        from django.core.management import call_command

        call_command("createcachetable", database=self.connection.alias)
        self.connection.ensure_connection()
        return name

    create_test_db.templated = True  # type: ignore[attr-defined]
    BaseDatabaseCreation.create_test_db = create_test_db  # type: ignore[method-assign]


def template_name(vendor: str, run: str, database: str = "") -> str:
    """The run's template database: a PostgreSQL database name, or a SQLite file under var/."""
    if vendor == "postgresql":
        return f"test_{database}_template_{run}"[:63]
    return str(Path(__file__).resolve().parents[2] / "var" / f"test-template-{run}.sqlite3")


def _clone_postgresql(creation: Any, original: Any, run: str, verbosity: int) -> str:
    from django.conf import settings

    connection = creation.connection
    target = creation._get_test_db_name()
    template = template_name("postgresql", run, connection.settings_dict["NAME"])
    qn = connection.ops.quote_name
    with creation._nodb_cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(hashtext(%s))", [template])
        try:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template])
            if cursor.fetchone() is None:
                test_settings = connection.settings_dict["TEST"]
                saved_name, saved_real = test_settings.get("NAME"), connection.settings_dict["NAME"]
                test_settings["NAME"] = template
                try:
                    original(creation, verbosity, True, False, False)
                finally:
                    test_settings["NAME"] = saved_name
                    connection.close()
                    connection.settings_dict["NAME"] = saved_real
                    settings.DATABASES[connection.alias]["NAME"] = saved_real
            if verbosity >= 1:
                creation.log(f"Cloning the run's migrated template into {target}...")
            cursor.execute(f"DROP DATABASE IF EXISTS {qn(target)}")
            cursor.execute(f"CREATE DATABASE {qn(target)} TEMPLATE {qn(template)}")
        finally:
            cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [template])
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = target
    connection.settings_dict["NAME"] = target
    return str(target)


def _clone_sqlite(creation: Any, original: Any, run: str, verbosity: int) -> str:
    import fcntl
    import sqlite3

    from django.conf import settings

    connection = creation.connection
    target = creation._get_test_db_name()
    if not creation.is_in_memory_db(target):
        return str(original(creation, verbosity, True, False, False))
    template = Path(template_name("sqlite", run))
    template.parent.mkdir(parents=True, exist_ok=True)
    with open(f"{template}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not template.exists():
            original(creation, verbosity, True, False, False)
            partial = template.with_suffix(".partial")
            out = sqlite3.connect(partial)
            connection.connection.backup(out)
            out.close()
            partial.rename(template)
            return str(target)
    if verbosity >= 1:
        creation.log("Copying the run's migrated template into memory...")
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = target
    connection.settings_dict["NAME"] = target
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{template}?mode=ro", uri=True)
    source.backup(connection.connection)
    source.close()
    return str(target)


def drop_templates(run: str) -> None:
    """The run's template databases, dropped by the controller at the end of the run."""
    from django.conf import settings

    for suffix in ("", ".lock", ".partial"):
        Path(template_name("sqlite", run) + suffix).unlink(missing_ok=True)
    database = settings.DATABASES["default"]
    if "postgresql" not in database["ENGINE"]:
        return
    from django.db import connection

    template = template_name("postgresql", run, database["NAME"])
    with cast(Any, connection.creation)._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(template)}")


def pytest_sessionfinish(session: Any) -> None:
    config = session.config
    run = getattr(config.option, "testrunuid", None)
    if hasattr(config, "workerinput") or not run or not getattr(config.option, "numprocesses", 0):
        return
    if os.environ.get("MONEV_TEST_TEMPLATE") == "0":
        return
    from pytest_django.plugin import blocking_manager_key

    try:
        with config.stash[blocking_manager_key].unblock():
            drop_templates(run[:12])
    except Exception as error:  # a leftover template is harmless; say so
        print(f"monev.testing: template database not dropped: {error!r}")


# --- The same empty database after every transactional test -----------------------------------
# A transactional test ends with Django's `flush`: every table emptied, then the post_migrate
# handlers write the content types and permissions again. Without resetting the sequences they
# get new primary keys each time, so the database after each flush is in a state no fixture
# has met before and every world (`replayed`, below) was built for real again after each
# transactional test (286 builds for 184 tests on PostgreSQL; 214 with this). The flush here
# restarts the sequences (PostgreSQL `TRUNCATE … RESTART IDENTITY`, SQLite's sqlite_sequence
# emptied), so the rows come back with the same keys and the empty database is one state.


def _flush_restarts_the_sequences() -> None:
    from django.test import testcases

    original = getattr(testcases, "call_command")  # noqa: B009  (not in Django's stubs)
    if getattr(original, "restarts_sequences", False):
        return

    def call_command(name: Any, *args: Any, **options: Any) -> Any:
        if name == "flush":
            options["reset_sequences"] = True
        return original(name, *args, **options)

    call_command.restarts_sequences = True  # type: ignore[attr-defined]
    setattr(testcases, "call_command", call_command)  # noqa: B010


# --- One static-files index per process --------------------------------------------------------
# Every test client builds its own middleware chain, and WhiteNoise's middleware (serving from
# the apps' static folders in tests, WHITENOISE_USE_FINDERS) lists and stats every static file
# when it is made: about a tenth of a second per `Client()`, paid thousands of times by the
# permission matrix alone. A server makes its chain once; here the index is made once per
# process and settings (overridden ones included) and shared by every client's middleware.

_STATIC_INDEX: dict[tuple[Any, ...], dict[str, Any]] = {}


def _share_the_static_files_index() -> None:
    from whitenoise.middleware import WhiteNoiseMiddleware

    original = WhiteNoiseMiddleware.add_files_from_finders
    if getattr(original, "shared", False):
        return

    def add_files_from_finders(self: Any) -> None:
        key = (self.static_prefix, _overridden_settings())
        found = _STATIC_INDEX.get(key)
        if found is None:
            before = dict(self.files)
            original(self)
            found = {url: f for url, f in self.files.items() if before.get(url) is not f}
            _STATIC_INDEX[key] = found
        else:
            self.files.update(found)

    add_files_from_finders.shared = True  # type: ignore[attr-defined]
    WhiteNoiseMiddleware.add_files_from_finders = add_files_from_finders


def _overridden_settings(exclude: tuple[str, ...] = ("MEDIA_ROOT",)) -> tuple[Any, ...]:
    """The settings a test overrides (override_settings, pytest-django's `settings`)."""
    from django.conf import settings

    overridden: list[tuple[str, str]] = []
    holder = getattr(settings, "_wrapped")  # noqa: B009  (private to Django's LazySettings)
    while hasattr(holder, "default_settings"):
        overridden.extend(
            (k, repr(v)) for k, v in vars(holder).items() if k.isupper() and k not in exclude
        )
        holder = holder.default_settings
    return tuple(sorted(overridden))


# --- The world, built once per worker --------------------------------------------------------
# STYLE: "Tests build the world once". A fixture wrapped in `replayed` runs its builder for real
# the first time a worker meets the database in a given state, and records what the builder
# wrote: the rows added or changed in every table, the files under MEDIA_ROOT, the e-mails, the
# on-commit callbacks of the test's transaction and the process memos (which agency a row
# belongs to, computed results). Every later test that asks for the fixture with the database
# in the same state gets those rows written back in a few statements, inside its own
# transaction, and the same objects fetched afresh. A test therefore still starts from an
# empty database and sees exactly the world its fixtures describe (no demo rows a test did not
# ask for), only without rebuilding it through the services each time.
#
# "The same state" is the count and the highest primary key of every table, whether the test
# runs inside a transaction (plain `db`) or not (`transactional_db`), the settings a test has
# overridden (except MEDIA_ROOT, per test) and the active language. Anything else — another
# fixture built the rows first, a setting changed — is a new state: the builder runs for real
# again and that state is recorded too.

_CAPTURES: dict[tuple[Any, ...], Any] = {}

#: Process memos a builder may fill (module, attribute): copied with the rows, so a replayed
#: fixture leaves the process as the real build would (query-count guards depend on it).
PROCESS_MEMOS = (
    ("monev.core.tenancy", "_AGENCY_OF"),
    ("monev.core.freshness", "_AGENCY_OF"),
    ("monev.evaluation.store", "_CACHE"),
    ("monev.evaluation.store", "_MEMO"),
    ("monev.evaluation.store", "_FRAMES"),
    ("monev.core.store", "_CACHE"),
    ("monev.core.store", "_MEMO"),
    ("monev.core.store", "_FRAMES"),
)


def replayed(name: str, build: Callable[[], T]) -> T:
    """`build()`'s result, built for real once per worker and database state, then replayed.

    For fixtures whose builder only writes through the database, MEDIA_ROOT, the mail outbox
    and the memos above, and returns model instances (or dicts, lists and tuples of them, or
    plain values)."""
    from django.db import connection

    key = (name, _state_key(connection))
    capture = _CAPTURES.get(key)
    if isinstance(capture, _Capture):
        return cast(T, capture.replay(connection))
    if capture is not None:  # not replayable
        return build()
    capture = _Capture(connection)
    value = build()
    _CAPTURES[key] = capture.finish(connection, value)
    return value


class _Capture:
    def __init__(self, connection: Any) -> None:
        from django.conf import settings
        from django.core import mail

        self.tables = _tables(connection)
        self.before = _dump(connection, self.tables)
        self.files_before = _files(Path(settings.MEDIA_ROOT))
        self.outbox = len(getattr(mail, "outbox", []))
        self.callbacks = len(connection.run_on_commit)
        self.memos = [(memo, dict(memo)) for memo in _process_memos()]

    def finish(self, connection: Any, value: Any) -> _Capture | _Never:
        from django.conf import settings
        from django.core import mail

        ref = _describe(value)
        if ref is _NOT_REPLAYABLE:
            return _Never()
        after = _dump(connection, self.tables)
        self.changes: list[tuple[Any, list[Any], list[Any]]] = []
        for table in self.tables:
            old, new = self.before[table.name], after[table.name]
            added = [row for row in new if row not in old]
            removed = [row for row in old if row not in new]
            if added or removed:
                self.changes.append((table, removed, added))
        del self.before
        root = Path(settings.MEDIA_ROOT)
        files_after = _files(root)
        self.files = {
            relative: (root / relative).read_bytes()
            for relative, stamp in files_after.items()
            if self.files_before.get(relative) != stamp
        }
        del self.files_before
        self.mails = list(getattr(mail, "outbox", [])[self.outbox :])
        self.on_commit = list(connection.run_on_commit[self.callbacks :])
        self.memo_added = [
            (memo, {k: v for k, v in memo.items() if k not in old or old[k] is not v})
            for memo, old in self.memos
        ]
        del self.memos
        self.ref = ref
        return self

    def replay(self, connection: Any) -> Any:
        import copy

        from django.conf import settings
        from django.core import mail
        from django.core.management.color import no_style
        from django.db import transaction

        with transaction.atomic(), connection.cursor() as cursor:
            for table, removed, added in self.changes:
                if removed:
                    table.delete(cursor, removed)
                if added:
                    table.insert(cursor, added)
            if connection.vendor == "postgresql":
                models = [table.model for table, _, added in self.changes if added]
                resets = connection.ops.sequence_reset_sql(no_style(), models)
                if resets:  # one round trip for every table's sequence
                    cursor.execute("\n".join(resets))
        root = Path(settings.MEDIA_ROOT)
        for relative, data in self.files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        if self.mails and hasattr(mail, "outbox"):
            mail.outbox.extend(copy.deepcopy(self.mails))
        if connection.in_atomic_block:
            for _sids, func, robust in self.on_commit:
                transaction.on_commit(func, robust=robust)
        for memo, entries in self.memo_added:
            memo.update(entries)
        return _rebuild(self.ref, {})


class _Never:
    """A fixture whose value cannot be fetched afresh: always built for real."""


class _Table:
    def __init__(self, connection: Any, model: Any) -> None:
        self.model = model
        self.name = model._meta.db_table
        self.quoted = connection.ops.quote_name(self.name)
        self.pk = connection.ops.quote_name(model._meta.pk.column)
        self.pk_index = 0
        self.columns: list[str] = []
        self.vendor = connection.vendor

    def rows(self, cursor: Any) -> list[Any]:
        """Every row as it is stored: PostgreSQL's JSON of the row (and its key as text);
        SQLite's values without the driver's conversions (`+column` has no declared type)."""
        if self.vendor == "postgresql":
            cursor.execute(f"SELECT row_to_json(t)::text, t.{self.pk}::text FROM {self.quoted} t")
            return [tuple(row) for row in cursor.fetchall()]
        if not self.columns:
            cursor.execute(f"PRAGMA table_info({self.quoted})")
            self.columns = [row[1] for row in cursor.fetchall()]
            self.pk_index = self.columns.index(self.model._meta.pk.column)
        cursor.execute(
            "SELECT " + ", ".join(f'+"{c}"' for c in self.columns) + f" FROM {self.quoted}"
        )
        return [tuple(row) for row in cursor.fetchall()]

    def _pk(self, row: Any) -> Any:
        return row[1] if self.vendor == "postgresql" else row[self.pk_index]

    def delete(self, cursor: Any, rows: list[Any]) -> None:
        cast_pk = f"{self.pk}::text" if self.vendor == "postgresql" else self.pk
        marks = ", ".join(["%s"] * len(rows))
        cursor.execute(
            f"DELETE FROM {self.quoted} WHERE {cast_pk} IN ({marks})",
            [self._pk(row) for row in rows],
        )

    def insert(self, cursor: Any, rows: list[Any]) -> None:
        if self.vendor == "postgresql":
            cursor.execute(
                f"INSERT INTO {self.quoted} SELECT * FROM "
                f"json_populate_recordset(NULL::{self.quoted}, %s::json)",
                ["[" + ",".join(row[0] for row in rows) + "]"],
            )
            return
        columns = ", ".join(f'"{c}"' for c in self.columns)
        marks = ", ".join(["%s"] * len(self.columns))
        cursor.executemany(f"INSERT INTO {self.quoted} ({columns}) VALUES ({marks})", rows)


_TABLES: dict[str, list[_Table]] = {}


def _tables(connection: Any) -> list[_Table]:
    """Every table of the project's models (many-to-many tables included)."""
    found = _TABLES.get(connection.vendor)
    if found is None:
        from django.apps import apps

        existing = set(connection.introspection.table_names())
        seen: set[str] = set()
        found = []
        for model in apps.get_models(include_auto_created=True):
            opts = model._meta
            if opts.proxy or not opts.managed or opts.db_table in seen:
                continue
            if opts.db_table in existing:
                seen.add(opts.db_table)
                found.append(_Table(connection, model))
        _TABLES[connection.vendor] = found
    return found


def _signature(connection: Any) -> tuple[Any, ...]:
    """Count and highest primary key (as text) of every table, in one query."""
    parts = [
        f"SELECT COUNT(*), MAX(CAST({t.pk} AS TEXT)) FROM {t.quoted}" for t in _tables(connection)
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return tuple(tuple(row) for row in cursor.fetchall())


def _state_key(connection: Any) -> tuple[Any, ...]:
    from django.utils import translation

    return (
        _signature(connection),
        connection.in_atomic_block,
        _overridden_settings(),
        translation.get_language(),
    )


def _dump(connection: Any, tables: list[_Table]) -> dict[str, set[Any]]:
    with connection.cursor() as cursor:
        return {table.name: set(table.rows(cursor)) for table in tables}


def _files(root: Path) -> dict[str, tuple[int, int]]:
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in root.rglob("*")
        if path.is_file()
    }


def _process_memos() -> list[dict[Any, Any]]:
    import sys

    found: list[dict[Any, Any]] = []
    for module, attribute in PROCESS_MEMOS:
        memo = getattr(sys.modules.get(module), attribute, None)
        if isinstance(memo, dict) and all(memo is not other for other in found):
            found.append(memo)
    return found


_NOT_REPLAYABLE = object()


def _describe(value: Any) -> Any:
    """A model instance as (model, pk); containers of them item by item."""
    from django.db.models import Model

    if isinstance(value, Model):
        return ("model", type(value), value.pk)
    if isinstance(value, dict):
        items = {k: _describe(v) for k, v in value.items()}
        if any(v is _NOT_REPLAYABLE for v in items.values()):
            return _NOT_REPLAYABLE
        return ("dict", items)
    if isinstance(value, list | tuple):
        members = [_describe(v) for v in value]
        if any(v is _NOT_REPLAYABLE for v in members):
            return _NOT_REPLAYABLE
        return (type(value).__name__, members)
    if value is None or isinstance(value, str | int | float | bool | bytes):
        return ("plain", value)
    return _NOT_REPLAYABLE


def _rebuild(ref: Any, fetched: dict[tuple[Any, Any], Any]) -> Any:
    kind = ref[0]
    if kind == "model":
        _, model, pk = ref
        if (model, pk) not in fetched:
            fetched[(model, pk)] = model._base_manager.get(pk=pk)
        return fetched[(model, pk)]
    if kind == "dict":
        _prefetch(ref, fetched)
        return {k: _rebuild(v, fetched) for k, v in ref[1].items()}
    if kind in ("list", "tuple"):
        _prefetch(ref, fetched)
        members = [_rebuild(v, fetched) for v in ref[1]]
        return members if kind == "list" else tuple(members)
    return ref[1]


def _prefetch(ref: Any, fetched: dict[tuple[Any, Any], Any]) -> None:
    """Fetch a container's instances model by model (one query each, not one per item)."""
    wanted: dict[Any, set[Any]] = {}
    members = ref[1].values() if ref[0] == "dict" else ref[1]
    for member in members:
        if member[0] == "model" and (member[1], member[2]) not in fetched:
            wanted.setdefault(member[1], set()).add(member[2])
    for model, pks in wanted.items():
        for pk, instance in model._base_manager.in_bulk(pks).items():
            fetched[(model, pk)] = instance


# --- Signed-in clients without a login per request -------------------------------------------
# `Client.force_login` writes a session (and the user's last_login) on every call: the walks
# over every URL (the permission matrix, the kabupaten isolation) did it some 6,000 times. A
# fixture can make each persona's session once, inside a replayed builder (the session rows
# are replayed with the world), and hand a test a client carrying that session's cookie: the
# same signed-in request as after `force_login`.


def session_keys(users: dict[str, Any]) -> dict[str, str]:
    """A signed-in session per user, made as `Client.force_login` makes it: its key by name.
    Call it inside a `replayed` builder."""
    from django.conf import settings
    from django.test import Client

    keys: dict[str, str] = {}
    for name, user in users.items():
        client = Client()
        client.force_login(user)
        keys[name] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return keys


def signed_in(session_key: str, **client_options: Any) -> Any:
    """A test client carrying the session `session_key` (from `session_keys`)."""
    from django.conf import settings
    from django.test import Client

    client = Client(**client_options)
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return client


# --- Files a test leaves for the developers ---------------------------------------------------


def kept_output(*parts: str) -> Path:
    """Where a test writes the files it keeps for the developers to look at (rendered pages,
    screenshots): var/ of the checkout, or MONEV_TEST_OUTPUT when set — scripts/run-tests gives
    each database's run its own, since both runs go side by side and a test and its twin on the
    other database would otherwise write and read back the same file at once."""
    root = os.environ.get("MONEV_TEST_OUTPUT")
    return (Path(root) if root else Path(__file__).resolve().parents[2] / "var").joinpath(*parts)
