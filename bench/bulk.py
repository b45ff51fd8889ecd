"""Bulk benchmark: CSV import speed and memory, and a launch against the sandbox.

    .venv/bin/python bench/bulk.py            # both parts
    .venv/bin/python bench/bulk.py import     # 10,000-row CSV import only
    .venv/bin/python bench/bulk.py launch     # the launch only

    BENCH_BACKEND=postgres BENCH_CLUSTERS=3 BENCH_ROWS=1000 BENCH_MAX_IN_FLIGHT=20 \
        .venv/bin/python bench/bulk.py launch  # production-shaped

The launch runs on throw-away servers and folders: SQLite + the database broker + runserver
(the default), or PostgreSQL + Redis + gunicorn (BENCH_BACKEND=postgres) with BENCH_CLUSTERS
django-q2 clusters as separate processes. The studio serves the sandbox itself, webhooks are
on, and it prints wall time against the theoretical minimum for the configured request rate,
concurrency cap and sandbox render time, plus Pictory API calls per finished row.
Targets: import >= 5,000 rows/s under 200 MB peak; launch within 1.25x of the minimum on
SQLite and 1.10x on PostgreSQL + Redis; <= 2 API calls per row.
"""
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.harness import (  # noqa: E402
    Processes,
    batch_prepare,
    django_setup,
    free_port,
    percentile,
    sandbox_env,
    wait_for_http,
)
from deploy.local_services import Postgres, Redis  # noqa: E402

IMPORT_ROWS = 10_000
LAUNCH_ROWS = int(os.environ.get("BENCH_ROWS", 500))
BACKEND = os.environ.get("BENCH_BACKEND", "sqlite")
CLUSTERS = int(os.environ.get("BENCH_CLUSTERS", 3 if BACKEND == "postgres" else 1))
JOB_SECONDS = float(os.environ.get("BENCH_JOB_SECONDS", 6))
MAX_IN_FLIGHT = int(os.environ.get("BENCH_MAX_IN_FLIGHT", 10))
REQUESTS_PER_SECOND = float(os.environ.get("BENCH_REQUESTS_PER_SECOND", 10))
CALLS_PER_ROW_AT_BEST = 2  # one submission and one status read (after the webhook)


def bench_env(workdir: Path, port: int) -> dict:
    return sandbox_env(workdir, port, job_seconds=JOB_SECONDS, max_in_flight=MAX_IN_FLIGHT,
                       requests_per_second=REQUESTS_PER_SECOND)


def manage(env: dict, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs)


# --- part 1: import ----------------------------------------------------------------------------
def run_import(workdir: Path) -> dict:
    """In a fresh process: parse, map, validate and insert a 10,000-row CSV."""
    env = bench_env(workdir, free_port())
    manage(env, "migrate", "--noinput", stdout=subprocess.DEVNULL)
    out = subprocess.run([sys.executable, __file__, "_import_child"], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def import_child() -> None:
    django_setup(dict(os.environ))
    from django.contrib.auth import get_user_model

    from templates_app.models import VideoTemplate
    from templates_app.services.batches import batch_apply_mapping, batch_start_upload

    user = get_user_model().objects.create(username="bench-import")
    template = VideoTemplate.objects.create(
        pictory_template_id="bench-import-template", name="Bench", language="en",
        scenes=[{"scene_id": "1", "text": "Hi {{first_name}} from {{company}}"},
                {"scene_id": "2", "text": "Your code is {{code}} in {{city}}."}],
        variables={"first_name": "", "company": "", "code": "", "city": ""},
    )
    lines = ["First Name;Company;Code;City;Notes"]
    lines += [f"Person {n};Company {n % 97};C-{n:05d};City {n % 13};note {n}" for n in range(IMPORT_ROWS)]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    batch = batch_start_upload(template=template, user=user, name="bench", data=data, filename="bench.csv")
    mapping = {int(k): v for k, v in batch.mapping.items()}
    created = batch_apply_mapping(batch=batch, mapping=mapping)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rows": created, "seconds": elapsed, "rows_per_second": created / elapsed,
                      "peak_rss_mb": peak, "rss_before_mb": base_rss, "csv_mb": len(data) / 1024 / 1024}))


