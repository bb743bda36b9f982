# syntax=docker/dockerfile:1
# The CCHC portal image: one image for the web (gunicorn), worker and beat (Celery) services.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    STATIC_ROOT=/app/staticfiles \
    PRIVATE_MEDIA_ROOT=/app/var/private

# An unprivileged user runs every process; the code stays owned by root (read-only to it).
RUN groupadd --system --gid 1000 app \
    && useradd --system --uid 1000 --gid app --home-dir /home/app --create-home --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY . .

# Hashed, compressed static files for whitenoise. The key is a build-time dummy on this RUN only:
# settings refuse to load without one when DEBUG is off; the real key comes from the runtime environment.
# Settings create var/ (SQLite default) on import; the writable directories then go to the app user,
# and the named volumes mounted on them (private media, beat schedule) start with that ownership.
RUN DEBUG=false SECRET_KEY=build-time-dummy-key-not-used-at-runtime python manage.py collectstatic --noinput \
    && mkdir -p /app/var/private /app/var/beat \
    && chown -R app:app /app/var

USER app

EXPOSE 8000

CMD ["gunicorn", "cchc_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
