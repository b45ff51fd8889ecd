"""Settings for Pictory Studio, configured from the environment.

Defaults run everything on one machine: SQLite, the ORM broker, the database cache and the
built-in Pictory sandbox. PostgreSQL, Redis and the real Pictory API are configuration only.
"""
from datetime import timedelta
from pathlib import Path

import dj_database_url

from .env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY") or "dev-only-secret-key-change-me-for-any-shared-deployment-0123"
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_q",
    "axes",
    "pictory_studio.apps.StudioConfig",
    # The sandbox app is added under "The built-in sandbox" below, only in sandbox mode.
    "videos",
    "templates_app",
]

MIDDLEWARE = [
    # First: one log line per request with its final status and duration.
    "pictory_studio.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before sessions and auth, so a database or Redis outage there also gets the 503 page.
    "pictory_studio.outage.OutageMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last: turns a sign-in lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pictory_studio.urls"
WSGI_APPLICATION = "pictory_studio.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "pictory_studio" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pictory_studio.context_processors.studio",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite is tuned for one web process plus one django-q2 worker: WAL lets readers run beside
# the writer, IMMEDIATE transactions take the write lock up front (no upgrade deadlocks), and
# the busy timeout waits for the lock instead of failing with "database is locked". The same
# tuning applies whether SQLite is named by SQLITE_PATH or by a sqlite:// DATABASE_URL.
SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
}
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    # Connections are kept for a minute and checked before reuse, so web processes and workers
    # reconnect by themselves after PostgreSQL restarts.
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3",
                             "NAME": env_str("SQLITE_PATH") or str(BASE_DIR / "db.sqlite3")}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions -----------------------------------------------------------------------
# The cache is shared by web and worker processes (the OAuth token, the voice list, the request
# pause after a 429). With Redis, sessions are read from it too and written through to the
# database, so a Redis restart signs nobody out.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    # Short socket timeouts: a Redis that hangs must not hold a page (the outage page says so).
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": "studio", "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 5}}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "studio_cache",
        }
    }

# --- Background workers ----------------------------------------------------------------------
# A job claimed by a worker that then died (a crash, kill -9, a lost machine) is taken back after
# this many seconds: a job whose request may have left is checked with Pictory, and the bulk
# dispatcher's lease passes to another worker. A task is stopped well before that.
STUDIO_CLAIM_TIMEOUT_SECONDS = env_int("STUDIO_CLAIM_TIMEOUT_SECONDS", 120)
Q_CLUSTER = {
    "name": "pictory_studio",
    "workers": env_int("Q_WORKERS", 2),
    # One API round trip plus a few writes; never waits on a render.
    "timeout": min(60, STUDIO_CLAIM_TIMEOUT_SECONDS // 2),
    # Must exceed timeout plus queue wait, or a running task is handed out again.
    "retry": min(180, STUDIO_CLAIM_TIMEOUT_SECONDS + 30),
    "ack_failures": True,  # at-most-once: the job lifecycle decides what is re-run
    "max_attempts": 1,
    "save_limit": 500,
    "queue_limit": 8,
    "poll": env_float("Q_POLL_SECONDS", 0.5),
    "catch_up": False,
    "cache": "default",
    "label": "Background tasks",
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"

# --- Auth ------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "videos:project_list"
LOGOUT_REDIRECT_URL = "login"

# Sign-in throttle (django-axes): after a few wrong passwords for one username from one address,
# that pair is locked for a while; other people and addresses are unaffected. Admins unlock on
# the People page or in the admin. The address is REMOTE_ADDR; behind reverse proxies set
# TRUSTED_PROXY_COUNT so the client's address is read from X-Forwarded-For instead.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("SIGN_IN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SIGN_IN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A try during the lockout neither counts nor extends it, so the time on the page holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "videos.views.people.sign_in_locked_out"
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "pictory_studio.client_address.client_address"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND") or "django.core.mail.backends.console.EmailBackend"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "urllib3": {"level": "WARNING"},
        "axes": {"level": "WARNING"},  # lockouts are still logged; every sign-in is not
        # key=value lines: one per page request and one per Pictory call (see request_log.py).
        "studio.request": {"level": "INFO"},
        "studio.pictory": {"level": "INFO"},
    },
}

