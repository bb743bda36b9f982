"""The morning digest: one mail per unit and day, however often the job runs."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from meetings import services
from meetings.models import ReminderLog
from meetings.tasks import send_task_reminders
from tests.factories import AgencyFactory

D = dt.date
TODAY = D(2019, 9, 25)


@pytest.fixture
def tasks(units, make_task, frozen, people, sec):
    """OWN: one overdue, one due in 5 days, one due in 20 days, one done; OTHER: one due in 2 days."""
    own, other = units
    frozen(D(2019, 6, 20))
    overdue = make_task(lead=own, title="Hoàn thiện quy hoạch cán bộ", deadline=D(2019, 9, 1))
    soon = make_task(lead=own, title="Đánh giá Trung tâm HCC", deadline=D(2019, 9, 30))
    make_task(lead=own, title="Tuyển dụng công chức", deadline=D(2019, 10, 15))
    finished = make_task(lead=own, title="Nhiệm vụ đã xong", deadline=D(2019, 9, 26))
    request = services.task_completion_request(task_id=finished.pk, by=people["staff"], completed_on=D(2019, 6, 20))
    services.task_completion_confirm(request_id=request.pk, by=sec)
    make_task(lead=other, title="Rà soát nguồn thu", deadline=D(2019, 9, 27))
    frozen(TODAY, hour=7)
    return overdue, soon


def test_each_unit_gets_one_digest_of_its_overdue_and_soon_due_tasks_in_vietnamese(tasks, units):
    own, other = units
    run = services.reminders_send()
    assert run.day == TODAY
    assert {entry.agency for entry in run.sent} == {own, other}
    assert len(mail.outbox) == 2
    message = next(m for m in mail.outbox if m.to == ["own@example.gov.vn"])
    assert "Hoàn thiện quy hoạch cán bộ" in message.body and "Đánh giá Trung tâm HCC" in message.body
    assert "Tuyển dụng công chức" not in message.body  # due in 20 days, beyond TASK_REMINDER_DAYS
    assert "Nhiệm vụ đã xong" not in message.body
    assert "25/09/2019" in message.subject
    assert "quá hạn" in message.subject.lower() and "quá hạn" in message.body.lower()  # Vietnamese
    assert "24 ngày" in message.body or "24" in message.body  # 01/09 → 25/09
    entry = ReminderLog.objects.get(agency=own)
    assert (entry.day, entry.overdue_count, entry.due_soon_count) == (TODAY, 1, 1)
    assert entry.recipients == "own@example.gov.vn" and entry.body == message.body


def test_running_twice_sends_nothing_more(tasks):
    services.reminders_send()
    again = services.reminders_send()
    assert again.sent == [] and len(again.already_sent) == 2
    assert len(mail.outbox) == 2
    assert ReminderLog.objects.count() == 2


def test_the_next_day_sends_again(tasks, frozen):
    services.reminders_send()
    frozen(TODAY + dt.timedelta(days=1), hour=7)
    services.reminders_send()
    assert len(mail.outbox) == 4


def test_the_database_itself_refuses_a_second_digest_for_a_unit_and_day(tasks, units):
    services.reminders_send()
    with pytest.raises(IntegrityError), transaction.atomic():
        ReminderLog.objects.create(
            agency=units[0],
            day=TODAY,
            sent_at=dt.datetime(2019, 9, 25, tzinfo=dt.UTC),
            recipients="x@y.vn",
            subject="x",
            body="x",
            due_soon_count=0,
            overdue_count=0,
        )


def test_a_failed_mail_is_not_recorded_and_goes_out_on_the_next_run(tasks, units, monkeypatch):
    from django.core.mail import EmailMessage

    real_send = EmailMessage.send

    def broken(self, *args, **kwargs):
        if "own@" in self.to[0]:
            raise ConnectionRefusedError("SMTP down")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", broken)
    run = services.reminders_send()
    assert [a.code for a in run.failed] == ["OWN"] and len(run.sent) == 1
    assert not ReminderLog.objects.filter(agency=units[0]).exists()
    monkeypatch.setattr(EmailMessage, "send", real_send)
    run = services.reminders_send()
    assert [e.agency.code for e in run.sent] == ["OWN"]
    assert len(mail.outbox) == 2


def test_units_without_an_address_or_closed_are_skipped(tasks, units, make_task, frozen):
    own, other = units
    other.contact_emails = ""
    other.save()
    closed = AgencyFactory(code="CLOSED", closed_on=D(2019, 9, 1))
    frozen(D(2019, 6, 20))
    make_task(lead=closed, deadline=D(2019, 8, 1))
    frozen(TODAY, hour=7)
    run = services.reminders_send()
    assert [e.agency for e in run.sent] == [own]
    assert run.no_address == [other]
    assert not ReminderLog.objects.filter(agency=closed).exists()


def test_reminder_days_is_a_setting(tasks, settings):
    settings.TASK_REMINDER_DAYS = 30
    services.reminders_send()
    own_mail = next(m for m in mail.outbox if m.to == ["own@example.gov.vn"])
    assert "Tuyển dụng công chức" in own_mail.body


def test_the_command_and_the_celery_task_run_the_same_service_safely_twice(tasks):
    out = io.StringIO()
    call_command("send_task_reminders", stdout=out)
    assert "2 digest(s) sent" in out.getvalue()
    result = send_task_reminders.delay().get()
    assert result["sent"] == [] and sorted(result["already_sent"]) == ["OTHER", "OWN"]
    call_command("send_task_reminders", "--date", "26/09/2019", stdout=out)
    assert len(mail.outbox) == 4


def test_the_beat_schedule_runs_the_task_every_morning(settings):
    from celery.schedules import crontab

    entry = settings.CELERY_BEAT_SCHEDULE["send-task-reminders"]
    assert entry["task"] == send_task_reminders.name
    assert entry["schedule"] == crontab(hour=7, minute=0)
    assert settings.CELERY_TIMEZONE == "Asia/Ho_Chi_Minh"


def test_the_secretariat_sees_what_was_sent(client, tasks, people):
    services.reminders_send()
    client.force_login(people["secretariat"])
    body = client.get(reverse("meetings:reminders")).content.decode()
    assert "own@example.gov.vn" in body and "other@example.gov.vn" in body
    assert "Hoàn thiện quy hoạch cán bộ" in body


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_the_beat_job_through_a_real_worker_sends_once(settings):
    """The task as beat sends it, run twice by a real worker on Redis: one mail per unit."""
    from celery.contrib.testing.worker import start_worker

    from agencies.models import Role
    from cchc_portal.celery import app as celery_app
    from meetings.models import Task
    from tests.factories import UserFactory
    from tests.test_jobs_and_health import _reset_celery_connections

    unit = AgencyFactory(code="BRK", contact_emails="brk@example.gov.vn")
    sec = UserFactory(role=Role.SECRETARIAT, agency=unit)
    Task.objects.create(
        title="Nhiệm vụ", lead_agency=unit, deadline=D(2019, 9, 1), source_document="CT", created_by=sec
    )
    saved = {k: celery_app.conf[k] for k in ("broker_url", "result_backend", "task_always_eager")}
    celery_app.conf.update(broker_url=settings.REDIS_URL, result_backend=settings.REDIS_URL, task_always_eager=False)
    _reset_celery_connections()
    try:
        with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
            first = send_task_reminders.delay("2019-09-25").get(timeout=30)
            second = send_task_reminders.delay("2019-09-25").get(timeout=30)
    finally:
        celery_app.conf.update(saved)
        _reset_celery_connections()
    assert first["sent"] == ["BRK"] and second["already_sent"] == ["BRK"]
    assert ReminderLog.objects.filter(agency=unit, day=D(2019, 9, 25)).count() == 1
    assert len(mail.outbox) == 1
