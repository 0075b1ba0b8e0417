"""Core names agencies by id, never by foreign key (core sits below organization; decision
0018). Data-preserving, no row rewritten:

- `AuditEntry.agency` (a foreign key) becomes the plain indexed column `agency_id`: the same
  column and values, only the constraint is dropped. The chain hash covers the id
  (`audit_chain.entry_values`: "agency": entry.agency_id), which does not change, so
  `monev audit_verify` passes on existing logs.
- `ResultsVersion` (the data token) joins core's state; its table, already altered by
  evaluation's migration 0004, keeps its name.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_audit_chain_keyed"),
        ("evaluation", "0004_results_version_moves_to_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterField(
                    model_name="auditentry",
                    name="agency",
                    field=models.BigIntegerField(
                        blank=True, null=True, db_index=True, db_column="agency_id",
                        verbose_name="instansi",
                    ),
                ),
            ],
            state_operations=[
                migrations.RemoveField(model_name="auditentry", name="agency"),
                migrations.AddField(
                    model_name="auditentry",
                    name="agency_id",
                    field=models.BigIntegerField(
                        blank=True, db_index=True, null=True, verbose_name="instansi"
                    ),
                ),
            ],
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ResultsVersion",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True,
                                                   serialize=False, verbose_name="ID")),
                        ("agency_id", models.BigIntegerField(unique=True, verbose_name="instansi")),
                        ("token", models.BigIntegerField(verbose_name="token data")),
                        ("changed_at", models.DateTimeField(auto_now=True,
                                                            verbose_name="terakhir berubah")),
                    ],
                    options={
                        "verbose_name": "versi data hasil",
                        "verbose_name_plural": "versi data hasil",
                        "db_table": "evaluation_resultsversion",
                    },
                ),
            ],
        ),
    ]