# --- Pictory ---------------------------------------------------------------------------------
# With no credentials the studio talks to its own sandbox over HTTP, exactly as it would to
# the real service.
STUDIO_BASE_URL = env_str("STUDIO_BASE_URL") or "http://127.0.0.1:8000"
PICTORY_API_BASE_URL = env_str("PICTORY_API_BASE_URL")
PICTORY_API_KEY = env_str("PICTORY_API_KEY")
PICTORY_CLIENT_ID = env_str("PICTORY_CLIENT_ID")
PICTORY_CLIENT_SECRET = env_str("PICTORY_CLIENT_SECRET")
PICTORY_USER_ID = env_str("PICTORY_USER_ID")
# Picsart, for stock images in the scene editor (in sandbox mode its imitation answers).
PICSART_API_KEY = env_str("PICSART_API_KEY")
PICSART_API_BASE_URL = env_str("PICSART_API_BASE_URL") or "https://api.picsart.io"
# Through the LowCodeAPI gateway instead: its Pictory URL and the team's LowCodeAPI token.
PICTORY_GATEWAY_URL = env_str("PICTORY_GATEWAY_URL")
LOWCODEAPI_TOKEN = env_str("LOWCODEAPI_TOKEN")
PICTORY_WEBHOOK_BASE_URL = env_str("PICTORY_WEBHOOK_BASE_URL")
# Seconds between status reads of an active job; unset = 2 s against the sandbox, 10 s against
# Pictory (its docs advise 10-30 s).
PICTORY_POLL_SECONDS = env_float("PICTORY_POLL_SECONDS", 0.0) or None
# One request rate shared by every worker (0 = no limit).
PICTORY_REQUESTS_PER_SECOND = env_float("PICTORY_REQUESTS_PER_SECOND", 5.0)
PICTORY_CONNECT_TIMEOUT = env_float("PICTORY_CONNECT_TIMEOUT", 5.0)
PICTORY_READ_TIMEOUT = env_float("PICTORY_READ_TIMEOUT", 30.0)

# --- The built-in sandbox --------------------------------------------------------------------
# One switch: the sandbox (its app, tables, admin pages and URLs) exists only when no Pictory
# credentials are set. Production settings refuse to start in that case.
PICTORY_SANDBOX_ENABLED = not (PICTORY_API_KEY or (PICTORY_CLIENT_ID and PICTORY_CLIENT_SECRET)
                               or (PICTORY_GATEWAY_URL and LOWCODEAPI_TOKEN))
if PICTORY_SANDBOX_ENABLED:
    INSTALLED_APPS.append("pictory_studio.sandbox.apps.SandboxConfig")
PICTORY_SANDBOX_API_KEY = env_str("PICTORY_SANDBOX_API_KEY") or "pictai_sandbox_studio_key"
PICTORY_SANDBOX_CLIENT_ID = env_str("PICTORY_SANDBOX_CLIENT_ID") or "sandbox-client"
PICTORY_SANDBOX_CLIENT_SECRET = env_str("PICTORY_SANDBOX_CLIENT_SECRET") or "sandbox-secret"
PICTORY_SANDBOX_USER_ID = env_str("PICTORY_SANDBOX_USER_ID") or "sandbox-user"
# How the studio reaches its sandbox: with the API key ("api_key", the default) or through the
# sandbox's imitation of the LowCodeAPI gateway ("gateway"), which accepts this token and the
# gateway's new and old URL formats ("both"), or only one of them ("new", "old").
PICTORY_SANDBOX_CONNECTION = env_str("PICTORY_SANDBOX_CONNECTION") or "api_key"
PICTORY_SANDBOX_LOWCODE_TOKEN = env_str("PICTORY_SANDBOX_LOWCODE_TOKEN") or "lowcode_sandbox_token"
PICTORY_SANDBOX_GATEWAY_URL_FORMATS = env_str("PICTORY_SANDBOX_GATEWAY_URL_FORMATS") or "both"
PICTORY_SANDBOX_JOB_SECONDS = env_float("PICTORY_SANDBOX_JOB_SECONDS", 6.0)
PICTORY_SANDBOX_TOKEN_SECONDS = env_int("PICTORY_SANDBOX_TOKEN_SECONDS", 3600)
# Minimum seconds between two status reads of one job by one caller; faster gets a 429.
PICTORY_SANDBOX_MIN_POLL_SECONDS = env_float("PICTORY_SANDBOX_MIN_POLL_SECONDS", 1.0)
# Requests per minute per credential before the sandbox answers 429 (0 = no limit).
PICTORY_SANDBOX_REQUESTS_PER_MINUTE = env_int("PICTORY_SANDBOX_REQUESTS_PER_MINUTE", 600)
PICTORY_SANDBOX_REQUIRE_USER_ID = env_bool("PICTORY_SANDBOX_REQUIRE_USER_ID", False)
PICTORY_SANDBOX_BRAND_CRUD = env_bool("PICTORY_SANDBOX_BRAND_CRUD", True)
PICTORY_SANDBOX_UPLOAD_MAX_BYTES = env_int("PICTORY_SANDBOX_UPLOAD_MAX_BYTES", 1024**3)
PICTORY_SANDBOX_JOB_NOT_FOUND_STATUS = env_int("PICTORY_SANDBOX_JOB_NOT_FOUND_STATUS", 404)
PICTORY_SANDBOX_MEDIA_ROOT = MEDIA_ROOT / "sandbox"
# Small, silent renders for benchmarks and many-worker tests (the sandbox's encoding then does not
# compete with the studio it measures for the same cores).
PICTORY_SANDBOX_DRAFT_RENDERS = env_bool("PICTORY_SANDBOX_DRAFT_RENDERS", False)
# Planned answers for the next calls of the account's lists (e.g. "429,500"), then normal ones.
PICTORY_SANDBOX_LIST_FAULTS = env_str("PICTORY_SANDBOX_LIST_FAULTS")
# The sandbox's Picsart imitation (/sandbox/picsart/): its key, the credits a new account has
# (200, like Picsart's free credits) and its per-minute limit (0 = none).
PICTORY_SANDBOX_PICSART_API_KEY = env_str("PICTORY_SANDBOX_PICSART_API_KEY") or "picsart_sandbox_key"
PICTORY_SANDBOX_PICSART_CREDITS = env_int("PICTORY_SANDBOX_PICSART_CREDITS", 200)
PICTORY_SANDBOX_PICSART_REQUESTS_PER_MINUTE = env_int("PICTORY_SANDBOX_PICSART_REQUESTS_PER_MINUTE", 500)

