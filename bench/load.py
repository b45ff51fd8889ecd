"""Load benchmark: signed-in editors watching their renders while a bulk batch launches.

    .venv/bin/python bench/load.py
    BENCH_ROWS=60 BENCH_EDITORS=10 BENCH_BACKENDS=sqlite .venv/bin/python bench/load.py

For each backend, the studio runs as real processes on loopback in sandbox mode (it also
serves the Pictory sandbox) with webhooks on, on a throw-away database and media folder:

  postgres  PostgreSQL + Redis (cache, sessions, django-q2 broker), gunicorn with
            BENCH_WEB_WORKERS sync workers (4; BENCH_WEB_THREADS=N above 1 makes them gthread
            workers of N threads), BENCH_CLUSTERS `manage.py qcluster` processes (3)
  sqlite    SQLite + the ORM broker, `manage.py runserver` (threaded) and one qcluster

The sandbox makes draft renders (a quarter the size, silent: about 0.2 CPU-seconds a video
instead of 1.5), as bench/bulk.py does; BENCH_FULL_RENDERS=1 makes full ones, whose encoding
alone needs more cores than this machine has to keep 20 renders finishing every 6 s.

BENCH_STANDIN=1 moves the sandbox into its own server (a second studio in sandbox mode, one
gthread worker, as `make prod` runs its Pictory stand-in), so the sandbox's own work (encoding
each finished job's MP4) no longer runs in the web server being measured. BENCH_KEEP=1 keeps
the run's folder (databases, the servers' log).

Editors (BENCH_EDITORS, 50) are people with the Editor role, each signed in through a session
made server-side, each with a project of five scenes, a finished preview and a render job in
progress. Each editor is a thread with its own HTTP session that asks for its job's status
fragment as htmx does (HX-Request, 2 s after the previous answer) and opens its project page
every 20 s, from random start offsets, until every row of the batch is completed or failed
(at most BENCH_MAX_MINUTES, 15). Any non-2xx answer or transport error counts as an error; a
kept-alive connection the server closed just as it was reused is tried once more, as browsers
do, and counted apart.

The editors' render jobs are rows in the in-progress state whose next status read is due in a
day. The fragment of an active job does all its per-request work (session, user, roles, the
job and its project, the nudge's due check, the rendered partial); what is left out is the
nudge's claim of a due poll, one conditional UPDATE and one queued refresh per job per poll
interval shared by every viewer, whose Pictory read would take request slots from the batch
(50 jobs read every 10 s is half of the 10 requests/s the batch's minimum assumes) and so
measure the editors' renders rather than the batch. Real sandbox renders would be no better:
they finish within the render time and the fragment then stops polling.

The batch (BENCH_ROWS, 500) is a CSV of the welcome-variables template, mapped and launched as
a person would, under BULK_MAX_IN_FLIGHT = BENCH_MAX_IN_FLIGHT (20), a shared rate of
BENCH_REQUESTS_PER_SECOND (10) and a sandbox render time of BENCH_JOB_SECONDS (6 s). Its
theoretical minimum is max(ceil(rows / cap) x render time, rows x 2 calls / rate).

Printed per backend: latency percentiles as the editors saw them and as the studio's request
log saw them inside the web server (the difference is mostly waiting for a free worker), errors,
the batch's wall time against its minimum, where a finished row's time went (sending, the
sandbox: its clock plus encoding, the studio hearing of the end: webhook, then a read), how
full the cap was kept, and the CPU seconds each part of the run used against what the machine
had (what the rest of the machine used is shown too: other work there slows everything).

Targets: status fragment p95 <= 50 ms, project page p95 <= 300 ms, 0 errors, batch within
1.25x of its minimum. The machine is shared: CPU count and load average are printed with the
figures.
"""
import json
import math
import os
import random
import re
import resource
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from harness import (
    ROOT,
    Processes,
    batch_prepare,
    cpu_seconds,
    django_setup,
    free_port,
    machine_cpu_seconds,
    machine_load,
    manage,
    percentile,
    sandbox_env,
    standin_env,
    studio_with_standin_env,
    wait_for_http,
)

