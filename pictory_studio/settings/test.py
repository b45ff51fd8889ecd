"""Settings for the test suite: fast jobs, an isolated media folder, inline email."""
import tempfile
from pathlib import Path

import dj_database_url

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, Q_CLUSTER
from .env import env_str

DEBUG = False
# Tests run in sandbox mode whatever the environment holds; a test that needs credentials sets
# them through the settings fixture (the sandbox stays mounted).
PICTORY_API_KEY = PICTORY_CLIENT_ID = PICTORY_CLIENT_SECRET = PICTORY_USER_ID = ""
PICTORY_SANDBOX_ENABLED = True
if "pictory_studio.sandbox.apps.SandboxConfig" not in INSTALLED_APPS:
    INSTALLED_APPS = [*INSTALLED_APPS, "pictory_studio.sandbox.apps.SandboxConfig"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="studio-test-media-"))
PICTORY_SANDBOX_MEDIA_ROOT = MEDIA_ROOT / "sandbox"
PICTORY_SANDBOX_JOB_SECONDS = 0.2
PICTORY_SANDBOX_MIN_POLL_SECONDS = 0.0
PICTORY_SANDBOX_REQUESTS_PER_MINUTE = 0
PICTORY_POLL_SECONDS = 0.5
PICTORY_REQUESTS_PER_SECOND = 0
PICTORY_READ_TIMEOUT = 10.0
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The PostgreSQL + Redis run (tests/services_run.py) starts both servers and names them here;
# the default run is in-memory SQLite and a per-process cache.
if env_str("STUDIO_TEST_DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(env_str("STUDIO_TEST_DATABASE_URL"), conn_max_age=0)}
if env_str("STUDIO_TEST_REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": env_str("STUDIO_TEST_REDIS_URL"), "KEY_PREFIX": "studio-test"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
Q_CLUSTER = {**Q_CLUSTER, "sync": True}
STATIC_ROOT = MEDIA_ROOT / "static"
STATIC_ROOT.mkdir()
WHITENOISE_AUTOREFRESH = True
