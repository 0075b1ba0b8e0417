"""An archive entry of an annual cycle (the LKjIP, SPEC §16) has no quarter.

SQLite rebuilds the table to change a column and a constraint, which drops its refusal
triggers (migration 0002): they are dropped first and made again after, on every vendor, so
the table is guarded as before."""

from django.db import migrations, models

import django.core.validators
from monev.archive.migrations._triggers import (
    POSTGRESQL,
    POSTGRESQL_REVERSE,
    SQLITE,
    SQLITE_REVERSE,
    run_for_vendor,
)

DROP = run_for_vendor({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE})
MAKE = run_for_vendor({"postgresql": POSTGRESQL, "sqlite": SQLITE})


class Migration(migrations.Migration):
    dependencies = [("archive", "0004_audit_anchor")]

    operations = [
        migrations.RunPython(DROP, MAKE),
        migrations.RemoveConstraint(model_name="archiveentry", name="archive_quarter_1_4"),
        migrations.AlterField(
            model_name="archiveentry",
            name="quarter",
            field=models.PositiveSmallIntegerField(
                blank=True,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(4),
                ],
                verbose_name="triwulan",
            ),
        ),
        migrations.AddConstraint(
            model_name="archiveentry",
            constraint=models.CheckConstraint(
                condition=models.Q(quarter__isnull=True)
                | models.Q(quarter__gte=1, quarter__lte=4),
                name="archive_year_or_quarter_1_4",
            ),
        ),
        migrations.RunPython(MAKE, DROP),
    ]
