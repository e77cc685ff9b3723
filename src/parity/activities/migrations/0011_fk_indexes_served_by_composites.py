"""Drop the single-column indexes of two foreign keys that a composite index already serves:
transaction.activity_id by (activity_id, type), activity.reporting_org_id by (reporting_org_id,
gender_marker). An import then writes one index fewer per row of each (docs/performance.md,
"Issue 16, tenth session").

The indexes are dropped by the name Django gave them, not by AlterField: on SQLite that
would copy both tables whole, minutes on a database of a million transactions.
"""

import django.db.models.deletion
from django.db import migrations, models

SERVED = (("activities_transaction", "activity_id"), ("activities_activity", "reporting_org_id"))


def _index_name(schema_editor, table: str, column: str) -> str:
    """The name Django gave the foreign key's index (the same on SQLite and PostgreSQL)."""
    return schema_editor.quote_name(schema_editor._create_index_name(table, [column], suffix=""))


def drop_indexes(apps, schema_editor) -> None:
    for table, column in SERVED:
        schema_editor.execute(f"DROP INDEX IF EXISTS {_index_name(schema_editor, table, column)}")


def create_indexes(apps, schema_editor) -> None:
    for table, column in SERVED:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {_index_name(schema_editor, table, column)} "
            f"ON {schema_editor.quote_name(table)} ({schema_editor.quote_name(column)})"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0010_activity_updated_at_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop_indexes, create_indexes)],
            state_operations=[
                migrations.AlterField(
                    model_name="activity",
                    name="reporting_org",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="reported_activities",
                        to="activities.organisation",
                    ),
                ),
                migrations.AlterField(
                    model_name="transaction",
                    name="activity",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="transactions",
                        to="activities.activity",
                    ),
                ),
            ],
        ),
    ]
