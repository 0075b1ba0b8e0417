"""The refusal triggers of the archive table (migrations 0002 and 0003; decision 0011)."""

from typing import Any

TABLE = "archive_archiveentry"


def run_for_vendor(statements: dict[str, list[str]]) -> Any:
    """A RunPython function executing the statements of the database's vendor (none for
    another vendor)."""

    def run(apps: Any, schema_editor: Any) -> None:
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


POSTGRESQL = [
    f"""CREATE OR REPLACE FUNCTION {TABLE}_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'archive entries cannot be changed or deleted'
        USING ERRCODE = 'integrity_constraint_violation', DETAIL = TG_OP || ' refused';
    END $$""",
    f"""CREATE TRIGGER {TABLE}_immutable BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION {TABLE}_refuse()""",
]
POSTGRESQL_REVERSE = [
    f"DROP TRIGGER IF EXISTS {TABLE}_immutable ON {TABLE}",
    f"DROP FUNCTION IF EXISTS {TABLE}_refuse()",
]
SQLITE = [
    f"""CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'archive entries cannot be changed (UPDATE refused)'); END""",
    f"""CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'archive entries cannot be deleted (DELETE refused)'); END""",
]
SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_delete",
]

#: PostgreSQL's TRUNCATE fires no row trigger: a statement trigger refuses it (migration 0003),
#: unless the session says `SET monev.archive_truncate = 'allow'` — only the test suite does,
#: for the flush between transactional tests (conftest.py). Anyone who may run SET may also
#: drop the trigger; it guards against mistakes (`monev flush`, a TRUNCATE in a script).
TRUNCATE_SETTING = "monev.archive_truncate"
POSTGRESQL_TRUNCATE = [
    f"""CREATE OR REPLACE FUNCTION {TABLE}_refuse_truncate() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      IF current_setting('{TRUNCATE_SETTING}', true) = 'allow' THEN
        RETURN NULL;
      END IF;
      RAISE EXCEPTION 'archive entries cannot be deleted'
        USING ERRCODE = 'integrity_constraint_violation', DETAIL = 'TRUNCATE refused';
    END $$""",
    f"""CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_refuse_truncate()""",
]
POSTGRESQL_TRUNCATE_REVERSE = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE}",
    f"DROP FUNCTION IF EXISTS {TABLE}_refuse_truncate()",
]
