"""Two more indexes for what the dashboards still count directly (docs/scaling.md).

- Events by recording unit, kind and date: a province's or a commune's admissions are read unit by
  unit (a few thousand probes that each find only the events asked for).
- Organisations by path with kind and dates: the number of grassroots organisations and cells under
  an organisation on a day is read from the index alone.
Plain SQL both databases understand, kept with the design that needs it.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("tallies", "0002_event_kind_date_index"), ("organizations", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS tallies_event_unit_kind_date "
            "ON people_membershipevent (organization_id, kind, date)",
            "DROP INDEX IF EXISTS tallies_event_unit_kind_date",
        ),
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS tallies_org_path_kind_dates "
            "ON organizations_organization (path, kind, valid_from, valid_to)",
            "DROP INDEX IF EXISTS tallies_org_path_kind_dates",
        ),
    ]