ROWS = int(os.environ.get("BENCH_ROWS", 500))
EDITORS = int(os.environ.get("BENCH_EDITORS", 50))
BACKENDS = [b.strip() for b in os.environ.get("BENCH_BACKENDS", "postgres,sqlite").split(",") if b.strip()]
JOB_SECONDS = float(os.environ.get("BENCH_JOB_SECONDS", 6))
MAX_IN_FLIGHT = int(os.environ.get("BENCH_MAX_IN_FLIGHT", 20))
REQUESTS_PER_SECOND = float(os.environ.get("BENCH_REQUESTS_PER_SECOND", 10))
WEB_WORKERS = int(os.environ.get("BENCH_WEB_WORKERS", 4))
WEB_THREADS = int(os.environ.get("BENCH_WEB_THREADS", 1))  # above 1: gunicorn's gthread workers
STANDIN = os.environ.get("BENCH_STANDIN", "") == "1"  # the sandbox in its own process
# Draft renders (a quarter the size, silent) keep the sandbox's encoding off the machine's cores.
SANDBOX = {"PICTORY_SANDBOX_DRAFT_RENDERS": "true" if os.environ.get("BENCH_FULL_RENDERS", "") != "1" else "false"}
CLUSTERS = int(os.environ.get("BENCH_CLUSTERS", 3))
KEEP = os.environ.get("BENCH_KEEP", "") == "1"  # keep the folder with the servers' logs
MAX_SECONDS = float(os.environ.get("BENCH_MAX_MINUTES", 15)) * 60
STATUS_EVERY = 2.0
PAGE_EVERY = 20.0
REQUEST_TIMEOUT = 30.0
CALLS_PER_ROW_AT_BEST = 2  # one submission and one status read (after the webhook)
TARGETS = {"status": 50.0, "page": 300.0, "ratio": 1.25}
SCENES = [
    ("Our spring collection lands on Friday, with fresh colours for every room.", "#1F3A5F"),
    ("Linen, oak and wool: materials that age well and feel good every day.", "#F2A541"),
    ("Order before Sunday and delivery is on us, anywhere in the country.", "#2E7D32"),
    ("Visit a store to see the whole range, or browse it online tonight.", "#6A1B9A"),
    ("Spring at home starts here.", "#B71C1C"),
]
LABELS = {
    "postgres": "PostgreSQL + Redis · gunicorn {web} · {clusters} qcluster x 2 workers",
    "sqlite": "SQLite + ORM broker · runserver (threaded) · 1 qcluster x 2 workers",
}


# --- the editors -------------------------------------------------------------------------------
@dataclass
class Editor:
    session_key: str
    status_url: str
    page_url: str


@dataclass
class Sample:
    kind: str  # "status" or "page"
    ms: float
    error: str  # empty when the answer was 2xx
    retried: bool = False


@dataclass
class Load:
    samples: list[Sample] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)


def fetch(http, kind: str, url: str, headers: dict) -> Sample:
    """One GET, timed. A kept-alive connection the server closed just as it was reused is
    tried again once on a new one, as browsers do; the sample says so, and its time covers both."""
    import requests

    started = time.perf_counter()
    retried = False
    while True:
        try:
            response = http.get(url, headers=headers, timeout=REQUEST_TIMEOUT, allow_redirects=False)
            _ = response.content
            error = "" if 200 <= response.status_code < 300 else f"HTTP {response.status_code}"
        except requests.ConnectionError as exc:
            if not retried and "Connection aborted" in str(exc):
                retried = True
                continue
            error = exc.__class__.__name__
        except requests.RequestException as exc:
            error = exc.__class__.__name__
        return Sample(kind, (time.perf_counter() - started) * 1000, error, retried)


def editor_session(cookie_name: str, editor: Editor):
    import requests

    http = requests.Session()
    http.cookies.set(cookie_name, editor.session_key)
    return http


