"""The one settings module of the CCHC portal.

Every value that differs between a developer's laptop and the province's server is
read from the environment; unset, each falls back to a safe development default
(SQLite, Celery tasks run in-process, mail printed to the console). `.env.example`
lists every variable, and the README explains each.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


# --- Core -------------------------------------------------------------------------------
DEBUG = env_bool("DEBUG", True)

_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-cchc-portal-0123456789"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = _DEV_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "cchc_portal.admin_apps.CchcAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "axes",
    "cchc_portal",
    "agencies",
    "periods",
    "dossiers",
    "meetings",
    "indices",
    "scores",
    "dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cchc_portal.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cchc_portal.urls"
WSGI_APPLICATION = "cchc_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cchc_portal.context_processors.navigation",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
# Unset: a SQLite file under var/ (embedded default). Set: e.g. postgres://user@host:5432/cchc
DATABASE_URL = os.environ.get("DATABASE_URL", "") or f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A page answers "database busy" less often when SQLite waits a little for the writer lock.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
else:
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "agencies.User"

# --- Authentication -------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out login before a password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "login"

# Password guessing: after AXES_FAILURE_LIMIT wrong passwords for one user name from one address,
# that pair is locked for AXES_COOLOFF_HOURS.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0)

# --- Internationalisation -----------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
# Django's own `vi` formats show 13-06-2019 and read 05/06/2019 month first; ours are d/m/Y.
FORMAT_MODULE_PATH = ["cchc_portal.formats"]

# --- Static files --------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Hashed, compressed names in production (collectstatic builds them); plain names otherwise,
# so tests and `runserver` need no collectstatic.
_STATIC_BACKEND = (
    "whitenoise.storage.CompressedManifestStaticFilesStorage"
    if env_bool("STATIC_MANIFEST", not DEBUG)
    else "django.contrib.staticfiles.storage.StaticFilesStorage"
)
# Uploaded files (meeting attachments, evidence) live outside the web root and are served by
# views that check permissions, never by a static URL.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "private"))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT)},
    },
    "staticfiles": {"BACKEND": _STATIC_BACKEND},
}

# --- Security (`check --deploy` is clean when DEBUG is off) ---------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    # Behind the reverse proxy that terminates TLS (see README, Deployment).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The health check is probed over plain HTTP by docker and load balancers.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- Mail ------------------------------------------------------------------------------------
# Unset EMAIL_HOST: mail is printed to the console (development default).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "cchc-portal@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# --- Celery ----------------------------------------------------------------------------------
# Unset REDIS_URL: tasks run in-process (eager), so a laptop needs no broker.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_RESULT_EXPIRES = 24 * 3600
# Redis down must not hang a page: fail fast (one try, short socket timeouts) and let the job
# outbox (cchc_portal.jobs) keep the work until the broker is back. Without these, .delay()
# blocks about 19 s retrying before it raises.
BROKER_TIMEOUT_SECONDS = float(os.environ.get("BROKER_TIMEOUT_SECONDS", "1"))
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_TIMEOUT_SECONDS
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": BROKER_TIMEOUT_SECONDS,
    "socket_timeout": 5,
    "max_retries": 0,
    "visibility_timeout": 3600,
}
CELERY_TASK_PUBLISH_RETRY = False
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 0}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = BROKER_TIMEOUT_SECONDS
CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": {"max_retries": 0}}
CELERY_BEAT_SCHEDULE = {
    # Re-sends work that was saved while the broker was away (cchc_portal.jobs).
    "dispatch-pending-jobs": {"task": "cchc_portal.dispatch_pending_jobs", "schedule": 60.0},
    # Each morning (CELERY_TIMEZONE, Asia/Ho_Chi_Minh) every unit gets one digest of its tasks due soon
    # and overdue; the job is safe to run twice (one mail per unit and day, meetings.ReminderLog).
    "send-task-reminders": {"task": "meetings.send_task_reminders", "schedule": crontab(hour=7, minute=0)},
}

# --- Reporting periods (Decree 09/2019/NĐ-CP) -------------------------------------------------
# decree09: a quarter runs from the 15th of the month before it to the 14th of its last month
# (art. 12); calendar: natural months and quarters, as the national service-index dashboard uses.
PERIOD_WINDOWS = os.environ.get("PERIOD_WINDOWS", "decree09")
if PERIOD_WINDOWS not in {"decree09", "calendar"}:
    raise ImproperlyConfigured("PERIOD_WINDOWS must be 'decree09' or 'calendar'.")
# Reports are due on this day of the period's last month (the Ministry of Home Affairs asks for the 20th).
PERIOD_DUE_DAY = env_int("PERIOD_DUE_DAY", 20)

# --- Meetings and tasks ------------------------------------------------------------------------
# The morning digest lists each unit's open tasks due within this many days (and those overdue).
TASK_REMINDER_DAYS = env_int("TASK_REMINDER_DAYS", 7)
# Largest meeting attachment or evidence file accepted (PDF, DOCX, XLSX), in megabytes.
ATTACHMENT_MAX_MB = env_int("ATTACHMENT_MAX_MB", 20)

# --- Demo data ---------------------------------------------------------------------------------
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "cchc-demo-2019")

# --- Forms -------------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Logging -----------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