# --- part 2: launch ----------------------------------------------------------------------------
def run_launch(workdir: Path) -> dict:
    port = free_port()
    servers = []
    urls = {}
    if BACKEND == "postgres":
        servers = [Postgres(workdir / "postgres", durable=False).start(), Redis(workdir / "redis").start()]
        urls = {"database_url": servers[0].url, "redis_url": servers[1].url}
    # Draft renders: the sandbox's encoding must not compete with the studio it measures.
    env = sandbox_env(workdir, port, job_seconds=JOB_SECONDS, max_in_flight=MAX_IN_FLIGHT,
                      requests_per_second=REQUESTS_PER_SECOND, PICTORY_SANDBOX_DRAFT_RENDERS="true", **urls)
    processes = Processes(workdir / "servers.log")
    try:
        manage(env, "migrate", "--noinput", stdout=subprocess.DEVNULL)
        manage(env, "createcachetable")
        if BACKEND == "postgres":
            processes.spawn("gunicorn", [sys.executable, "-m", "gunicorn", "pictory_studio.wsgi", "--workers", "4",
                                         "--bind", f"127.0.0.1:{port}"], env)
        else:
            processes.spawn("runserver", [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}",
                                          "--noreload"], env)
        for number in range(CLUSTERS):
            processes.spawn(f"cluster {number + 1}", [sys.executable, "manage.py", "qcluster"], env)
        wait_for_http(env["STUDIO_BASE_URL"] + "/login/")
        django_setup(env)
        return launch_and_watch(processes)
    finally:
        processes.stop_all()
        for server in reversed(servers):
            server.stop()


def launch_and_watch(processes) -> dict:
    from pictory_studio.sandbox.models import SandboxRequest
    from templates_app.services.launch import batch_launch
    from videos.models import ACTIVE_STATUSES, RenderJob

    batch, user = batch_prepare(LAUNCH_ROWS, username="bench-launch")
    calls_before = SandboxRequest.objects.count()

    started = time.monotonic()
    batch_launch(batch=batch, user=user)
    jobs = RenderJob.objects.filter(batch_row__batch=batch)
    peak_in_flight = 0
    while jobs.filter(status__in=ACTIVE_STATUSES).exists():
        peak_in_flight = max(peak_in_flight, jobs.filter(status__in=("submitting", "in_progress")).count())
        processes.check_alive()
        time.sleep(0.25)
        if time.monotonic() - started > 3600:
            raise SystemExit("gave up after an hour")
    wall = time.monotonic() - started
    done = jobs.filter(status="completed").count()
    calls = SandboxRequest.objects.count() - calls_before
    # Reads of the account's quota are per account (at most one per 30 s), not per row.
    account_calls = SandboxRequest.objects.order_by("id")[calls_before:]
    account_calls = sum(1 for endpoint in account_calls.values_list("endpoint", flat=True) if endpoint == "quota")
    by_endpoint = Counter(SandboxRequest.objects.order_by("id")[calls_before:].values_list("method", "endpoint"))
    by_concurrency = math.ceil(LAUNCH_ROWS / MAX_IN_FLIGHT) * JOB_SECONDS
    by_rate = LAUNCH_ROWS * CALLS_PER_ROW_AT_BEST / REQUESTS_PER_SECOND
    minimum = max(by_concurrency, by_rate)
    stages = where_the_time_goes(jobs)
    return {"stages": stages, "rows": LAUNCH_ROWS, "done": done, "failed": jobs.filter(status="failed").count(),
            "wall_seconds": wall, "minimum_seconds": minimum, "minimum_by_concurrency": by_concurrency,
            "minimum_by_rate": by_rate, "ratio": wall / minimum, "api_calls": calls,
            "calls_per_row": (calls - account_calls) / max(done, 1), "by_endpoint": by_endpoint,
            "peak_in_flight": peak_in_flight}


