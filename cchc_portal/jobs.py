"""Enqueue Celery work without hanging a page or losing the work when the broker is down."""

from __future__ import annotations

import logging
from typing import Any

from celery import Task, current_app
from django.db import transaction
from django.utils import timezone

from cchc_portal.models import Job, JobState

log = logging.getLogger(__name__)


def job_dispatch(*, job_id: int) -> bool:
    """Publish one saved job to the broker. True when the broker took it.

    Safe to call twice: a job already sent is not sent again; tasks themselves are
    written to be safe if a crash between publishing and marking sends one twice.
    """
    job = Job.objects.filter(pk=job_id, state=JobState.PENDING).first()
    if job is None:
        return True
    if job.task_name not in current_app.tasks:
        current_app.loader.import_default_modules()  # registers every app's tasks.py
    task = current_app.tasks[job.task_name]
    try:
        # Honours CELERY_TASK_ALWAYS_EAGER (embedded defaults run the task right here).
        task.apply_async(kwargs=job.kwargs, task_id=f"job-{job.pk}-{job.attempts + 1}")
    except Exception as exc:  # noqa: BLE001 - any broker failure leaves the job pending
        log.warning("Broker unavailable, job %s kept for later: %s", job.pk, exc)
        Job.objects.filter(pk=job.pk).update(attempts=job.attempts + 1, last_error=str(exc)[:2000])
        return False
    Job.objects.filter(pk=job.pk).update(
        state=JobState.SENT, attempts=job.attempts + 1, sent_at=timezone.now(), last_error=""
    )
    return True


def enqueue(task: Task, *, created_by=None, **kwargs: Any) -> Job:
    """Save the job, then publish it once the surrounding transaction commits.

    Returns the Job; after the commit `job.state` tells whether the broker took it, so a page
    can say "queued" or "saved, will be sent when the queue is back".
    """
    job = Job.objects.create(task_name=task.name, kwargs=kwargs, created_by=created_by)

    def _publish() -> None:
        job_dispatch(job_id=job.pk)
        job.refresh_from_db(fields=["state", "attempts", "last_error", "sent_at"])

    transaction.on_commit(_publish)
    return job


def jobs_dispatch_pending(*, limit: int = 500) -> int:
    """Send every job still waiting for the broker. Returns how many went out."""
    sent = 0
    for job_id in (
        Job.objects.filter(state=JobState.PENDING).order_by("created_at").values_list("pk", flat=True)[:limit]
    ):
        if job_dispatch(job_id=job_id):
            sent += 1
        else:
            break  # the broker is still away; try again on the next beat
    return sent