def editor_run(editor: Editor, cookie_name: str, load: Load, seed: int) -> None:
    """One browser tab: the status fragment 2 s after each answer, the page every 20 s."""
    rng = random.Random(seed)
    http = editor_session(cookie_name, editor)
    start = time.monotonic()
    next_status = start + rng.uniform(0, STATUS_EVERY)
    next_page = start + rng.uniform(0, PAGE_EVERY)
    while not load.stop.is_set():
        wait = min(next_status, next_page) - time.monotonic()
        if wait > 0:
            load.stop.wait(wait)
            continue
        if next_page <= next_status:
            load.samples.append(fetch(http, "page", editor.page_url, {}))
            next_page = max(next_page + PAGE_EVERY, time.monotonic())  # a slow page is not caught up on
        else:
            load.samples.append(fetch(http, "status", editor.status_url, {"HX-Request": "true"}))
            next_status = time.monotonic() + STATUS_EVERY
    http.close()


def editors_create(*, count: int, base_url: str) -> list[Editor]:
    """People with the Editor role, signed in, each with a project and a render in progress."""
    from datetime import timedelta
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.auth.models import Group
    from django.urls import reverse
    from django.utils import timezone

    from videos import selectors
    from videos.models import JobKind, JobStatus, RenderJob, Role
    from videos.services.storyboard import project_create, scene_add

    voices, _ = selectors.voices_available()
    editor_role, _ = Group.objects.get_or_create(name=Role.EDITOR)
    session_store = import_module(settings.SESSION_ENGINE).SessionStore
    now = timezone.now()
    editors = []
    for number in range(count):
        user = get_user_model()(username=f"load-editor-{number}", email=f"load-editor-{number}@studio.test")
        user.set_unusable_password()  # signed in below through a session, never by password
        user.save()
        user.groups.add(editor_role)
        project = project_create(owner=user, title=f"Spring launch {number}", aspect_ratio="16:9", language="en",
                                 voices=voices)
        for narration, colour in SCENES:
            scene_add(project=project, narration=narration, visual_kind="color", visual_color=colour)
        RenderJob.objects.create(
            project=project, kind=JobKind.PREVIEW, status=JobStatus.COMPLETED, created_by=user,
            pictory_job_id=f"load-preview-{number}", progress=100, submitted_at=now - timedelta(minutes=5),
            finished_at=now - timedelta(minutes=4), preview_url=f"{base_url}/sandbox/preview/{number}",
            preview_scenes=[{"text": text, "color": colour, "image": "", "start": i * 4.0, "duration": 4.0}
                            for i, (text, colour) in enumerate(SCENES)],
            payload={"videoName": project.title},
        )
        job = RenderJob.objects.create(
            project=project, kind=JobKind.RENDER, version=1, status=JobStatus.IN_PROGRESS, created_by=user,
            pictory_job_id=f"load-render-{number}", progress=35, progress_message="Rendering scenes",
            submitted_at=now - timedelta(seconds=30), next_poll_at=now + timedelta(days=1),
            payload={"videoName": project.title},
        )
        session = session_store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        editors.append(Editor(session_key=session.session_key,
                              status_url=base_url + reverse("videos:job_status", args=[job.pk]),
                              page_url=base_url + project.get_absolute_url()))
    return editors


def editors_check(editors: list[Editor], cookie_name: str) -> None:
    """Every editor is signed in and sees its job and page (this also warms the servers' caches)."""
    for editor in editors:
        http = editor_session(cookie_name, editor)
        for kind, url, headers in (("status", editor.status_url, {"HX-Request": "true"}),
                                   ("page", editor.page_url, {})):
            sample = fetch(http, kind, url, headers)
            if sample.error:
                raise RuntimeError(f"an editor's {kind} request answered {sample.error}: {url}")
        http.close()