def where_the_time_goes(jobs) -> list[tuple[str, list[float]]]:
    """Seconds spent in each step of a row's turn under the cap, from both sides' records:
    the sandbox's request log, its jobs and webhook deliveries, and the studio's jobs."""
    from pictory_studio.sandbox.models import SandboxJob, SandboxRequest, SandboxWebhookDelivery

    studio = {str(pid): finished for pid, finished in jobs.filter(status="completed")
              .values_list("pictory_job_id", "finished_at")}
    sandbox = {str(pk): (created, due, finished) for pk, created, due, finished in SandboxJob.objects
               .filter(pk__in=list(studio)).values_list("pk", "created_at", "due_at", "finished_at")}
    hooks: dict[str, object] = {}
    deliveries = SandboxWebhookDelivery.objects.filter(job_id__in=list(studio))
    for job_id, at in deliveries.values_list("job_id", "created_at"):
        hooks.setdefault(str(job_id), at)
    reads: dict[str, list] = {}
    for job_id, at in (SandboxRequest.objects.filter(job_id__in=list(studio), method="GET")
                       .values_list("job_id", "created_at")):
        reads.setdefault(str(job_id), []).append(at)
    late, hook, read, apply = [], [], [], []
    for pid, done_at in studio.items():
        created, due, finished = sandbox[pid]
        late.append((finished - due).total_seconds())
        if pid in hooks:
            hook.append((hooks[pid] - finished).total_seconds())
        after = [at for at in reads.get(pid, []) if at >= finished]
        if after:
            read.append((min(after) - hooks.get(pid, finished)).total_seconds())
            apply.append((done_at - min(after)).total_seconds())
    # In steady state the k-th submission fills the place the (k - cap)-th finished job left.
    posts = sorted(created for created, _, _ in sandbox.values())
    ends = sorted(studio.values())
    refill = [(posts[k] - ends[k - MAX_IN_FLIGHT]).total_seconds() for k in range(MAX_IN_FLIGHT, len(posts))]
    return [("sandbox finished after due", late), ("webhook after finish", hook),
            ("status read after webhook", read), ("studio completed after read", apply),
            ("next submission after a place freed", refill)]


def main() -> None:
    if sys.argv[1:] == ["_import_child"]:
        import_child()
        return
    parts = sys.argv[1:] or ["import", "launch"]
    print(f"Pictory Studio bulk benchmark · {os.cpu_count()} CPUs · Python {sys.version.split()[0]}")
    if "import" in parts:
        with tempfile.TemporaryDirectory(prefix="studio-bench-") as workdir:
            r = run_import(Path(workdir))
        print(f"\nImport of a {r['csv_mb']:.2f} MB CSV ({r['rows']:,} rows, 5 columns, 4 mapped, semicolons):")
        print(f"  {r['seconds']:.2f} s → {r['rows_per_second']:,.0f} rows/s   (target ≥ 5,000)")
        print(f"  peak RSS {r['peak_rss_mb']:.0f} MB (process had {r['rss_before_mb']:.0f} MB before)"
              f"   (target < 200 MB)")
    if "launch" in parts:
        with tempfile.TemporaryDirectory(prefix="studio-bench-") as workdir:
            r = run_launch(Path(workdir))
        backend = ("PostgreSQL + Redis + gunicorn" if BACKEND == "postgres" else "SQLite + database broker + runserver")
        print(f"\nLaunch of {r['rows']} rows on {backend} · {CLUSTERS} cluster(s) · sandbox render time"
              f" {JOB_SECONDS:g} s · cap {MAX_IN_FLIGHT} in flight · {REQUESTS_PER_SECOND:g} requests/s · webhooks on:")
        print(f"  finished {r['done']} done, {r['failed']} failed in {r['wall_seconds']:.1f} s"
              f" (peak {r['peak_in_flight']} in flight)")
        print(f"  theoretical minimum {r['minimum_seconds']:.1f} s (cap: {r['minimum_by_concurrency']:.1f} s,"
              f" rate: {r['minimum_by_rate']:.1f} s) → ratio {r['ratio']:.2f}"
              f"   (target ≤ {1.10 if BACKEND == 'postgres' else 1.25})")
        print(f"  Pictory API calls: {r['api_calls']} in all → {r['calls_per_row']:.2f} per finished row, not"
              " counting the account's quota reads   (target ≤ 2)")
        calls = r["by_endpoint"].most_common()
        print("  by endpoint: " + ", ".join(f"{method} {endpoint} {n}" for (method, endpoint), n in calls))
        print("  where a turn's time goes beyond the render (mean / p95 seconds):")
        for label, values in r["stages"]:
            mean = sum(values) / len(values) if values else 0.0
            print(f"    {label:<38} {mean:6.2f} / {percentile(values, 95):6.2f}   ({len(values)} rows)")


if __name__ == "__main__":
    main()
