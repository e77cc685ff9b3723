"""Drop the portfolio row's index on ``reporting_org_id`` alone: the (reporting_org_id,
gender_marker) index serves its lookups, and an import writes one index fewer per activity
(docs/performance.md, "Issue 16, twelfth session").

Dropped by the name Django gave it, as in activities 0011: AlterField would copy the table on
SQLite.
"""

import django.db.models.deletion
from django.db import migrations, models

TABLE, COLUMN = "mainstreaming_reviewstate", "reporting_org_id"


def _index_name(schema_editor) -> str:
    """The name Django gave the foreign key's index (the same on SQLite and PostgreSQL)."""
    return schema_editor.quote_name(schema_editor._create_index_name(TABLE, [COLUMN], suffix=""))


def drop_index(apps, schema_editor) -> None:
    schema_editor.execute(f"DROP INDEX IF EXISTS {_index_name(schema_editor)}")


def create_index(apps, schema_editor) -> None:
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {_index_name(schema_editor)} "
        f"ON {schema_editor.quote_name(TABLE)} ({schema_editor.quote_name(COLUMN)})"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("mainstreaming", "0008_flag_message_ids"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop_index, create_index)],
            state_operations=[
                migrations.AlterField(
                    model_name="reviewstate",
                    name="reporting_org",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="activities.organisation",
                    ),
                ),
            ],
        ),
    ]
