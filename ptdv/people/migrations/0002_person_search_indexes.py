"""Indexes for the people list and the name search at national scale (bench/search).

(name_key, id) serves the list's order and its first page without a sort (on PostgreSQL it carries the
organisation, so a name range is counted and scoped from the index alone); (organization, name_key) a
name range within the organisations of a province or a commune. On PostgreSQL, pg_trgm
GIN indexes let a search by part of a name find its rows without reading the table: one on the
whole key, one on the key without its first character (a match that does not start the name, see
people.selectors); SQLite has no such index and gets only the two B-tree ones.
"""

from django.db import migrations, models

PG_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS people_person_name_key_trgm ON people_person USING gin (name_key gin_trgm_ops)",
    # The expression must be the one Django writes for Substr("name_key", 2), or the planner ignores it.
    "CREATE INDEX IF NOT EXISTS people_person_name_rest_trgm "
    "ON people_person USING gin ((SUBSTRING(name_key, 2)) gin_trgm_ops)",
]
PG_DOWN = [
    "DROP INDEX IF EXISTS people_person_name_rest_trgm",
    "DROP INDEX IF EXISTS people_person_name_key_trgm",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in PG_UP:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in PG_DOWN:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["name_key", "id"], include=["organization"], name="people_person_name_id"),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["organization", "name_key"], name="people_person_org_name"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
