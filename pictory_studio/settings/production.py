"""Production settings: secure defaults; everything else still comes from the environment."""
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import PICTORY_SANDBOX_ENABLED, SECRET_KEY
from .env import env_bool, env_int

# Production serves the studio with a WSGI server: development helpers (runstudio) refuse to run.
STUDIO_PRODUCTION = True
DEBUG = env_bool("DEBUG", False)
if SECRET_KEY.startswith("dev-only-"):
    raise ImproperlyConfigured("Set SECRET_KEY in the environment for production.")
# The built-in sandbox accepts documented keys and runs renders inside the web server: never
# in production, so production needs a Pictory account.
if PICTORY_SANDBOX_ENABLED:
    raise ImproperlyConfigured(
        "Set PICTORY_API_KEY (or PICTORY_CLIENT_ID and PICTORY_CLIENT_SECRET, or PICTORY_GATEWAY_URL and "
        "LOWCODEAPI_TOKEN) in the environment "
        "for production. Without Pictory credentials the studio runs its built-in sandbox, which "
        "is for trying the studio out locally (pictory_studio.settings.base), not for production."
    )
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Health checks come over plain HTTP from loopback (the load balancer, the deployer): answer them.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Cookies go back only over HTTPS. SECURE_COOKIES=false is for a studio served over plain HTTP
# on loopback (make prod): HTTP clients, and browsers that do not count loopback as secure,
# never return a Secure cookie over http://, so signing in would fail there.
SECURE_COOKIES = env_bool("SECURE_COOKIES", True)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
