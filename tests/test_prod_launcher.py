"""`make prod` (deploy/prod.py): what it would run, and one real start and Ctrl-C.

The environments are also loaded by Django in a fresh process (settings are decided at start),
so a test sees what the web server, the workers and the Pictory stand-in would see.
"""
import json
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from deploy import prod, prod_env
from deploy.local_services import free_port

ROOT = Path(__file__).resolve().parents[1]
DEV_KEY_PREFIX = "dev-only-"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5999/studio"
REDIS_URL = "redis://127.0.0.1:6999/0"
# What a developer's shell might hold: none of it may leak into the launched studio.
STRAY = {"DJANGO_SETTINGS_MODULE": "pictory_studio.settings.test", "DATABASE_URL": "sqlite:///elsewhere.db",
         "REDIS_URL": "redis://10.0.0.9:6379/0", "SECRET_KEY": "dev-only-from-the-shell", "DEBUG": "true",
         "TRUSTED_PROXY_COUNT": "2", "ALLOWED_HOSTS": "*", "SECURE_COOKIES": "true", "PATH": os.environ["PATH"]}


def standin(tmp_path: Path) -> prod_env.StandIn:
    return prod_env.StandIn(port=8765, root=tmp_path / "standin", api_key="pictai_standin_test_key",
                            secret_key="s" * 60)


def studio_env(tmp_path: Path, *, environ: dict, with_standin: bool = True) -> dict:
    return prod_env.studio_environment(environ=environ, secret_key="k" * 66, database_url=POSTGRES_URL,
                                       redis_url=REDIS_URL, port=8123, media_root=tmp_path / "media",
                                       standin=standin(tmp_path) if with_standin else None)


PROBE = """
import json
import django
django.setup()
from django.conf import settings
from pictory_studio.pictory.factory import config_from_settings, pictory_mode
config = config_from_settings()
print(json.dumps({
    "debug": settings.DEBUG, "production": settings.STUDIO_PRODUCTION,
    "dev_key": settings.SECRET_KEY.startswith("dev-only-"),
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE, "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT, "hosts": settings.ALLOWED_HOSTS,
    "engine": settings.DATABASES["default"]["ENGINE"], "db_name": settings.DATABASES["default"]["NAME"],
    "cache": settings.CACHES["default"]["BACKEND"], "broker": settings.Q_CLUSTER.get("redis", "orm"),
    "sandbox": settings.PICTORY_SANDBOX_ENABLED, "mode": pictory_mode(), "api": config.base_url,
    "key_matches": config.api_key == settings.PICTORY_API_KEY, "sandbox_key": settings.PICTORY_SANDBOX_API_KEY,
    "studio_url": settings.STUDIO_BASE_URL, "webhooks": settings.PICTORY_WEBHOOK_BASE_URL,
    "media_root": str(settings.MEDIA_ROOT), "proxies": settings.TRUSTED_PROXY_COUNT,
}))
"""


def probe(env: dict) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- What it would run (no servers) -------------------------------------------------------------


def test_the_studio_runs_production_settings_against_the_standin_on_loopback(tmp_path):
    seen = probe(studio_env(tmp_path, environ=STRAY))
    del seen["sandbox_key"]  # the sandbox is not installed; its setting is unused

    assert seen == {
        "debug": False, "production": True, "dev_key": False,
        "session_cookie_secure": False, "csrf_cookie_secure": False, "ssl_redirect": False,
        "hosts": ["127.0.0.1", "localhost"],
        "engine": "django.db.backends.postgresql", "db_name": "studio",
        "cache": "django.core.cache.backends.redis.RedisCache", "broker": REDIS_URL,
        "sandbox": False, "mode": "api_key", "api": "http://127.0.0.1:8765/sandbox/pictoryapis", "key_matches": True,
        "studio_url": "http://127.0.0.1:8123", "webhooks": "http://127.0.0.1:8123",
        "media_root": str(tmp_path / "media"), "proxies": 0,
    }


def test_the_studio_is_given_the_standins_key(tmp_path):
    env = studio_env(tmp_path, environ=STRAY)

    assert env["PICTORY_API_KEY"] == "pictai_standin_test_key"
    assert env["SECRET_KEY"] == "k" * 66


