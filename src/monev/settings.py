"""Django settings for Monev Kinerja, read from environment variables.

Every variable is listed in `.env.example` and in README.md ("Konfigurasi"). The embedded
default is a SQLite file under `var/` with media under `var/media/`; production sets
`DATABASE_URL` to PostgreSQL and turns `DEBUG` off, which switches on the secure defaults.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from monev.core import storage_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("MONEV_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    """Return the boolean value of an environment variable ("1", "true", "yes", "on")."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    """Return a comma-separated environment variable as a list of non-empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# Django's developer pages (the yellow 404/500 pages with settings and tracebacks) only when
# asked for: a newcomer running `make demo` (DEBUG on) meets the site's own error pages.
SHOW_DEBUG_PAGES = env_bool("SHOW_DEBUG_PAGES", False)
# A development key is only accepted while DEBUG is on; production must set its own.
_DEV_SECRET_KEY = "django-insecure-monev-development-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY") or (_DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when DEBUG is off (see .env.example).")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "template_partials",
    "rest_framework",
    "knox",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "drf_spectacular",
    "monev.core",
    "monev.organization",
    "monev.accounts",
    "monev.signing",
    "monev.sop",
    "monev.planning",
    "monev.annual",
    "monev.collection",
    "monev.evaluation",
    "monev.monitoring",
    "monev.reports",
    "monev.archive",
    "django_tasks",
    "django_tasks_db",
    "monev.api",
    "monev.demo",
    "monev.notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "monev.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "monev.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "monev.core.middleware.DataTokenMiddleware",
    "monev.organization.middleware.RatingLabelsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "monev.core.middleware.RequestSizeMiddleware",
    "monev.core.middleware.SessionIdleMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "monev.accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "monev.core.middleware.HtmxVaryMiddleware",
]

ROOT_URLCONF = "monev.urls"
WSGI_APPLICATION = "monev.wsgi.application"
ASGI_APPLICATION = "monev.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "monev.core.context_processors.navigation_context",
                "monev.sop.context_processors.notifications",
            ],
            "builtins": ["monev.core.templatetags.monev"],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
# Persistent connections matter a lot on a small machine (see README, "Kinerja").
CONN_MAX_AGE = int(os.environ.get("CONN_MAX_AGE", "60"))
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'monev.sqlite3'}",
        conn_max_age=CONN_MAX_AGE,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers and one writer work side by side; IMMEDIATE avoids lock upgrades.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# The model backend; a session's user comes with their official and unit (one query).
AUTHENTICATION_BACKENDS = ["monev.accounts.backends.UserBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed sign-ins (web and API token) are limited per client address and per (address,
# username): a stranger spraying passwords is stopped, but cannot lock an official out of
# another computer (monev.accounts.signin, monev.core.ratelimit).
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))
# Reverse proxies in front of the app that append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

SESSION_COOKIE_AGE = 60 * 60 * 10  # one working day: the absolute lifetime of a session
# A session also ends after this many minutes without a request (monev.core.middleware).
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads nothing from it; the token is sent from the page

# --- Internationalisation --------------------------------------------------------------------
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "id")
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Makassar")
USE_I18N = True
USE_TZ = True
# Grouping only where a filter asks for it (|angka, |rupiah): years and codes stay "2026".
USE_THOUSAND_SEPARATOR = False

# --- Static and media files ------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"  # never served directly: every file goes through a permission check
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Every stored file (evidence, photos, logos, step outputs, report versions, archive entries)
# goes through the default storage: the local disk under MEDIA_ROOT, or with STORAGE_URL an
# S3-compatible object store shared by every app server and worker (core/storage_url.py).
STORAGE_URL = os.environ.get("STORAGE_URL", "")
STORAGES = {
    "default": storage_url.parse(STORAGE_URL) if STORAGE_URL else dict(storage_url.LOCAL),
    "staticfiles": {
        # Hashed, compressed names: `monev collectstatic` writes the manifest (production);
        # before it has run, plain names, so development and tests need no collect step.
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "monev.core.staticfiles.CollectedStaticStorage"
        )
    },
}
# Without collected files (development, tests) whitenoise serves straight from the apps.
WHITENOISE_USE_FINDERS = not (STATIC_ROOT / "staticfiles.json").exists()
for _folder in (VAR_DIR, STATIC_ROOT, MEDIA_ROOT):  # the embedded default needs them to exist
    _folder.mkdir(parents=True, exist_ok=True)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- E-mail ----------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "monev@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- REST API --------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "COERCE_DECIMAL_TO_STRING": False,
    # Per user and per address without a user (429 with Retry-After; monev.core.ratelimit).
    "DEFAULT_THROTTLE_CLASSES": [
        "monev.core.ratelimit.UserThrottle",
        "monev.core.ratelimit.AnonThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": os.environ.get("API_THROTTLE_USER", "600/min"),
        "anon": os.environ.get("API_THROTTLE_ANON", "30/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Monev Kinerja API",
    "DESCRIPTION": "API monitoring dan evaluasi internal capaian kinerja.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
}

# --- Security (secure defaults whenever DEBUG is off) ----------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_403": {"()": "monev.core.errors.OneLinePermissionDenied"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # A refusal (403) is one line, not a traceback (issue #9).
        "django.request": {"filters": ["one_line_403"]},
    },
}

