"""GET /healthz: can this web process serve the studio? No sign-in, no secrets, JSON.

    200 {"status": "ok", "checks": {...}}        database, cache (and Redis) and workers answer
    200 {"status": "degraded", "checks": {...}}  the same, but no worker cluster is alive
    503 {"status": "fail", "checks": {...}}      the database or the cache/Redis does not answer

Missing workers do not fail the plain check: a load balancer asks /healthz to decide whether to
send visitors to this web process, and pages still work without workers (renders just wait in
the queue). A deployer's monitor asks /healthz?strict=1, where missing workers also answer 503,
because nothing would move a render along.

A failed check says which part failed with the error's class name only: never a URL, a host,
a password or the error's text.
"""
import logging
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

log = logging.getLogger("studio.health")

# Seconds to wait for Redis: a health check must answer before the load balancer gives up.
REDIS_TIMEOUT_SECONDS = 2.0
STRICT_VALUES = {"1", "true", "yes"}


@require_safe
@never_cache
def healthz(request):
    checks = health_checks()
    essential_ok = all(check["ok"] for name, check in checks.items() if name != "workers")
    strict = request.GET.get("strict", "").lower() in STRICT_VALUES
    if not essential_ok or (strict and not checks["workers"]["ok"]):
        status, code = "fail", 503
    elif not checks["workers"]["ok"]:
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    response = JsonResponse({"status": status, "checks": checks}, status=code)
    # Each failed part is logged by _timed; Django's "Service Unavailable" ERROR line for every
    # probe of the load balancer would only repeat it.
    response._has_been_logged = True
    return response


def health_checks() -> dict[str, dict]:
    """Every check, each {"ok": bool, ...}. Parts behind an unreachable Redis are not tried:
    its client has no timeout of its own and would hold the check."""
    checks = {"database": _timed("database", _database_check)}
    redis_down = False
    if settings.REDIS_URL:
        checks["redis"] = _timed("redis", _redis_check)
        redis_down = not checks["redis"]["ok"]
    if redis_down:
        checks["cache"] = {"ok": False, "error": "skipped: Redis did not answer"}
        checks["workers"] = {"ok": False, "clusters": 0, "error": "skipped: Redis did not answer"}
    else:
        checks["cache"] = _timed("cache", _cache_check)
        checks["workers"] = _workers_check()
    return checks


def _timed(name: str, check) -> dict:
    started = time.monotonic()
    try:
        check()
    except Exception as exc:  # any failure is a failed check, reported by class name only
        log.warning("health check failed: check=%s error=%s", name, type(exc).__name__)
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}


def _database_check() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache_check() -> None:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", 30)
    try:
        if cache.get(key) != "ok":
            raise CacheMismatch
    finally:
        cache.delete(key)


def _redis_check() -> None:
    """PING on its own short-lived connection with short timeouts (the cache's and the queue's
    clients would wait as long as the operating system lets them)."""
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
                                  socket_timeout=REDIS_TIMEOUT_SECONDS, retry=Retry(NoBackoff(), 0))
    try:
        client.ping()
    finally:
        client.close()


def _workers_check() -> dict:
    """django-q2 clusters write a heartbeat (their Stat) to the broker every half second, kept for
    a few seconds: a cluster listed there is alive."""
    from django_q.conf import Conf
    from django_q.status import Stat

    try:
        stats = Stat.get_all()
    except Exception as exc:
        log.warning("health check failed: check=workers error=%s", type(exc).__name__)
        return {"ok": False, "clusters": 0, "error": type(exc).__name__}
    alive = [stat for stat in stats if str(getattr(stat, "status", "")) != str(Conf.STOPPED)]
    beats = [stat.timestamp for stat in alive if getattr(stat, "timestamp", None)]
    newest = round(max(0.0, (timezone.now() - max(beats)).total_seconds()), 1) if beats else None
    return {"ok": bool(alive), "clusters": len(alive), "newest_heartbeat_seconds": newest}


class CacheMismatch(Exception):
    """The cache answered, but not with the value just written."""