# --- the batch ---------------------------------------------------------------------------------
def batch_launch_and_watch(batch, user, *, deadline: float) -> dict:
    from templates_app.services.launch import batch_launch
    from videos.models import ACTIVE_STATUSES, RenderJob

    started = time.monotonic()
    batch_launch(batch=batch, user=user)
    jobs = RenderJob.objects.filter(batch_row__batch=batch)
    peak_in_flight, timed_out = 0, False
    while jobs.filter(status__in=ACTIVE_STATUSES).exists():
        peak_in_flight = max(peak_in_flight, jobs.filter(status__in=("submitting", "in_progress")).count())
        if time.monotonic() > deadline:
            timed_out = True
            break
        time.sleep(0.5)
    wall = time.monotonic() - started
    by_concurrency = math.ceil(ROWS / MAX_IN_FLIGHT) * JOB_SECONDS
    by_rate = ROWS * CALLS_PER_ROW_AT_BEST / REQUESTS_PER_SECOND
    minimum = max(by_concurrency, by_rate)
    return {"rows": ROWS, "done": jobs.filter(status="completed").count(),
            "failed": jobs.filter(status="failed").count(),
            "unfinished": jobs.filter(status__in=ACTIVE_STATUSES).count(),
            "timed_out": timed_out, "wall_seconds": wall, "minimum_seconds": minimum,
            "minimum_by_concurrency": by_concurrency, "minimum_by_rate": by_rate, "ratio": wall / minimum,
            "peak_in_flight": peak_in_flight}


def sandbox_times(job_ids: list[str], standin_db: Path | None) -> dict[str, tuple[datetime, datetime]]:
    """When the sandbox created and finished each job (its own clock, the same machine's)."""
    wanted = {uuid.UUID(j).hex for j in job_ids if j}
    if standin_db is None:
        from pictory_studio.sandbox.models import SandboxJob

        found = SandboxJob.objects.filter(finished_at__isnull=False).values_list("id", "created_at", "finished_at")
        return {job_id.hex: (created, finished) for job_id, created, finished in found if job_id.hex in wanted}
    with sqlite3.connect(standin_db) as db:
        found = db.execute("SELECT id, created_at, finished_at FROM sandbox_sandboxjob WHERE finished_at IS NOT NULL")
        return {job_id: (_utc(created), _utc(finished)) for job_id, created, finished in found if job_id in wanted}


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def batch_breakdown(batch, wall: float, standin_db: Path | None) -> dict:
    """Where a finished row's time went: sending it, the sandbox's render (its clock plus
    encoding), the studio hearing of the end; and how full the cap was kept."""
    from videos.models import RenderJob

    rows = list(RenderJob.objects.filter(batch_row__batch=batch, status="completed", submitted_at__isnull=False)
                .values_list("pictory_job_id", "submitted_at", "finished_at"))
    at_sandbox = sandbox_times([pictory_id for pictory_id, _, _ in rows], standin_db)
    in_flight, send, render, notice = [], [], [], []
    for pictory_id, submitted, finished in rows:
        in_flight.append((finished - submitted).total_seconds())
        times = at_sandbox.get(uuid.UUID(pictory_id).hex) if pictory_id else None
        if times:
            send.append((times[0] - submitted).total_seconds())
            render.append((times[1] - times[0]).total_seconds())
            notice.append((finished - times[1]).total_seconds())
    return {"in_flight": percentile(in_flight, 50), "send": percentile(send, 50), "render": percentile(render, 50),
            "render_p95": percentile(render, 95), "notice": percentile(notice, 50),
            "notice_p95": percentile(notice, 95), "matched": len(render),
            "cap_use": sum(in_flight) / (MAX_IN_FLIGHT * wall) if wall else 0.0}


def server_times(log_path: Path, offset: int) -> dict[str, list[float]]:
    """The studio's own request log (pictory_studio/request_log.py) from `offset` on: how long
    each editor request took inside the web server, without queueing or transport."""
    patterns = {"status": re.compile(r" path=/jobs/\d+/status/ .*duration_ms=([\d.]+)"),
                "page": re.compile(r" path=/projects/\d+/ .*duration_ms=([\d.]+)")}
    times: dict[str, list[float]] = {"status": [], "page": []}
    with log_path.open(errors="replace") as log:
        log.seek(offset)
        for line in log:
            if "studio.request" not in line:
                continue
            for kind, pattern in patterns.items():
                found = pattern.search(line)
                if found:
                    times[kind].append(float(found.group(1)))
    return times


