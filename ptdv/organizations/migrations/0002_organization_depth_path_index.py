"""An index for "the top levels of a scope, in tree order" (the people list's organisation filter).

Plain SQL that SQLite and PostgreSQL both accept; it stays out of the model state like the other
performance-only indexes of bench/search.
"""

from django.db import migrations

UP = "CREATE INDEX IF NOT EXISTS organizations_org_depth_path ON organizations_organization (depth, path)"
DOWN = "DROP INDEX IF EXISTS organizations_org_depth_path"


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]
    operations = [migrations.RunSQL(UP, DOWN)]
