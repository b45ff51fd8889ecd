"""Playwright against Debian's Chromium (never a downloaded browser) and the live studio."""
import os
import shutil

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

CHROMIUM = os.environ.get("STUDIO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--autoplay-policy=no-user-gesture-required",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/functional/" in str(item.fspath):
            item.add_marker(pytest.mark.functional)


@pytest.fixture(scope="session", autouse=True)
def _allow_django_inside_playwright():
    # Playwright's sync API runs an event loop; Django's ORM refuses to run "inside" it otherwise.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "1"
    yield
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Debian's chromium is needed at {CHROMIUM}: run `make test`, which installs it.")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def studio(sandbox, settings):
    """The live studio with jobs slow enough to watch them progress."""
    settings.PICTORY_SANDBOX_JOB_SECONDS = 5.0
    settings.PICTORY_POLL_SECONDS = 0.5
    return sandbox


def sign_in(context, live_server, user) -> None:
    """Start a session server-side and hand its cookie to the browser (faster than the form)."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME, "value": session.session_key,
                          "url": live_server.url}])


@pytest.fixture
def signed_in_page(page, studio, user):
    sign_in(page.context, studio, user)
    page.set_default_timeout(15_000)
    return page


def wait_for_htmx(page) -> None:
    """Wait until htmx has finished swapping and settling (new content is wired up)."""
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping, .htmx-added')"
    )