# --- Monev Kinerja ---------------------------------------------------------------------------
# The demo loader refuses to run with DEBUG off unless forced (see `monev load_demo --force`).
MONEV_SITE_NAME = "Monev Kinerja"

# Uploads (README "Konfigurasi"): sizes in MB. Zip containers (DOCX/XLSX/ODF) are checked
# against the archive limits from their directory before anything is decompressed; workbooks
# for import against the sheet limits before they are loaded.
MONEV_EVIDENCE_MAX_MB = int(os.environ.get("EVIDENCE_MAX_MB", "10"))
MONEV_DOCUMENT_MAX_MB = int(os.environ.get("DOCUMENT_MAX_MB", "20"))
MONEV_ARCHIVE_MAX_ENTRIES = int(os.environ.get("ARCHIVE_MAX_ENTRIES", "5000"))
MONEV_ARCHIVE_MAX_ENTRY_MB = int(os.environ.get("ARCHIVE_MAX_ENTRY_MB", "50"))
MONEV_ARCHIVE_MAX_TOTAL_MB = int(os.environ.get("ARCHIVE_MAX_TOTAL_MB", "200"))
MONEV_ARCHIVE_MAX_RATIO = int(os.environ.get("ARCHIVE_MAX_RATIO", "150"))
MONEV_ARCHIVE_MAX_NESTED_MB = int(os.environ.get("ARCHIVE_MAX_NESTED_MB", "10"))
MONEV_XLSX_MAX_ROWS = int(os.environ.get("XLSX_MAX_ROWS", "20000"))
MONEV_XLSX_MAX_CELLS = int(os.environ.get("XLSX_MAX_CELLS", "300000"))
MONEV_XLSX_MAX_PART_MB = int(os.environ.get("XLSX_MAX_PART_MB", "20"))
# XML parts a parser holds whole (styles, docProps/core.xml …) and a DOCX's document.xml.
MONEV_XML_MAX_PART_MB = int(os.environ.get("XML_MAX_PART_MB", "2"))
MONEV_DOCX_MAX_BODY_MB = int(os.environ.get("DOCX_MAX_BODY_MB", "10"))
MONEV_IMPORT_MAX_MB = int(os.environ.get("IMPORT_MAX_MB", "10"))  # the plan workbook
# A whole request (several photos at once): refused by its Content-Length before it is read.
MONEV_REQUEST_MAX_MB = int(os.environ.get("REQUEST_MAX_MB", "100"))
# Pictures: every stored image (photos, evidence; a 50-megapixel camera fits) and the logo,
# decoded for every letterhead (core.images).
MONEV_IMAGE_MAX_PIXELS = int(os.environ.get("IMAGE_MAX_PIXELS", "50000000"))
MONEV_LOGO_MAX_PIXELS = int(os.environ.get("LOGO_MAX_PIXELS", "4000000"))
MONEV_LOGO_MAX_MB = int(os.environ.get("LOGO_MAX_MB", "2"))

# The sealed archive (SOP step 13, README "Arsip, cadangan dan pemulihan"): how long an entry is
# kept (retensi, in years from the document's date), the public address printed with the QR
# code on every page of the final document (PUBLIC_BASE_URL; PUBLIC_URL is its older name;
# no default: sealing refuses while it is unset, or a loopback address outside DEBUG), and
# how often one address may ask the verification page.
MONEV_ARCHIVE_RETENTION_YEARS = int(os.environ.get("ARCHIVE_RETENTION_YEARS", "10"))
MONEV_PUBLIC_URL = (
    (os.environ.get("PUBLIC_BASE_URL") or os.environ.get("PUBLIC_URL") or "").strip().rstrip("/")
)
MONEV_VERIFY_PER_MINUTE = int(os.environ.get("VERIFY_PER_MINUTE", "20"))
MONEV_BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", VAR_DIR / "backups"))

