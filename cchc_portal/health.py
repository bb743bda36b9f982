"""Is the database up, is the broker up? For /healthz and the system page."""

from __future__ import annotations

from django.conf import settings
from django.db import connection


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any failure means "down"
        return "down"
    return "ok"


def broker_status() -> str:
    if not settings.REDIS_URL:
        return "disabled"
    import redis

    client = redis.Redis.from_url(
        settings.REDIS_URL,
        socket_connect_timeout=settings.BROKER_TIMEOUT_SECONDS,
        socket_timeout=settings.BROKER_TIMEOUT_SECONDS,
    )
    try:
        client.ping()
    except Exception:  # noqa: BLE001 - any failure means "down"
        return "down"
    finally:
        client.close()
    return "ok"
