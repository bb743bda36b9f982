"""Shared fixtures. Tests run on whatever DATABASE_URL / REDIS_URL name (the embedded defaults
when unset); tests that need a real broker or browser are marked and skipped only there.
With CCHC_REQUIRE_ALL=1 (set by .ci/run on the PostgreSQL + Redis pass) a skipped test fails the run."""

from __future__ import annotations

import os
import shutil

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the ORM beside Playwright's sync API

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    for item in items:
        if item.get_closest_marker("broker") and not settings.REDIS_URL:
            item.add_marker(pytest.mark.skip(reason="needs REDIS_URL (a real Redis broker)"))
        if item.get_closest_marker("browser") and not shutil.which(CHROMIUM):
            item.add_marker(pytest.mark.skip(reason=f"needs Chromium at {CHROMIUM}"))
        if item.get_closest_marker("postgres") and settings.DATABASES["default"]["ENGINE"] != (
            "django.db.backends.postgresql"
        ):
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (DATABASE_URL)"))


def pytest_sessionfinish(session, exitstatus):
    if os.environ.get("CCHC_REQUIRE_ALL") != "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped:
        if reporter:
            reporter.write_line(
                f"CCHC_REQUIRE_ALL=1: {skipped} test(s) were skipped; every test must run here.", red=True
            )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2's deliberate slowness only slows the suite; tests of login still check real passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _celery_eager(request, settings):
    """Service tests run Celery tasks in-process; tests marked `broker` use the real one."""
    from cchc_portal.celery import app

    if request.node.get_closest_marker("broker"):
        yield
        return
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def province(db):
    from agencies.models import AgencyKind
    from tests.factories import AgencyFactory

    return AgencyFactory(code="P", name="UBND tỉnh Thử nghiệm", kind=AgencyKind.PROVINCE)


@pytest.fixture
def make_user(db):
    from tests.factories import UserFactory

    def make(role: str, agency=None, **kwargs):
        return UserFactory(role=role, agency=agency, **kwargs)

    return make