# --- API tokens (django-rest-knox) -----------------------------------------------------------
# Stored hashed, shown once; a token ends after API_TOKEN_IDLE_DAYS without use and at the
# latest API_TOKEN_MAX_DAYS after it was made, and with logout or any password change.
API_TOKEN_IDLE_DAYS = int(os.environ.get("API_TOKEN_IDLE_DAYS", "7"))
API_TOKEN_MAX_DAYS = int(os.environ.get("API_TOKEN_MAX_DAYS", "30"))
KNOX_TOKEN_MODEL = "accounts.ApiToken"
# knox's own migrations create its default token table even though the model is swapped for
# accounts.ApiToken; that orphan table (with a foreign key to the user) makes PostgreSQL refuse
# the test runner's TRUNCATE. Without migrations, the swapped model gets no table at all.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=min(API_TOKEN_IDLE_DAYS, API_TOKEN_MAX_DAYS)),
    "AUTO_REFRESH": True,
    "AUTO_REFRESH_MAX_TTL": timedelta(days=API_TOKEN_MAX_DAYS),
    "AUTH_HEADER_PREFIX": "Token",
}

# --- Two-factor sign-in (django-otp: TOTP and recovery codes) -------------------------------
# Users holding one of these roles must enrol before they can use the app; every user may.
# `make demo` sets it empty so the demo users sign in with their password alone.
TWO_FACTOR_REQUIRED_ROLES = env_list("TWO_FACTOR_REQUIRED_ROLES", "administrator,kepala_dinas")
OTP_TOTP_ISSUER = MONEV_SITE_NAME

# --- Headers (monev.core.middleware.SecurityHeadersMiddleware) --------------------------------
# Scripts and style sheets from the app only. `style-src-attr 'unsafe-inline'` allows the few
# computed `style="width: …%"` attributes (progress bars, tree indentation): they cannot run
# script; `<style>` elements and inline scripts stay refused.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)

# Background work (report rendering) through Django's tasks API: the django-tasks backport
# with its database backend, so the embedded default needs no extra server. Run a worker with
# `monev db_worker` (the demo starts one beside the server). Tests use the immediate backend
# unless they start a real worker.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("MONEV_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
#: A report render "running" longer than this (seconds) has lost its worker: retried or failed.
REPORT_JOB_TIMEOUT = int(os.environ.get("MONEV_REPORT_JOB_TIMEOUT", "600"))
REPORT_JOB_MAX_ATTEMPTS = 2
#: Renders waiting for a worker at most (all agencies): beyond it a new render or DOCX upload is
#: refused with a message, so a burst cannot pile up hours of work; the page shows each job's
#: place in the queue.
REPORT_QUEUE_LIMIT = int(os.environ.get("REPORT_QUEUE_LIMIT", "20"))
#: Nomor naskah of the ratified report (DOMAIN §8.3): ‹kode klasifikasi›/‹nomor urut›/‹kode
#: unit›/‹tahun›. The classification codes were reorganised (Permendagri 83/2022), so both the
#: pattern (fields {klasifikasi}, {urut}, {unit}, {tahun}, {triwulan}) and the code are settings.
REPORT_NUMBER_PATTERN = os.environ.get(
    "MONEV_REPORT_NUMBER_PATTERN", "{klasifikasi}/{urut}/{unit}/{tahun}"
)
REPORT_NUMBER_CLASSIFICATION = os.environ.get("MONEV_REPORT_NUMBER_CLASSIFICATION", "000.8.3.3")
#: The demo renders the report of each quarter at step 8 (tens of seconds). The test suite turns
#: it off: the demo's step 8 is then done by hand (an attached PDF), like a step without handler.
DEMO_RENDER_REPORTS = os.environ.get("MONEV_DEMO_RENDER_REPORTS", "true").lower() == "true"