# --- one backend, in its own process ------------------------------------------------------------
def start_servers(backend: str, env: dict, port: int, processes: Processes) -> None:
    python = sys.executable
    if backend == "postgres":
        threads = ["--threads", str(WEB_THREADS)] if WEB_THREADS > 1 else []
        processes.spawn("gunicorn", [python, "-m", "gunicorn", "pictory_studio.wsgi", "--workers", str(WEB_WORKERS),
                                     *threads, "--bind", f"127.0.0.1:{port}", "--timeout", "60"], env)
        clusters = CLUSTERS
    else:
        processes.spawn("runserver", [python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"], env)
        clusters = 1
    for number in range(clusters):
        processes.spawn(f"qcluster {number + 1}", [python, "manage.py", "qcluster"], env)
    wait_for_http(env["STUDIO_BASE_URL"] + "/login/")
    processes.check_alive()


def measure(env: dict, processes: Processes, workdir: Path, services: dict[str, list[int]]) -> dict:
    from django.conf import settings

    base_url = env["STUDIO_BASE_URL"]
    cookie = settings.SESSION_COOKIE_NAME
    print(f"  seeding {EDITORS} editors and a {ROWS}-row batch…", file=sys.stderr, flush=True)
    editors = editors_create(count=EDITORS, base_url=base_url)
    batch, user = batch_prepare(ROWS, username="load-launcher")
    editors_check(editors, cookie)

    load = Load()
    threads = [threading.Thread(target=editor_run, args=(editor, cookie, load, number), daemon=True)
               for number, editor in enumerate(editors)]
    load_at_launch = machine_load()
    processes.log.flush()
    log_path = Path(processes.log.name)
    log_offset = log_path.stat().st_size
    print(f"  {len(editors)} editors on; launching the batch ({load_at_launch})", file=sys.stderr, flush=True)
    groups = {**{ROLES[name.split()[0]]: [] for name, _ in processes.running}, **services}
    for name, process in processes.running:
        groups[ROLES[name.split()[0]]].append(process.pid)
    cpu_before, bench_before, machine_before = cpu_seconds(groups), own_cpu_seconds(), machine_cpu_seconds()
    started = time.monotonic()
    for thread in threads:
        thread.start()
    try:
        batch_result = batch_launch_and_watch(batch, user, deadline=started + MAX_SECONDS)
    finally:
        load.stop.set()
        for thread in threads:
            thread.join(timeout=REQUEST_TIMEOUT + 5)
    load_seconds = time.monotonic() - started
    cpu = {name: used - cpu_before[name] for name, used in cpu_seconds(groups).items()}
    cpu["this bench (the editors' clients, the watcher)"] = own_cpu_seconds() - bench_before
    machine = machine_cpu_seconds() - machine_before
    processes.check_alive()

    standin_db = workdir / "standin" / "bench.sqlite3" if STANDIN else None
    result = {"batch": batch_result, "editors": len(editors), "load_seconds": load_seconds,
              "load_at_launch": load_at_launch, "load_at_end": machine_load(),
              "breakdown": batch_breakdown(batch, batch_result["wall_seconds"], standin_db),
              "cpu": cpu, "cpu_rest": max(0.0, machine - sum(cpu.values())),
              "cpu_available": os.cpu_count() * load_seconds}
    inside = server_times(log_path, log_offset)
    for kind in ("status", "page"):
        times = [s.ms for s in load.samples if s.kind == kind]
        result[kind] = {"count": len(times), "p50": percentile(times, 50), "p95": percentile(times, 95),
                        "p99": percentile(times, 99), "max": max(times, default=0.0),
                        "errors": sum(1 for s in load.samples if s.kind == kind and s.error),
                        "retried": sum(1 for s in load.samples if s.kind == kind and s.retried),
                        "server_count": len(inside[kind]), "server_p50": percentile(inside[kind], 50),
                        "server_p95": percentile(inside[kind], 95)}
    reasons = Counter(f"{s.kind}: {s.error}" for s in load.samples if s.error)
    result["error_reasons"] = dict(reasons.most_common(6))
    return result


# What each process the run starts is, for the CPU account.
ROLES = {"gunicorn": "web server", "runserver": "web server", "qcluster": "task workers", "stand-in": "stand-in"}


def own_cpu_seconds() -> float:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def run_backend(backend: str) -> dict:
    from deploy.local_services import Postgres, Redis

    workdir = Path(tempfile.mkdtemp(prefix=f"studio-load-{backend}-"))
    port = free_port()
    options = {"job_seconds": JOB_SECONDS, "max_in_flight": MAX_IN_FLIGHT,
               "requests_per_second": REQUESTS_PER_SECOND, "STUDIO_ADMIN_PASSWORD": secrets.token_urlsafe(16),
               **SANDBOX}
    log = (workdir / "setup.log").open("a")  # noqa: SIM115 -- closed in run_studio
    try:
        if backend == "postgres":
            with Postgres(workdir / "postgres", durable=False) as postgres, Redis(workdir / "redis") as redis:
                env = sandbox_env(workdir, port, database_url=postgres.url, redis_url=redis.url, **options)
                services = {"PostgreSQL": [postgres.process.pid], "Redis": [redis.process.pid]}
                return run_studio(env, port, backend, workdir, log, services)
        if backend == "sqlite":
            return run_studio(sandbox_env(workdir, port, **options), port, backend, workdir, log, {})
        raise SystemExit(f"unknown backend {backend!r}: choose postgres or sqlite")
    finally:
        if KEEP:
            print(f"  servers' logs and data kept in {workdir}", file=sys.stderr, flush=True)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def start_standin(workdir: Path, processes: Processes, log) -> tuple[str, str]:
    """The sandbox as a separate server (one gthread worker, as `make prod` runs it): its URL and key."""
    port, api_key = free_port(), "pictai_standin_" + secrets.token_urlsafe(16)
    (workdir / "standin").mkdir()
    env = standin_env(workdir / "standin", port, job_seconds=JOB_SECONDS, api_key=api_key, **SANDBOX)
    manage(env, "migrate", "--noinput", log=log)
    processes.spawn("stand-in", [sys.executable, "-m", "gunicorn", "pictory_studio.wsgi", "--workers", "1",
                                 "--threads", "8", "--bind", f"127.0.0.1:{port}", "--timeout", "60"], env)
    wait_for_http(env["STUDIO_BASE_URL"] + "/login/")
    return env["STUDIO_BASE_URL"], api_key


def run_studio(env: dict, port: int, backend: str, workdir: Path, log, services: dict[str, list[int]]) -> dict:
    processes = Processes(workdir / "servers.log")
    try:
        try:
            if STANDIN:
                url, api_key = start_standin(workdir, processes, log)
                env = studio_with_standin_env(env, standin_url=url, api_key=api_key)
            manage(env, "migrate", "--noinput", log=log)
            manage(env, "studio_setup", log=log)
        finally:
            log.close()
        start_servers(backend, env, port, processes)
        django_setup(env)
        return measure(env, processes, workdir, services)
    except Exception:
        processes.log.flush()
        tail = (workdir / "servers.log").read_text(errors="replace")[-4000:]
        print(f"--- end of the servers' log ---\n{tail}", file=sys.stderr)
        raise
    finally:
        processes.stop_all()
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()  # PostgreSQL stops only once its clients have gone


# --- the report -----------------------------------------------------------------------------------
def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def report(backend: str, r: dict) -> None:
    web = f"{WEB_WORKERS} workers x {WEB_THREADS} threads" if WEB_THREADS > 1 else f"{WEB_WORKERS} sync workers"
    label = LABELS[backend].format(web=web, clusters=CLUSTERS)
    label += " · sandbox in its own process" if STANDIN else " · sandbox served by the studio"
    b = r["batch"]
    print(f"\n{label}")
    print(f"  {r['editors']} editors for {r['load_seconds']:.0f} s · at launch {r['load_at_launch']}")
    for kind, name in (("status", "status fragment"), ("page", "project page")):
        k = r[kind]
        print(f"  {name:<16} {k['count']:>6,} requests · p50 {k['p50']:6.1f} ms · p95 {k['p95']:7.1f} ms"
              f" · p99 {k['p99']:7.1f} ms · max {k['max']:7.1f} ms   (target p95 ≤ {TARGETS[kind]:g} ms:"
              f" {verdict(k['p95'] <= TARGETS[kind])})")
    inside = " · ".join(f"{name} p50 {r[kind]['server_p50']:.1f} ms, p95 {r[kind]['server_p95']:.1f} ms"
                        for kind, name in (("status", "status fragment"), ("page", "project page")))
    print(f"  inside the web server (its request log): {inside}")
    errors = r["status"]["errors"] + r["page"]["errors"]
    retried = r["status"]["retried"] + r["page"]["retried"]
    print(f"  errors {errors}   (target 0: {verdict(errors == 0)})"
          + (f" · {retried} requests sent again after the server closed an idle kept-alive connection"
             if retried else "")
          + "".join(f"\n    {reason} × {count}" for reason, count in r["error_reasons"].items()))
    print(f"  batch of {b['rows']}: {b['done']} done, {b['failed']} failed, {b['unfinished']} unfinished"
          f" in {b['wall_seconds']:.1f} s (peak {b['peak_in_flight']} in flight)"
          + ("  GAVE UP at the time limit" if b["timed_out"] else ""))
    print(f"  theoretical minimum {b['minimum_seconds']:.1f} s (cap: {b['minimum_by_concurrency']:.1f} s,"
          f" rate: {b['minimum_by_rate']:.1f} s) → ratio {b['ratio']:.2f}"
          f"   (target ≤ {TARGETS['ratio']:g}: {verdict(b['ratio'] <= TARGETS['ratio'] and not b['timed_out'])})")
    d = r["breakdown"]
    print(f"  a finished row, median: {d['in_flight']:.1f} s in flight = sending {d['send']:.2f} s"
          f" + at the sandbox {d['render']:.1f} s (p95 {d['render_p95']:.1f} s; its render time is {JOB_SECONDS:g} s)"
          f" + until the studio knew {d['notice']:.2f} s (p95 {d['notice_p95']:.1f} s)")
    spent = " · ".join(f"{name} {seconds:.1f}" for name, seconds in r["cpu"].items())
    print(f"  CPU seconds over those {r['load_seconds']:.0f} s ({r['cpu_available']:.0f} available): {spent}"
          f" · everything else on the machine {r['cpu_rest']:.1f}")
    print(f"  cap kept {d['cap_use']:.0%} full over the batch (rows' time in flight / ({MAX_IN_FLIGHT} x wall time))")
    print(f"  at the end {r['load_at_end']}")


def main() -> None:
    if sys.argv[1:2] == ["_backend"]:
        print(json.dumps(run_backend(sys.argv[2])))
        return
    renders = "draft" if SANDBOX["PICTORY_SANDBOX_DRAFT_RENDERS"] == "true" else "full"
    print(f"Pictory Studio load benchmark · {EDITORS} editors · {ROWS}-row batch · sandbox render {JOB_SECONDS:g} s"
          f" ({renders} videos) · cap {MAX_IN_FLIGHT} in flight · {REQUESTS_PER_SECOND:g} requests/s · webhooks on")
    print(f"Python {sys.version.split()[0]} · start: {machine_load()}")
    for backend in BACKENDS:
        print(f"[{backend}] starting…", file=sys.stderr, flush=True)
        done = subprocess.run([sys.executable, __file__, "_backend", backend], cwd=ROOT, stdout=subprocess.PIPE,
                              text=True)
        if done.returncode:
            print(f"\n{backend}: the run failed (exit code {done.returncode}); see the messages above.")
            continue
        report(backend, json.loads(done.stdout.strip().splitlines()[-1]))
    print(f"\nend: {machine_load()}")


if __name__ == "__main__":
    main()
