"""Celery tasks of meetings: thin, taking dates, calling a service, safe to run twice."""

from __future__ import annotations

import datetime as dt

from celery import shared_task


@shared_task(
    name="meetings.send_task_reminders",
    bind=True,
    ignore_result=False,
    max_retries=3,
    default_retry_delay=15 * 60,
)
def send_task_reminders(self, day: str | None = None) -> dict:
    """The morning digest (beat, 07:00). `day` is ISO (2019-06-13); default today.

    Running twice sends nothing new (ReminderLog is unique per unit and day), so a retry after a
    mail server failure only sends what is still missing."""
    from meetings.services import reminders_send

    run = reminders_send(day=dt.date.fromisoformat(day) if day else None)
    result = {
        "day": run.day.isoformat(),
        "sent": [entry.agency.code for entry in run.sent],
        "already_sent": [a.code for a in run.already_sent],
        "no_address": [a.code for a in run.no_address],
        "failed": [a.code for a in run.failed],
    }
    if run.failed:
        raise self.retry()
    return result
