"""PostgreSQL refuses TRUNCATE of the archive table too (a statement trigger; its row triggers
of migration 0002 do not fire on TRUNCATE). SQLite has no TRUNCATE: its `DELETE FROM` without
a condition fires the row trigger of 0002."""

from django.db import migrations

from monev.archive.migrations._triggers import (
    POSTGRESQL_TRUNCATE,
    POSTGRESQL_TRUNCATE_REVERSE,
    run_for_vendor,
)


class Migration(migrations.Migration):
    dependencies = [("archive", "0002_archive_entry_immutable_trigger")]

    operations = [
        migrations.RunPython(
            run_for_vendor({"postgresql": POSTGRESQL_TRUNCATE}),
            run_for_vendor({"postgresql": POSTGRESQL_TRUNCATE_REVERSE}),
        ),
    ]
