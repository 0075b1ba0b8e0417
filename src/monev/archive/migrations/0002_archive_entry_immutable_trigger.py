"""The database refuses to change or delete an archive entry (SPEC §13), whatever the code
does: BEFORE UPDATE / BEFORE DELETE triggers on PostgreSQL and on SQLite (decision 0011).

On SQLite a later migration that rebuilds the table (Django copies it into a new one) drops
these triggers with the old table: such a migration must create them again (`_triggers.SQLITE`)."""

from django.db import migrations

from monev.archive.migrations._triggers import (
    POSTGRESQL,
    POSTGRESQL_REVERSE,
    SQLITE,
    SQLITE_REVERSE,
    run_for_vendor,
)


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_archive_entry")]

    operations = [
        migrations.RunPython(
            run_for_vendor({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            run_for_vendor({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
