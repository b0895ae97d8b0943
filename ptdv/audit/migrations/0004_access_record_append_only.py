"""The database refuses to change access records (and, on PostgreSQL, to delete them)."""

from django.db import migrations

PG_UP = """
CREATE OR REPLACE FUNCTION audit_access_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_accessrecord is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_accessrecord_append_only BEFORE UPDATE OR DELETE ON audit_accessrecord
  FOR EACH ROW EXECUTE FUNCTION audit_access_append_only();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS audit_accessrecord_append_only ON audit_accessrecord;
DROP FUNCTION IF EXISTS audit_access_append_only();
"""
# As for audit events: SQLite test flushes empty tables with DELETE, so only updates are refused there.
SQLITE_UP = """
CREATE TRIGGER audit_accessrecord_no_update BEFORE UPDATE ON audit_accessrecord
BEGIN SELECT RAISE(ABORT, 'audit_accessrecord is append-only'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS audit_accessrecord_no_update;"


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_UP)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DOWN)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_access_record")]
    operations = [migrations.RunPython(forwards, backwards)]
