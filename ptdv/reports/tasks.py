"""Background work of the reports: keeping the pipeline snapshots of the centre and provinces fresh."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task

from ptdv.organizations.models import Organization
from ptdv.reports.progress import refresh_pipeline_snapshot
from ptdv.reports.selectors import default_period


@db_periodic_task(crontab(minute="*/10"))
def refresh_pipeline_snapshots() -> None:
    """Recompute the default dashboard's pipeline of every tallied organisation before it expires."""
    with HUEY.lock_task("pipeline-snapshots"):
        period = default_period(timezone.localdate())
        for org in Organization.objects.filter(tally_state__ready=True, valid_to__isnull=True).order_by(
            "path"
        ):
            refresh_pipeline_snapshot(org, period)