# --- Secrets kept outside the database (docs/decisions/0014-backup-and-audit-keys.md) ---------
# The audit chain key (HMAC of every audit entry): AUDIT_CHAIN_KEY, else the file
# AUDIT_CHAIN_KEY_FILE, created with a new random key on first use. It must never change.
MONEV_AUDIT_CHAIN_KEY = os.environ.get("AUDIT_CHAIN_KEY", "")
MONEV_AUDIT_CHAIN_KEY_FILE = Path(
    os.environ.get("AUDIT_CHAIN_KEY_FILE", VAR_DIR / "keys" / "audit-chain.key")
)
# The backup key (encrypts and authenticates every backup): BACKUP_KEY, else the file
# BACKUP_KEY_FILE. With DEBUG on (the demo) a missing file is created; otherwise `monev backup`
# refuses until it is set. Without it no backup can be read: keep copies off the machine.
MONEV_BACKUP_KEY = os.environ.get("BACKUP_KEY", "")
MONEV_BACKUP_KEY_FILE = Path(os.environ.get("BACKUP_KEY_FILE", VAR_DIR / "keys" / "backup.key"))
# --- Electronic signatures (SPEC §15, docs/decisions/0022-electronic-signatures.md) -----------
# BSrE (BSSN) signing API: base URL and the client id/secret of HTTP basic authentication; empty
# URL = BSrE not used (the agency seal, when uploaded, signs instead). The verifier address is
# printed in the footer sentence of documents signed through BSrE (DOMAIN §13: a setting, not text).
MONEV_BSRE_URL = os.environ.get("BSRE_URL", "").strip().rstrip("/")
MONEV_BSRE_CLIENT_ID = os.environ.get("BSRE_CLIENT_ID", "")
MONEV_BSRE_CLIENT_SECRET = os.environ.get("BSRE_CLIENT_SECRET", "")
MONEV_BSRE_TIMEOUT = float(os.environ.get("BSRE_TIMEOUT", "30"))
MONEV_BSRE_VERIFIER_URL = os.environ.get("BSRE_VERIFIER_URL", "https://tte.komdigi.go.id/verifyPDF")
#: How often (seconds, doubling) a pengesahan sealed while BSrE was down asks BSrE again.
MONEV_BSRE_RETRY_SECONDS = int(os.environ.get("BSRE_RETRY_SECONDS", "900"))
MONEV_BSRE_RETRY_MAX = int(os.environ.get("BSRE_RETRY_MAX", "12"))
# The agency seal's key is kept encrypted with a key derived from SIGNING_KEY (else SECRET_KEY).
MONEV_SIGNING_KEY = os.environ.get("SIGNING_KEY", "")
# An RFC 3161 timestamp authority for the seal (PAdES B-T); empty = B-B.
MONEV_SIGNING_TSA_URL = os.environ.get("SIGNING_TSA_URL", "")
# Trust roots for validating signatures (a PEM file of certificates: BSrE's root, the
# agency's CA); empty = no signature is shown as trusted.
MONEV_SIGNING_TRUST_ROOTS = os.environ.get("SIGNING_TRUST_ROOTS", "")

# --- Notification channels (issue #23): besides the in-app bell and e-mail, a Telegram bot and
# a WhatsApp gateway, each used only when configured here and chosen by the user on their
# profile. Links in the messages use MONEV_PUBLIC_URL. A failed send is retried by
# `monev send_reminders` with growing pauses, NOTIFY_MAX_ATTEMPTS times in all.
MONEV_TELEGRAM_BOT_TOKEN = os.environ.get("TELEGRAM_BOT_TOKEN", "")
MONEV_TELEGRAM_BOT_USERNAME = os.environ.get("TELEGRAM_BOT_USERNAME", "").lstrip("@")
MONEV_TELEGRAM_API_URL = os.environ.get("TELEGRAM_API_URL", "https://api.telegram.org").rstrip("/")
#: Set it (and `setWebhook` to /notifikasi/telegram/webhook/ with this secret_token) to link
#: accounts at once instead of by `monev telegram_poll`; empty = the webhook answers 404.
MONEV_TELEGRAM_WEBHOOK_SECRET = os.environ.get("TELEGRAM_WEBHOOK_SECRET", "")
MONEV_WHATSAPP_GATEWAY_URL = os.environ.get("WHATSAPP_GATEWAY_URL", "")
MONEV_WHATSAPP_GATEWAY_TOKEN = os.environ.get("WHATSAPP_GATEWAY_TOKEN", "")
MONEV_NOTIFY_TIMEOUT = float(os.environ.get("NOTIFY_TIMEOUT", "5"))
MONEV_NOTIFY_MAX_ATTEMPTS = int(os.environ.get("NOTIFY_MAX_ATTEMPTS", "6"))
