"""An index on membership events by kind and date, for the days a dashboard counts around the tallies.

The tallies hold whole months; the days before the first whole month and after the last one (this
month, so far) are counted from the events themselves, by date. The index lives here, with the design
that needs it, as plain SQL both databases understand (the people models do not declare it).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("tallies", "0001_initial"), ("people", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS tallies_event_kind_date ON people_membershipevent (kind, date)",
            "DROP INDEX IF EXISTS tallies_event_kind_date",
        )
    ]