def test_the_standin_is_the_sandbox_on_its_own_database_with_the_same_key(tmp_path):
    env = prod_env.standin_environment(environ={**STRAY, "PICTORY_SANDBOX_JOB_SECONDS": "3"},
                                       standin=standin(tmp_path))

    seen = probe(env)

    assert (seen["sandbox"], seen["mode"], seen["debug"], seen["production"]) == (True, "sandbox", False, False)
    assert seen["sandbox_key"] == "pictai_standin_test_key"
    assert (seen["engine"], seen["db_name"]) == ("django.db.backends.sqlite3", str(tmp_path / "standin" / "db.sqlite3"))
    assert seen["media_root"] == str(tmp_path / "standin" / "media")
    assert (seen["broker"], seen["studio_url"], seen["hosts"]) == ("orm", "http://127.0.0.1:8765",
                                                                 ["127.0.0.1", "localhost"])
    assert env["PICTORY_SANDBOX_JOB_SECONDS"] == "3"  # the sandbox's own knobs still pass through
    assert env["SECRET_KEY"] != "k" * 66 and not env["SECRET_KEY"].startswith(DEV_KEY_PREFIX)


@pytest.mark.parametrize(("credentials", "configured"), [
    ({}, False),
    ({"PICTORY_API_KEY": "   "}, False),
    ({"PICTORY_CLIENT_ID": "client"}, False),
    ({"PICTORY_API_KEY": "pictai_live_key"}, True),
    ({"PICTORY_CLIENT_ID": "client", "PICTORY_CLIENT_SECRET": "secret"}, True),
])
def test_the_standin_is_used_only_without_pictory_credentials(credentials, configured):
    assert prod_env.pictory_credentials_configured(credentials) is configured


def test_with_a_pictory_key_the_studio_talks_to_pictory_itself(tmp_path):
    environ = {**STRAY, "PICTORY_API_KEY": "pictai_live_key"}

    env = studio_env(tmp_path, environ=environ, with_standin=False)
    seen = probe(env)

    assert env["PICTORY_API_KEY"] == "pictai_live_key"
    assert (seen["mode"], seen["api"], seen["sandbox"]) == ("api_key", "https://api.pictory.ai/pictoryapis", False)
    # Pictory cannot call back a loopback address: no webhooks unless a public one is given.
    assert seen["webhooks"] == ""


def test_with_pictory_a_public_webhook_address_is_kept(tmp_path):
    environ = {**STRAY, "PICTORY_API_KEY": "pictai_live_key", "PICTORY_WEBHOOK_BASE_URL": "https://studio.example.com"}

    env = studio_env(tmp_path, environ=environ, with_standin=False)

    assert env["PICTORY_WEBHOOK_BASE_URL"] == "https://studio.example.com"


def test_generated_keys_are_random_private_and_kept_with_the_data(tmp_path):
    path = tmp_path / "secrets.json"

    first = prod_env.Secrets.load_or_create(path)
    again = prod_env.Secrets.load_or_create(path)
    other = prod_env.Secrets.load_or_create(tmp_path / "other.json")

    assert again == first and other.studio_secret_key != first.studio_secret_key
    assert len(first.studio_secret_key) >= 50 and not first.studio_secret_key.startswith(DEV_KEY_PREFIX)
    assert first.standin_secret_key != first.studio_secret_key
    assert first.standin_api_key.startswith("pictai_") and first.standin_api_key != "pictai_sandbox_studio_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_every_server_binds_loopback_only():
    web = prod_env.web_command(port=8123, workers=3, control_socket=None)
    standin_server = prod_env.standin_command(port=8765)

    assert web[web.index("--bind") + 1] == "127.0.0.1:8123"
    assert web[web.index("--workers") + 1] == "3"
    assert standin_server[standin_server.index("--bind") + 1] == "127.0.0.1:8765"
    assert "--access-logfile" not in web + standin_server


def test_the_reusable_gunicorn_settings():
    settings: dict = {}
    exec(compile(prod_env.GUNICORN_CONF.read_text(), "gunicorn.conf.py", "exec"), settings)

    assert settings["accesslog"] is None
    assert settings["graceful_timeout"] >= 10
    assert settings["bind"] == ["127.0.0.1:8000"]
    assert settings["wsgi_app"] == "pictory_studio.wsgi:application"


