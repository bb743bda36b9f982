"""The Celery app. Configuration comes from Django settings (CELERY_* names)."""

import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc_portal.settings")

app = Celery("cchc_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def _dispatch_saved_work(**_kwargs) -> None:
    # Work saved while the broker was away goes out as soon as a worker is back.
    from cchc_portal.tasks import dispatch_pending_jobs

    dispatch_pending_jobs.delay()
