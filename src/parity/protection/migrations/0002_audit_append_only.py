"""The database itself refuses to change or delete audit entries, not only the ORM.

PostgreSQL: a trigger refuses UPDATE and DELETE on every row. SQLite: a trigger refuses UPDATE
(DELETE stays possible there, because Django empties SQLite tables with DELETE in tests; a
deleted entry is still caught by `parity audit-verify`). Someone who owns the database can drop
or disable a trigger: the hash chain is what catches that.
"""

from django.db import migrations

TABLE = "protection_auditentry"
NAME = "protection_audit_append_only"

POSTGRES = [
    f"""CREATE OR REPLACE FUNCTION {NAME}() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = 'the protection audit log is append-only: ' || TG_OP || ' refused';
END;
$$ LANGUAGE plpgsql""",
    f"CREATE TRIGGER {NAME} BEFORE UPDATE OR DELETE ON {TABLE} "
    f"FOR EACH ROW EXECUTE FUNCTION {NAME}()",
]
SQLITE = f"""
CREATE TRIGGER {NAME} BEFORE UPDATE ON {TABLE}
BEGIN
    SELECT RAISE(ABORT, 'the protection audit log is append-only: UPDATE refused');
END;
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for statement in POSTGRES:
            schema_editor.execute(statement)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {NAME} ON {TABLE}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {NAME}()")
    elif vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("protection", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
