"""Harbour settings. Every value comes from the environment (docs/configuration.md lists them all);
with nothing set, Harbour runs on SQLite in WAL mode with safe defaults."""

import base64
import secrets
from pathlib import Path

from django.utils.csp import CSP

from harbour.lib.env import (
    ConfigError,
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_secret,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("HARBOUR_DATA_DIR", str(BASE_DIR.parent / "var"))).resolve()


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in the data folder."""
    key = env_secret("SECRET_KEY")
    if key:
        if len(key) < 50 or key.startswith("django-insecure"):
            raise ConfigError("SECRET_KEY must be at least 50 random characters")
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(64))
    return path.read_text().strip()


SECRET_KEY = _secret_key()


def _kept_key(keys: str, filename: str) -> tuple[str, bool]:
    """A key list from the environment (comma-separated, first current), else one key generated once
    into the data folder for the local demo. Returns the keys and whether they were generated."""
    if keys:
        return keys, False
    path = DATA_DIR / filename
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii"))
    return path.read_text().strip(), True


# Platform credentials are encrypted with this key, kept apart from SECRET_KEY (docs/security.md H1);
# a malformed key is a system check error (harbour.channels.checks).
HARBOUR_CREDENTIALS_KEY, HARBOUR_CREDENTIALS_KEY_GENERATED = _kept_key(
    env_secret("HARBOUR_CREDENTIALS_KEY"), "credentials_key"
)
# Seals the audit chain and signs its checkpoints (docs/audit.md): outside the database, so that whoever
# can write the database cannot rewrite the log unseen. A malformed key is a system check error.
HARBOUR_AUDIT_KEY, HARBOUR_AUDIT_KEY_GENERATED = _kept_key(env_secret("HARBOUR_AUDIT_KEY"), "audit_key")
DEBUG = env_bool("DEBUG", False)
# HTTPS is the default; `harbour run` on 127.0.0.1 switches it off for the local demo only.
HTTPS = env_bool("HARBOUR_HTTPS", True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_NAME = env_str("HARBOUR_SITE_NAME", "Harbour")
# The address the internet reaches Harbour at ("https://harbour.example.org"), for what is made without a
# request: the signed media addresses that Instagram and Threads fetch a post's images from
# (harbour/publishing/public_media.py), open for HARBOUR_PUBLIC_MEDIA_SECONDS. "" where nothing needs it.
HARBOUR_SITE_URL = env_str("HARBOUR_SITE_URL", "").rstrip("/")
if HARBOUR_SITE_URL and not HARBOUR_SITE_URL.startswith(("https://", "http://")):
    raise ConfigError("HARBOUR_SITE_URL must start with https:// (or http:// for a local trial)")
HARBOUR_PUBLIC_MEDIA_SECONDS = env_int("HARBOUR_PUBLIC_MEDIA_SECONDS", 3600, minimum=60)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",  # the form renderer reads Django's widget templates through TEMPLATES
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_htmx",
    "django_tasks_db",
    "harbour.accounts",
    "harbour.audit",
    "harbour.console",
    "harbour.channels",
    "harbour.inbox",
    "harbour.jobs",
    "harbour.responses",
    "harbour.moderation",
    "harbour.rota",
    "harbour.replies",
    "harbour.safeguarding",
    "harbour.publishing",
    "harbour.consent",
    "harbour.consultation",
    "harbour.privacy",
    "harbour.dashboard",
    "harbour.planning",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "harbour.console.middleware.HardeningMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "harbour.accounts.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "harbour.accounts.middleware.CurrentMembershipMiddleware",
    "harbour.accounts.middleware.RefusalAuditMiddleware",
    "harbour.accounts.middleware.AccountGateMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "harbour.urls"
WSGI_APPLICATION = "harbour.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "harbour.console.context_processors.console",
                "harbour.accounts.context_processors.accounts",
            ],
        },
    }
]
FORM_RENDERER = "harbour.forms.GovukFormRenderer"

# Database: SQLite in WAL mode unless DATABASE_URL says otherwise.
_database_url = env_str("DATABASE_URL")
if _database_url:
    DATABASES = {"default": database_from_url(_database_url)}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "harbour.sqlite3",
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Tests use a file too: an in-memory database takes table locks that ignore the busy timeout.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so web and worker queue rather than fail.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work: Django's tasks API on the database queue; Celery on Redis by configuration
# (harbour/jobs/celery.py holds the rest of Celery's configuration). `harbour worker` runs either.
_task_backend = env_str("HARBOUR_TASK_BACKEND", "database")
if _task_backend == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
elif _task_backend == "celery":
    CELERY_BROKER_URL = CELERY_RESULT_BACKEND = env_secret("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
    TASKS = {
        "default": {
            "BACKEND": "django_tasks_celery.CeleryBackend",
            "OPTIONS": {"CELERY_APP": "harbour.jobs.celery.app"},
        }
    }
elif _task_backend == "immediate":
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
else:
    raise ConfigError("HARBOUR_TASK_BACKEND must be database, celery or immediate")
# /readyz fails when a due task has waited longer than this (no worker running, or it is stuck).
HARBOUR_READY_TASK_MINUTES = env_int("HARBOUR_READY_TASK_MINUTES", 5, minimum=1)

# Ingest: how often each active channel is polled, and how long a task may stay RUNNING before
# `harbour ingest` (or requeue_stale_tasks) assumes its worker died and queues it again.
HARBOUR_POLL_SECONDS = env_int("HARBOUR_POLL_SECONDS", 120, minimum=10)
# The screening's second stage (the sentence encoder behind the grooming, self-harm, exclusion and pile-on
# checks and the sexual classifier's head): on by default. Off, every message gets the fast path alone, about
# 17 times faster cold and 550 MB lighter per process, and those checks are read from words only
# (docs/detectors.md, "Second stage").
HARBOUR_SCREENING_SECOND_STAGE = env_bool("HARBOUR_SCREENING_SECOND_STAGE", True)
HARBOUR_TASK_LEASE_MINUTES = env_int("HARBOUR_TASK_LEASE_MINUTES", 30, minimum=1)

# Meta's platforms (Instagram, Facebook Pages, Threads): the organisation's own Meta apps, for connecting an
# account (OAuth), signing calls (appsecret_proof) and checking webhook deliveries. Without an app id the
# channel page says that connecting needs one (docs/connectors.md, "Connecting a Meta account").
HARBOUR_META_APP_ID = env_str("HARBOUR_META_APP_ID")
HARBOUR_META_APP_SECRET = env_secret("HARBOUR_META_APP_SECRET")
# Facebook Login for Business: the configuration made in the app dashboard (its permissions, token type and
# assets); "" asks for the permissions by name (classic Facebook Login's scope).
HARBOUR_META_LOGIN_CONFIG_ID = env_str("HARBOUR_META_LOGIN_CONFIG_ID")
HARBOUR_META_WEBHOOK_VERIFY_TOKEN = env_secret("HARBOUR_META_WEBHOOK_VERIFY_TOKEN")
HARBOUR_THREADS_APP_ID = env_str("HARBOUR_THREADS_APP_ID")
HARBOUR_THREADS_APP_SECRET = env_secret("HARBOUR_THREADS_APP_SECRET")
# Meta's hosts: the real ones unless pointed at the local simulator (tests, the demo).
HARBOUR_META_GRAPH_URL = env_str("HARBOUR_META_GRAPH_URL", "https://graph.facebook.com")
HARBOUR_META_DIALOG_URL = env_str("HARBOUR_META_DIALOG_URL", "https://www.facebook.com")
HARBOUR_THREADS_GRAPH_URL = env_str("HARBOUR_THREADS_GRAPH_URL", "https://graph.threads.net")
HARBOUR_THREADS_DIALOG_URL = env_str("HARBOUR_THREADS_DIALOG_URL", "https://threads.net")
for _name in ("HARBOUR_META_GRAPH_URL", "HARBOUR_META_DIALOG_URL"):
    if not globals()[_name].startswith(("https://", "http://")):
        raise ConfigError(f"{_name} must start with https:// (or http:// for the local simulator)")
for _name in ("HARBOUR_THREADS_GRAPH_URL", "HARBOUR_THREADS_DIALOG_URL"):
    if not globals()[_name].startswith(("https://", "http://")):
        raise ConfigError(f"{_name} must start with https:// (or http:// for the local simulator)")

# Accounts, passwords and sign-in.
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "harbour.accounts.passwords.CharacterMixValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "harbour.accounts.passwords.BreachedPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "console:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AXES_FAILURE_LIMIT = env_int("HARBOUR_LOCKOUT_FAILURES", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("HARBOUR_LOCKOUT_MINUTES", 30, minimum=1) / 60  # hours
# Locked per account from any address (16 wrong passwords spread over 4 addresses no longer get
# through), and per account and address (axes.W006 asks for ip_address). To keep the lock from being
# a cheap way to shut someone out for good, wrong tries during a lock do not extend it, the person is
# emailed once per lock, and resetting the password lifts it (docs/accounts-security.md).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_LOCKOUT_CALLABLE = (
    "harbour.accounts.views.sign_in.locked_out"  # renders that template with the time to retry
)
PASSWORD_RESET_TIMEOUT = 3600
# Rate limits (docs/security.md F2): name -> (attempts, per minutes). Refusals answer 429; see
# harbour.lib.ratelimit.
HARBOUR_RATE_LIMITS = {
    "sign_in_ip": (env_int("HARBOUR_RATE_SIGN_IN_PER_IP", 30, minimum=1), 15),
    "two_factor_session": (env_int("HARBOUR_RATE_TWO_FACTOR_PER_SESSION", 10, minimum=1), 15),
    "two_factor_user": (env_int("HARBOUR_RATE_TWO_FACTOR_PER_USER", 20, minimum=1), 15),
    "password_reset_ip": (env_int("HARBOUR_RATE_PASSWORD_RESET_PER_IP", 5, minimum=1), 60),
    "password_reset_email": (env_int("HARBOUR_RATE_PASSWORD_RESET_PER_EMAIL", 5, minimum=1), 60),
    "invitation_manager": (env_int("HARBOUR_RATE_INVITATIONS_PER_MANAGER", 30, minimum=1), 60),
    "enrol_email": (env_int("HARBOUR_RATE_ENROL_EMAILS_PER_USER", 5, minimum=1), 60),
    "webhook_source": (env_int("HARBOUR_RATE_WEBHOOK_PER_SOURCE", 300, minimum=1), 5),
    "consent_link_ip": (env_int("HARBOUR_RATE_CONSENT_LINK_PER_IP", 20, minimum=1), 15),
    # Polls and surveys (harbour/consultation/public_views.py): every code looked up (against guessing) and
    # every answer sent, per address; a school's pupils often share one, hence the generous defaults.
    "consultation_lookup_ip": (env_int("HARBOUR_RATE_CONSULTATION_LOOKUPS_PER_IP", 600, minimum=1), 15),
    "consultation_answer_ip": (env_int("HARBOUR_RATE_CONSULTATION_ANSWERS_PER_IP", 300, minimum=1), 15),
    # Discussion boards (harbour/consultation/boards.py): a class in one school shares one address, so the
    # per-address limits are generous and the per-person (participant token) ones tight.
    "consultation_post_ip": (env_int("HARBOUR_RATE_BOARD_POSTS_PER_IP", 120, minimum=1), 15),
    "consultation_post_token": (env_int("HARBOUR_RATE_BOARD_POSTS_PER_PERSON", 10, minimum=1), 15),
    "consultation_report_ip": (env_int("HARBOUR_RATE_BOARD_REPORTS_PER_IP", 60, minimum=1), 15),
    "consultation_report_token": (env_int("HARBOUR_RATE_BOARD_REPORTS_PER_PERSON", 10, minimum=1), 15),
    # Not a 429: how many 403s of anonymous visitors (CSRF refusals) are audited per address
    # (docs/security.md K2).
    "anonymous_refusals_audited_ip": (env_int("HARBOUR_AUDIT_ANONYMOUS_REFUSALS_PER_IP", 30, minimum=1), 15),
}
HARBOUR_INVITATION_DAYS = env_int("HARBOUR_INVITATION_DAYS", 7, minimum=1)
# An account with no authenticator this many days after it was made confirms its email before setting one up.
HARBOUR_ENROL_DAYS = env_int("HARBOUR_ENROL_DAYS", 7, minimum=1)
# Pages that need a fresh two-factor check (@recent_two_factor) ask for a code again after this long.
HARBOUR_FRESH_TWO_FACTOR_MINUTES = env_int("HARBOUR_FRESH_TWO_FACTOR_MINUTES", 15, minimum=1)
OTP_TOTP_ISSUER = SITE_NAME

# Sessions and cookies.
SESSION_COOKIE_AGE = env_int("HARBOUR_SESSION_HOURS", 12, minimum=1) * 3600  # also the absolute lifetime
HARBOUR_IDLE_MINUTES = env_int("HARBOUR_IDLE_MINUTES", 30, minimum=2)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    SESSION_COOKIE_NAME = "__Host-harbour-session"
    CSRF_COOKIE_NAME = "__Host-harbour-csrf"
    SECURE_SSL_REDIRECT = env_bool("HARBOUR_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("HARBOUR_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("HARBOUR_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading commits the whole parent domain to HTTPS for good: the domain's owner decides
        # that (HARBOUR_HSTS_PRELOAD=true), not Harbour, so `check --deploy` does not ask for it.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # probes often speak plain HTTP inside the network
# Behind one reverse proxy that sets X-Forwarded-Proto and appends to X-Forwarded-For. Without this,
# every visitor would share the proxy's address, and one lockout would lock everyone out.
HARBOUR_BEHIND_PROXY = env_bool("HARBOUR_BEHIND_PROXY", False)
if HARBOUR_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
AXES_CLIENT_IP_CALLABLE = "harbour.lib.net.client_ip"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "harbour.console.errors.csrf_failure"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Static files: built front end served by whitenoise.
STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]  # harbour.css, harbour.js and the built vendor/ front end
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DATA_DIR / "media"},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded evidence is private: it is served only through views that check access, never from a public URL.
MEDIA_ROOT = DATA_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_500_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000_000
HARBOUR_MAX_UPLOAD_BYTES = env_int("HARBOUR_MAX_UPLOAD_BYTES", 10_000_000, minimum=1)
# Uploaded images above this many pixels are refused before decoding (decompression bombs); also Pillow's cap.
# 25 megapixels: a 12 or 24 MP phone photo of a certificate, or an A4 scan at up to 500 dpi (24 MP).
HARBOUR_MAX_IMAGE_PIXELS = env_int("HARBOUR_MAX_IMAGE_PIXELS", 25_000_000, minimum=1)
# Decoding takes about 4 bytes a pixel (100 MB at the cap): at most this many at once per web process,
# and an upload waits this long for a turn before it is refused with "try again".
HARBOUR_IMAGE_DECODES_AT_ONCE = env_int("HARBOUR_IMAGE_DECODES_AT_ONCE", 1, minimum=1)
HARBOUR_IMAGE_DECODE_WAIT_SECONDS = env_int("HARBOUR_IMAGE_DECODE_WAIT_SECONDS", 10, minimum=0)
# Videos for the media library (harbour/accounts/videos.py): the largest upload, the longest (Bluesky's own
# limit), and the longer side of the picture once encoded again (720p keeps a 3-minute video near 40 MB).
HARBOUR_MAX_VIDEO_BYTES = env_int("HARBOUR_MAX_VIDEO_BYTES", 250_000_000, minimum=1)
HARBOUR_MAX_VIDEO_SECONDS = env_int("HARBOUR_MAX_VIDEO_SECONDS", 180, minimum=1)
HARBOUR_VIDEO_LONG_SIDE = env_int("HARBOUR_VIDEO_LONG_SIDE", 1280, minimum=64)

# Email: the console (printed to the log) unless HARBOUR_EMAIL_BACKEND=smtp.
_email = env_str("HARBOUR_EMAIL_BACKEND", "console")
if _email == "smtp":
    _mailer = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 587, minimum=1),
            "username": env_str("EMAIL_HOST_USER"),
            "password": env_secret("EMAIL_HOST_PASSWORD"),
            "use_tls": env_bool("EMAIL_USE_TLS", True),
            "timeout": 20,
        },
    }
elif _email == "console":
    _mailer = {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
else:
    raise ConfigError("HARBOUR_EMAIL_BACKEND must be console or smtp")
MAILERS = {"default": _mailer}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Harbour <harbour@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where people report a vulnerability (/.well-known/security.txt). A deploy check asks for it to be set.
HARBOUR_SECURITY_CONTACT = env_str("HARBOUR_SECURITY_CONTACT")
if HARBOUR_SECURITY_CONTACT and not HARBOUR_SECURITY_CONTACT.startswith(("mailto:", "https://")):
    raise ConfigError("HARBOUR_SECURITY_CONTACT must start with mailto: or https://")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "Europe/London")
USE_I18N = False
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}, "axes": {"level": "WARNING"}},
}
