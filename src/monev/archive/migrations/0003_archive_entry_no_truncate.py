"""PostgreSQL refuses TRUNCATE of the archive table too (a statement trigger; its row triggers
of migration 0002 do not fire on TRUNCATE). SQLite has no TRUNCATE: its `DELETE FROM` without
a condition fires the row trigger of 0002."""

from typing import Any

from django.db import migrations

from monev.archive.migrations._triggers import POSTGRESQL_TRUNCATE, POSTGRESQL_TRUNCATE_REVERSE


def _run(statements: list[str]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("archive", "0002_archive_entry_immutable_trigger")]

    operations = [
        migrations.RunPython(_run(POSTGRESQL_TRUNCATE), _run(POSTGRESQL_TRUNCATE_REVERSE)),
    ]
