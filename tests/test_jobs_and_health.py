"""Health check, and enqueued work when the broker is down, up, or run in-process."""

from __future__ import annotations

import time

import pytest
from celery.result import AsyncResult
from django.core.management import call_command
from django.urls import reverse

from agencies.models import Role
from cchc_portal import health
from cchc_portal.celery import app as celery_app
from cchc_portal.jobs import enqueue, jobs_dispatch_pending
from cchc_portal.models import Job, JobState
from cchc_portal.tasks import ping
from tests.factories import UserFactory

DEAD_BROKER = "redis://127.0.0.1:6390/0"  # nothing listens there


def _reset_celery_connections() -> None:
    # Celery caches its connection pools and result backend; drop them so a new URL takes effect.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app._local.__dict__.pop("backend", None)


@pytest.fixture
def dead_broker(settings):
    """The portal configured for a Redis broker that is down."""
    saved = {k: celery_app.conf[k] for k in ("broker_url", "result_backend", "task_always_eager")}
    settings.REDIS_URL = DEAD_BROKER
    celery_app.conf.update(broker_url=DEAD_BROKER, result_backend=DEAD_BROKER, task_always_eager=False)
    _reset_celery_connections()
    yield
    celery_app.conf.update(saved)
    _reset_celery_connections()


def test_healthz_with_embedded_defaults(client, settings, db):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "disabled"}


def test_healthz_says_when_the_broker_is_down_and_answers_quickly(client, db, dead_broker):
    started = time.monotonic()
    response = client.get("/healthz")
    assert time.monotonic() - started < 2
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "down"}


def test_healthz_is_503_when_the_database_is_down(client, monkeypatch, settings):
    settings.REDIS_URL = ""

    class BrokenConnection:
        def cursor(self):
            from django.db import OperationalError

            raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(health, "connection", BrokenConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "down", "broker": "disabled"}


@pytest.mark.django_db(transaction=True)
def test_a_page_that_enqueues_work_answers_fast_and_keeps_the_work_when_redis_is_down(client, dead_broker):
    admin = UserFactory(role=Role.ADMIN)
    client.force_login(admin)
    started = time.monotonic()
    response = client.post(reverse("system-status"), follow=True)
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert elapsed < 2, f"the page took {elapsed:.1f} s"
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1
    assert "không bị mất" in messages[0], messages  # "saved ... nothing is lost", in Vietnamese
    job = Job.objects.get()
    assert job.state == JobState.PENDING and job.task_name == "cchc_portal.ping" and job.attempts == 1
    assert job.created_by == admin
    # Still down: the re-dispatcher leaves it waiting, and says so quickly.
    assert jobs_dispatch_pending() == 0
    job.refresh_from_db()
    assert job.state == JobState.PENDING and job.attempts == 2 and job.last_error


@pytest.mark.django_db(transaction=True)
def test_in_process_mode_runs_the_work_at_once(client, settings):
    settings.REDIS_URL = ""
    client.force_login(UserFactory(role=Role.SECRETARIAT))
    response = client.post(reverse("system-status"), follow=True)
    assert response.status_code == 200
    job = Job.objects.get()
    assert job.state == JobState.SENT and job.sent_at is not None


def test_celery_ping_in_process(capsys, db):
    call_command("celery_ping")
    assert "pong from" in capsys.readouterr().out


# --- With the real Redis broker and a real worker ---------------------------------------------


@pytest.fixture
def real_worker(settings):
    from celery.contrib.testing.worker import start_worker

    assert settings.REDIS_URL, "broker tests run with REDIS_URL set"
    celery_app.conf.update(broker_url=settings.REDIS_URL, result_backend=settings.REDIS_URL, task_always_eager=False)
    _reset_celery_connections()
    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        yield


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_celery_ping_gets_its_answer_from_a_real_worker(real_worker, capsys):
    call_command("celery_ping", timeout=20)
    out = capsys.readouterr().out
    assert "pong from" in out and "[broker]" in out


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_work_saved_while_redis_was_down_runs_once_it_is_back(settings, real_worker):
    # Saved while the broker was away (state pending), as the page above leaves it.
    job = Job.objects.create(task_name=ping.name, kwargs={}, attempts=1, last_error="Connection refused")
    assert jobs_dispatch_pending() == 1
    job.refresh_from_db()
    assert job.state == JobState.SENT
    result = AsyncResult(f"job-{job.pk}-2", app=celery_app).get(timeout=20)
    assert result["pong"] is True


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_enqueue_hands_work_to_the_real_broker(real_worker):
    job = enqueue(ping)  # autocommit: published at once
    job.refresh_from_db()
    assert job.state == JobState.SENT
    assert AsyncResult(f"job-{job.pk}-1", app=celery_app).get(timeout=20)["pong"] is True
