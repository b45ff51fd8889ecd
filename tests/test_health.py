"""GET /healthz: what a load balancer and a deployer's monitor read, with no sign-in and no secrets."""
import json
import logging
import os
import shutil
import uuid
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.db.utils import OperationalError
from django.test import override_settings
from django.utils import timezone
from django_q.brokers import get_broker
from django_q.conf import Conf
from django_q.signing import SignedPackage
from django_q.status import Stat, Status

from deploy.local_services import Redis, free_port
from tests.test_production_settings import production_env, run

pytestmark = pytest.mark.django_db

CLOSED_PORT = free_port()
REDIS_DOWN = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": f"redis://127.0.0.1:{CLOSED_PORT}/0"}}
REDIS_PASSWORD = "s3cret-redis-pass"


def health(client, query=""):
    response = client.get("/healthz" + query)
    assert response["Content-Type"] == "application/json"
    return response, response.json()


def cluster_heartbeat(*, status=Conf.IDLE, age_seconds=0.0):
    """What a running django-q2 cluster writes to the broker every half second (its Stat)."""
    beat = Status(pid=os.getpid(), cluster_id=uuid.uuid4())
    beat.status = status
    beat.timestamp = timezone.now() - timedelta(seconds=age_seconds)
    get_broker().set_stat(Stat.get_key(beat.cluster_id), SignedPackage.dumps(beat, True), 3)


def assert_no_secrets(response):
    body = response.content.decode()
    for secret in (django_settings.SECRET_KEY, django_settings.PICTORY_SANDBOX_API_KEY, REDIS_PASSWORD,
                   str(CLOSED_PORT), "redis://", "127.0.0.1", "sqlite", "postgres"):
        assert secret not in body


def test_a_healthy_studio_without_workers_serves_but_says_degraded(client):
    response, body = health(client)

    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["checks"]["database"]["ok"] and body["checks"]["cache"]["ok"]
    assert body["checks"]["workers"] == {"ok": False, "clusters": 0, "newest_heartbeat_seconds": None}
    assert "no-store" in response["Cache-Control"]
    assert_no_secrets(response)


def test_strict_mode_fails_without_workers(client):
    response, body = health(client, "?strict=1")
    assert response.status_code == 503
    assert body["status"] == "fail" and not body["checks"]["workers"]["ok"]


def test_a_live_cluster_makes_it_ok_even_in_strict_mode(client):
    cluster_heartbeat(age_seconds=1.5)

    for query in ("", "?strict=1"):
        response, body = health(client, query)
        assert response.status_code == 200 and body["status"] == "ok"
        workers = body["checks"]["workers"]
        assert workers["ok"] and workers["clusters"] == 1
        assert 1.0 <= workers["newest_heartbeat_seconds"] < 10


def test_a_stopped_cluster_is_not_a_live_worker(client):
    cluster_heartbeat(status=Conf.STOPPED)
    response, body = health(client, "?strict=1")
    assert response.status_code == 503 and body["checks"]["workers"]["clusters"] == 0


@pytest.mark.parametrize("query", ["?strict=0", "?strict=abc", "?strict="])
def test_anything_but_a_yes_is_the_plain_check(client, query):
    response, body = health(client, query)
    assert response.status_code == 200 and body["status"] == "degraded"


def test_an_unreachable_cache_fails_the_check_and_says_which(client, caplog):
    with override_settings(CACHES=REDIS_DOWN), caplog.at_level(logging.INFO):
        response, body = health(client)

    assert response.status_code == 503 and body["status"] == "fail"
    assert body["checks"]["database"]["ok"]
    assert body["checks"]["cache"] == {"ok": False, "error": "ConnectionError"}
    assert body["checks"]["workers"]["ok"] is False
    assert_no_secrets(response)
    # Logged once per failed part, by class name; not again as Django's "Service Unavailable".
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == [
        "health check failed: check=cache error=ConnectionError",
        "health check failed: check=workers error=ConnectionError",
    ]


def test_an_unreachable_database_fails_the_check_with_no_detail(client):
    error = OperationalError(f'connection to server at "db.internal", port 5432 failed: password "{REDIS_PASSWORD}"')
    with mock.patch.object(connection, "_cursor", side_effect=error):
        response, body = health(client)

    assert response.status_code == 503 and body["status"] == "fail"
    assert body["checks"]["database"] == {"ok": False, "error": "OperationalError"}
    assert body["checks"]["cache"]["ok"]
    assert "db.internal" not in response.content.decode()
    assert_no_secrets(response)


def test_an_unreachable_redis_fails_fast_and_hides_its_url(client, settings):
    settings.REDIS_URL = f"redis://:{REDIS_PASSWORD}@127.0.0.1:{CLOSED_PORT}/0"
    response, body = health(client)

    assert response.status_code == 503 and body["status"] == "fail"
    assert body["checks"]["redis"] == {"ok": False, "error": "ConnectionError"}
    # The cache and the queue live on that Redis: not tried, so a hung Redis cannot hold the check.
    assert body["checks"]["cache"]["ok"] is False and body["checks"]["workers"]["clusters"] == 0
    assert_no_secrets(response)


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs Debian's redis-server")
def test_a_real_redis_answers_and_its_loss_is_seen(client, settings, tmp_path):
    with Redis(tmp_path / "redis") as redis:
        settings.REDIS_URL = redis.url
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                       "LOCATION": redis.url}}
        cluster_heartbeat()  # kept in that Redis, as the cache is the cluster's stat store here
        response, body = health(client, "?strict=1")
        assert response.status_code == 200 and body["status"] == "ok"
        assert body["checks"]["redis"]["ok"] and body["checks"]["cache"]["ok"]
        assert body["checks"]["workers"]["clusters"] == 1

        redis.stop()
        response, body = health(client)
        assert response.status_code == 503
        assert body["checks"]["redis"] == {"ok": False, "error": "ConnectionError"}


def test_only_reads_are_answered(client):
    assert client.post("/healthz").status_code == 405
    assert client.head("/healthz").status_code == 200


def test_production_answers_a_plain_http_health_check_without_redirecting(tmp_path):
    """A load balancer asks over plain HTTP from loopback; every other page still goes to HTTPS."""
    env = production_env(tmp_path, PICTORY_API_KEY="pictai_production_key")
    probe = """
import json
import django
django.setup()
from django.core.management import call_command
from django.test import Client
call_command("createcachetable")
client = Client()
health = client.get("/healthz")
print(json.dumps({"health": health.status_code, "body": health.json(),
                  "login": client.get("/login/").status_code}))
"""
    done = run(["-c", probe], env)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer["login"] == 301
    assert answer["health"] == 200 and answer["body"]["checks"]["database"]["ok"]
    assert "pictai_production_key" not in done.stdout
