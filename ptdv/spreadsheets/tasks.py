"""Background work of imports: analysis and commit run in the Huey worker; stalled commits resume."""

import datetime as dt

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from ptdv.spreadsheets import services
from ptdv.spreadsheets.models import ImportJob, ImportStatus

STALLED_AFTER = dt.timedelta(minutes=10)


@db_task()
def analyse_import(job_id: int) -> None:
    job = ImportJob.objects.get(pk=job_id)
    if job.status == ImportStatus.ANALYSING:
        services.import_analyse(job)


@db_task()
def commit_import(job_id: int) -> None:
    """Commit one import; a lock keeps two workers off the same job."""
    with HUEY.lock_task(f"import-commit-{job_id}"):
        job = ImportJob.objects.get(pk=job_id)
        if job.status == ImportStatus.COMMITTING:
            services.import_commit(job)


@db_periodic_task(crontab(minute="*/5"))
def resume_stalled_imports() -> None:
    """A commit whose worker died (restart, crash) carries on from its first pending row."""
    stalled = ImportJob.objects.filter(
        status=ImportStatus.COMMITTING, heartbeat_at__lt=timezone.now() - STALLED_AFTER
    ).values_list("pk", flat=True)
    for job_id in stalled:
        commit_import(job_id)
