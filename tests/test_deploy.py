"""Deployment files: the compose file validates on a clean clone, and `check --deploy` is clean.

No database is needed: both tests run subprocesses (the real compose CLI from the venv, and
manage.py with production variables).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
COMPOSE_BIN = Path(sys.executable).parent / "docker-compose"
APP_SERVICES = ("web", "worker", "beat")
ALL_SERVICES = (*APP_SERVICES, "db", "redis")


def _compose_config(tmp_path: Path) -> tuple[dict, str]:
    """`docker-compose config --format json` as a clean clone would see it.

    The compose file is copied into an empty directory and run with an environment that holds only
    PATH and HOME, so neither a developer's .env nor exported variables (SECRET_KEY, POSTGRES_PASSWORD,
    ALLOWED_HOSTS, COMPOSE_*) can make it pass.
    """
    if not COMPOSE_BIN.exists():
        pytest.skip(f"{COMPOSE_BIN} is missing (pip install -r requirements-dev.txt)")
    clone = tmp_path / "clone"
    clone.mkdir()
    for name in ("docker-compose.yml", "Dockerfile", ".dockerignore"):
        shutil.copy(REPO_ROOT / name, clone / name)
    home = tmp_path / "home"
    home.mkdir()
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home)}
    proc = subprocess.run(
        [str(COMPOSE_BIN), "-f", "docker-compose.yml", "config", "--format", "json"],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, f"compose config failed:\n{proc.stderr}"
    return json.loads(proc.stdout), proc.stderr


def test_compose_config_validates_on_a_clean_clone(tmp_path):
    config, stderr = _compose_config(tmp_path)
    # Every interpolated variable has a default: no "variable is not set" warnings without a .env.
    assert "is not set" not in stderr, stderr

    services = config["services"]
    assert set(ALL_SERVICES) <= set(services), sorted(services)

    for name in ALL_SERVICES:
        healthcheck = services[name].get("healthcheck")
        assert healthcheck, f"{name} has no healthcheck"
        assert not healthcheck.get("disable"), f"{name} disables its healthcheck"
        test = healthcheck.get("test")
        assert isinstance(test, list), f"{name} healthcheck test: {test!r}"
        assert test[0] in {"CMD", "CMD-SHELL"} and len(test) > 1, f"{name} healthcheck test: {test!r}"

    for name in APP_SERVICES:
        depends_on = services[name].get("depends_on", {})
        for dependency in ("db", "redis"):
            assert dependency in depends_on, f"{name} does not depend on {dependency}"
            assert depends_on[dependency]["condition"] == "service_healthy", (name, dependency)
        environment = services[name]["environment"]
        assert environment["DEBUG"] == "false"
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert environment["REDIS_URL"].startswith("redis://")
        # The secret key comes from the optional .env file only, never from the compose file.
        assert "SECRET_KEY" not in environment

    web_command = " ".join(services["web"]["command"])
    assert "gunicorn" in web_command
    assert "cchc_portal.wsgi:application" in web_command
    assert "migrate --noinput" in web_command
    assert "worker" in services["worker"]["command"]
    assert "beat" in services["beat"]["command"]


def _settings_variables() -> set[str]:
    source = (REPO_ROOT / "cchc_portal" / "settings.py").read_text(encoding="utf-8")
    pattern = r'(?:env_bool|env_list|env_int|os\.environ\.get|os\.getenv)\(\s*"([A-Z][A-Z0-9_]*)"'
    return set(re.findall(pattern, source))


def test_env_example_lists_every_setting_variable():
    example = (REPO_ROOT / ".env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^([A-Z][A-Z0-9_]*)=", example, flags=re.MULTILINE))
    wanted = _settings_variables()
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "DEBUG"} <= wanted  # the regex still finds them
    assert wanted - listed == set()


def test_readme_documents_every_setting_and_the_two_commands():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]*)`", readme))
    assert _settings_variables() - documented == set()
    assert "make run" in readme and "make test" in readme and "docker compose up" in readme


def test_check_deploy_is_clean_with_production_variables():
    alphabet = string.ascii_letters + string.digits + "!@%^&*(-_=+)"
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    # Set by tests/conftest.py for Playwright; a production process never has it (async.E001).
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(
        DEBUG="false",
        SECRET_KEY="".join(secrets.choice(alphabet) for _ in range(60)),
        ALLOWED_HOSTS="cchc.hagiang.gov.vn",
        DJANGO_SETTINGS_MODULE="cchc_portal.settings",
    )
    proc = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "System check identified no issues" in proc.stdout, output