def test_production_cookies_are_secure_unless_switched_off_for_loopback(tmp_path):
    env = {**studio_env(tmp_path, environ=STRAY)}
    del env["SECURE_COOKIES"]
    del env["SECURE_SSL_REDIRECT"]

    seen = probe(env)

    assert (seen["session_cookie_secure"], seen["csrf_cookie_secure"], seen["ssl_redirect"]) == (True, True, True)


def test_a_busy_port_is_refused_before_anything_starts(capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]

        code = prod.main(["--port", str(port)])

    assert code == 1
    assert f"Port {port} on 127.0.0.1 is in use" in capsys.readouterr().err


def test_a_process_that_exits_by_itself_is_named_and_ends_the_watch(tmp_path, capsys):
    studio = prod.Studio(prod.parse_args([]), tmp_path)
    studio.clusters = [prod.Child("worker cluster 1", [sys.executable, "-c", "raise SystemExit(3)"],
                                  dict(os.environ), grace=5)]

    code = studio.watch()

    assert code == 1
    assert "worker cluster 1 exited unexpectedly with code 3. Stopping everything." in capsys.readouterr().out


@pytest.mark.parametrize("option", ["--web-workers", "--clusters", "--port"])
def test_counts_below_one_are_refused(option, capsys):
    with pytest.raises(SystemExit):
        prod.parse_args([option, "0"])

    assert "must be at least 1" in capsys.readouterr().err


# --- One real start: PostgreSQL, Redis, the stand-in, gunicorn and a worker, then Ctrl-C ---------


def _descendants(pid: int) -> set[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_make_prod_serves_plain_http_on_loopback_and_stops_everything_on_ctrl_c(tmp_path):
    port, standin_port = free_port(), free_port()
    data = tmp_path / "data"
    env = {name: value for name, value in os.environ.items() if not name.startswith(("PICTORY_", "DJANGO_"))}
    env["STUDIO_ADMIN_PASSWORD"] = "a-long-admin-password-for-prod"
    launcher = subprocess.Popen(
        [sys.executable, "-m", "deploy.prod", "--port", str(port), "--standin-port", str(standin_port),
         "--web-workers", "1", "--clusters", "1", "--data", str(data)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(launcher.stdout), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 180
        while not any("is running with production settings" in line for line in lines):
            assert launcher.poll() is None, "".join(lines)
            assert time.monotonic() < deadline, "".join(lines)
            time.sleep(0.5)
        base = f"http://127.0.0.1:{port}"

        browser = requests.Session()
        page = browser.get(base + "/login/", timeout=10)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        signed_in = browser.post(base + "/login/", data={"username": "admin", "password": env["STUDIO_ADMIN_PASSWORD"],
                                                         "csrfmiddlewaretoken": token},
                                 headers={"Referer": base + "/login/"}, timeout=10)
        standin_quota = requests.get(f"http://127.0.0.1:{standin_port}/sandbox/pictoryapis/v1/quota", timeout=10,
                                     headers={"Authorization": json.loads((data / "secrets.json").read_text())[
                                         "standin_api_key"]})
        children = _descendants(launcher.pid)
    finally:
        launcher.send_signal(signal.SIGINT)
        code = launcher.wait(timeout=90)
        reader.join(timeout=10)
    output = "".join(lines)

    assert page.status_code == 200
    assert signed_in.status_code == 200 and signed_in.url == base + "/", output  # not sent back to sign in
    cookies = {cookie.name: cookie for cookie in browser.cookies}
    assert {"sessionid", "csrftoken"} <= set(cookies)
    assert not any(cookie.secure for cookie in cookies.values())
    assert standin_quota.status_code == 200
    keys = json.loads((data / "secrets.json").read_text())
    assert keys["studio_secret_key"] not in output and keys["standin_api_key"] not in output
    assert "No Pictory account is configured" in output and "Set PICTORY_API_KEY" in output
    assert code == 0, output
    assert "Stopped." in output
    assert len(children) >= 6  # PostgreSQL, Redis, the stand-in, gunicorn and its worker, the cluster
    assert [pid for pid in children if _running(pid)] == []
    for listening in (port, standin_port):
        with pytest.raises(OSError), socket.create_connection(("127.0.0.1", listening), timeout=1):
            pass
