"""Production settings: secure, and no test doors (the sandbox exists only in sandbox mode).

Each test starts a fresh Python process, because INSTALLED_APPS and the URLconf are decided when
the settings load.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION_SECRET = "x" * 30 + "-a-long-random-production-secret-value"
SANDBOX_KEY = "pictai_sandbox_studio_key"  # the sandbox's documented default key


def clean_env(tmp_path: Path, **values: str) -> dict:
    """This environment without Pictory or Django settings of its own, on a scratch database."""
    dropped = ("PICTORY_", "DJANGO_", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DATABASE_URL", "REDIS_URL",
               "STUDIO_", "SECURE_", "LOWCODEAPI_")
    env = {name: value for name, value in os.environ.items() if not name.startswith(dropped)}
    env.update({"SQLITE_PATH": str(tmp_path / "db.sqlite3"), "MEDIA_ROOT": str(tmp_path / "media")})
    env.update(values)
    return env


def production_env(tmp_path: Path, **values: str) -> dict:
    return clean_env(tmp_path, DJANGO_SETTINGS_MODULE="pictory_studio.settings.production",
                     SECRET_KEY=PRODUCTION_SECRET, ALLOWED_HOSTS="studio.example.com,testserver", **values)


def run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


PROBE = f"""
import json
import django
django.setup()
from django.apps import apps
from django.conf import settings
from django.test import Client

client = Client()
token_body = {{"client_id": "sandbox-client", "client_secret": "sandbox-secret"}}
print(json.dumps({{
    "installed": apps.is_installed("pictory_studio.sandbox"),
    "enabled": settings.PICTORY_SANDBOX_ENABLED,
    "quota": client.get("/sandbox/pictoryapis/v1/quota", HTTP_AUTHORIZATION="{SANDBOX_KEY}", secure=True).status_code,
    "token": client.post("/sandbox/pictoryapis/v1/oauth2/token", token_body, content_type="application/json",
                         secure=True).status_code,
    "share": client.get("/sandbox/share/6f1c2d3e-4b5a-4c6d-8e7f-001122334455/", secure=True).status_code,
    "login": client.get("/login/", secure=True).status_code,
}}))
"""


@pytest.mark.parametrize("credentials", [
    {"PICTORY_API_KEY": "pictai_live_key"},
    {"PICTORY_CLIENT_ID": "client", "PICTORY_CLIENT_SECRET": "secret"},
    {"PICTORY_GATEWAY_URL": "https://api.lowcodeapi.com/pictory/pictoryapis", "LOWCODEAPI_TOKEN": "lc_live_token"},
])
def test_production_serves_no_sandbox(tmp_path, credentials):
    result = run(["-c", PROBE], production_env(tmp_path, **credentials))

    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    assert answers == {"installed": False, "enabled": False, "quota": 404, "token": 404, "share": 404,
                       "login": 200}


def test_credentials_turn_the_sandbox_off_outside_production_too(tmp_path):
    env = clean_env(tmp_path, DJANGO_SETTINGS_MODULE="pictory_studio.settings.base", ALLOWED_HOSTS="testserver",
                    PICTORY_API_KEY="pictai_live_key")

    result = run(["-c", PROBE], env)

    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    assert (answers["installed"], answers["quota"], answers["token"]) == (False, 404, 404)


@pytest.mark.parametrize("credentials", [{}, {"PICTORY_CLIENT_ID": "client"}, {"PICTORY_API_KEY": "  "},
                                         {"LOWCODEAPI_TOKEN": "lc_live_token"}])
def test_production_refuses_to_start_without_pictory_credentials(tmp_path, credentials):
    result = run(["manage.py", "check"], production_env(tmp_path, **credentials))

    assert result.returncode != 0
    assert ("Set PICTORY_API_KEY (or PICTORY_CLIENT_ID and PICTORY_CLIENT_SECRET, or PICTORY_GATEWAY_URL and "
            "LOWCODEAPI_TOKEN)") in result.stderr


def test_production_settings_pass_djangos_deploy_checks(tmp_path):
    env = production_env(tmp_path, PICTORY_API_KEY="pictai_live_key", DEBUG="false")

    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_the_development_secret_key(tmp_path):
    env = clean_env(tmp_path, DJANGO_SETTINGS_MODULE="pictory_studio.settings.production",
                    PICTORY_API_KEY="pictai_live_key")

    result = run(["manage.py", "check"], env)

    assert result.returncode != 0 and "Set SECRET_KEY" in result.stderr


def test_a_settings_module_that_installs_the_sandbox_by_hand_fails_the_checks(settings):
    settings.PICTORY_SANDBOX_ENABLED = False  # as if credentials were set; the app stays installed

    with pytest.raises(SystemCheckError, match="pictory_studio.E001"):
        call_command("check")


SETTINGS_PROBE = """
import json
import django
django.setup()
from django.conf import settings
from django.db import connection
with connection.cursor() as cursor:
    journal = cursor.execute("PRAGMA journal_mode").fetchone()[0]
    busy = cursor.execute("PRAGMA busy_timeout").fetchone()[0]
print(json.dumps({"journal": journal, "busy_ms": busy, "mode": settings.DATABASES["default"]["OPTIONS"].get(
    "transaction_mode"), "sessions": settings.SESSION_ENGINE, "cache": settings.CACHES["default"]["BACKEND"],
    "broker": "redis" if "redis" in settings.Q_CLUSTER else "orm"}))
"""


@pytest.mark.parametrize("named_by", ["SQLITE_PATH", "DATABASE_URL"])
def test_sqlite_gets_the_same_tuning_however_it_is_named(tmp_path, named_by):
    database = tmp_path / "named.sqlite3"
    env = clean_env(tmp_path, DJANGO_SETTINGS_MODULE="pictory_studio.settings.base")
    if named_by == "DATABASE_URL":
        env.pop("SQLITE_PATH")
        env["DATABASE_URL"] = f"sqlite:///{database}"
    else:
        env["SQLITE_PATH"] = str(database)
    done = run(["-c", SETTINGS_PROBE], env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {
        "journal": "wal", "busy_ms": 20000, "mode": "IMMEDIATE",
        "sessions": "django.contrib.sessions.backends.db",
        "cache": "django.core.cache.backends.db.DatabaseCache", "broker": "orm"}
    assert database.exists()


def test_with_redis_the_cache_sessions_and_task_broker_use_it(tmp_path):
    env = clean_env(tmp_path, DJANGO_SETTINGS_MODULE="pictory_studio.settings.base",
                    REDIS_URL="redis://127.0.0.1:6399/0")
    done = run(["-c", "import django, json; django.setup(); from django.conf import settings as s; "
                      "print(json.dumps([s.SESSION_ENGINE, s.CACHES['default']['BACKEND'], s.Q_CLUSTER['redis']]))"],
               env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [
        "django.contrib.sessions.backends.cached_db", "django.core.cache.backends.redis.RedisCache",
        "redis://127.0.0.1:6399/0"]