STUDIO_ADMIN_USERNAME = env_str("STUDIO_ADMIN_USERNAME") or "admin"
# True only under production settings, where development helpers (runstudio) refuse to run.
STUDIO_PRODUCTION = False

# --- Bulk videos -----------------------------------------------------------------------------
# How many rows of all batches may be rendering at Pictory at once.
BULK_MAX_IN_FLIGHT = env_int("BULK_MAX_IN_FLIGHT", 10)
BULK_MAX_UPLOAD_BYTES = env_int("BULK_MAX_UPLOAD_BYTES", 5 * 1024 * 1024)
BULK_MAX_ROWS = env_int("BULK_MAX_ROWS", 10_000)
BULK_MAX_COLUMNS = env_int("BULK_MAX_COLUMNS", 50)
# The longest value a row may hold: a longer CSV cell is refused at upload, a longer value typed
# in the grid marks its row as needing a fix.
BULK_MAX_VALUE_CHARS = env_int("BULK_MAX_VALUE_CHARS", 2000)
# Pasted rows arrive as a form field, not a file: Django's limit on form fields lets a paste up
# to the bulk cap through (and a paste somewhat over it, which gets the intake's own message),
# with room for the other fields.
DATA_UPLOAD_MAX_MEMORY_SIZE = BULK_MAX_UPLOAD_BYTES + 1024 * 1024
PICTORY_TEMPLATE_MAX_BYTES = env_int("PICTORY_TEMPLATE_MAX_BYTES", 5 * 1024 * 1024)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL") or "Pictory Studio <studio@localhost>"

# --- Reports ---------------------------------------------------------------------------------
# dlt loads the Pictory account, the Picsart balance and the studio's history into DuckDB in the
# media folder, or into any destination dlt knows by name (e.g. "postgres", configured the dlt
# way through DESTINATION__POSTGRES__CREDENTIALS).
INSTALLED_APPS.append("reports")
REPORTS_DESTINATION = env_str("REPORTS_DESTINATION") or "duckdb"
REPORTS_DATASET = env_str("REPORTS_DATASET") or "studio_reports"
REPORTS_FOLDER = Path(env_str("REPORTS_FOLDER") or MEDIA_ROOT / "reports")
# A load reads the whole account and history on its first run: it has its own time limit, far
# longer than the cluster's (which is sized for one Pictory round trip).
REPORTS_LOAD_TIMEOUT_SECONDS = env_int("REPORTS_LOAD_TIMEOUT_SECONDS", 15 * 60)
