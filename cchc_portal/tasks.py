import socket

from celery import shared_task


@shared_task(name="cchc_portal.ping")
def ping() -> dict:
    """Answers with the worker's host name: proves a worker takes work from the broker."""
    return {"pong": True, "hostname": socket.gethostname()}


@shared_task(name="cchc_portal.dispatch_pending_jobs", ignore_result=True)
def dispatch_pending_jobs() -> int:
    from cchc_portal.jobs import jobs_dispatch_pending

    return jobs_dispatch_pending()
