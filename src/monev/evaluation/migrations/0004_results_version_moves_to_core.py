"""The data token (`ResultsVersion`) moves to core (decision 0018): its table stays, its agency
becomes a plain id column (the foreign key constraint is dropped, the values kept); the model
leaves evaluation's state and core's migration 0005 takes it over."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0003_results_version"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterField(
                    model_name="resultsversion",
                    name="agency",
                    field=models.BigIntegerField(
                        db_column="agency_id", unique=True, verbose_name="instansi"
                    ),
                ),
            ],
            state_operations=[migrations.DeleteModel(name="ResultsVersion")],
        ),
    ]
