"""Reports benchmark: the dlt pipeline's time and memory for 10,000 studio jobs and 1,000
Pictory projects (in the sandbox), on a first load and on a second load with nothing new.

    .venv/bin/python bench/reports.py
    BENCH_JOBS=10000 BENCH_PROJECTS=1000 .venv/bin/python bench/reports.py

The studio runs in sandbox mode on throw-away folders (runserver serves the sandbox); each
load runs as `manage.py reports_load` in its own process, whose peak memory is measured.
"""
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.harness import Processes, django_setup, free_port, manage, sandbox_env, wait_for_http  # noqa: E402

JOBS = int(os.environ.get("BENCH_JOBS", 10_000))
PROJECTS = int(os.environ.get("BENCH_PROJECTS", 1_000))


def studio_history(jobs: int) -> None:
    """`jobs` finished, failed and cancelled render jobs over the last 12 weeks, in the studio's database."""
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from videos.models import Project, RenderJob

    user = get_user_model().objects.create(username="bench-reports")
    project = Project.objects.create(owner=user, title="Bench")
    now = timezone.now()
    outcomes = ("completed",) * 8 + ("failed", "cancelled")
    codes = ("TEXT_TO_VIDEO_FAILED", "SCENE_BACKGROUND_VISUAL_NOT_FOUND", "INSUFFICIENT_CREDITS")
    batch = []
    for number in range(jobs):
        status = outcomes[number % len(outcomes)]
        created = now - timedelta(minutes=12 * number)
        batch.append(RenderJob(project=project, kind="render", version=number + 1, status=status, created_by=user,
                               error_code=codes[number % 3] if status == "failed" else "",
                               duration_seconds=30 + number % 90 if status == "completed" else None,
                               credits_used=1 if status == "completed" else None,
                               submitted_at=created, finished_at=created + timedelta(seconds=20 + number % 300)))
    RenderJob.objects.bulk_create(batch, batch_size=2000)


LOAD_AND_MEASURE = """
import resource, django
django.setup()
from django.core.management import call_command
call_command("reports_load")
print("peak_rss_mb=%.1f" % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
"""


def timed_load(env: dict) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB of the loading process, its output)."""
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", LOAD_AND_MEASURE], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout
    seconds = time.perf_counter() - started
    lines = out.strip().splitlines()
    peak = float(lines[-1].split("=", 1)[1])
    return seconds, peak, "\n".join(lines[:-1])


def main() -> None:
    print(f"Pictory Studio reports benchmark · {os.cpu_count()} CPUs · Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="studio-bench-") as folder:
        workdir = Path(folder)
        port = free_port()
        env = sandbox_env(workdir, port, job_seconds=1, max_in_flight=10, requests_per_second=0,
                          REPORTS_FOLDER=str(workdir / "reports"))
        processes = Processes(workdir / "servers.log")
        try:
            manage(env, "migrate", "--noinput")
            manage(env, "createcachetable")
            manage(env, "sandbox_seed_projects", str(PROJECTS))
            processes.spawn("runserver", [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}",
                                          "--noreload"], env)
            wait_for_http(env["STUDIO_BASE_URL"] + "/login/")
            django_setup(env)
            studio_history(JOBS)
            first = timed_load(env)
            second = timed_load(env)
        finally:
            processes.stop_all()
        size = (workdir / "reports" / "reports.duckdb").stat().st_size / 1024 / 1024
    print(f"\nFirst load ({JOBS:,} studio jobs, {PROJECTS:,} Pictory projects over HTTP, 20 a page):")
    print(f"  {first[0]:.1f} s, peak memory of the loading process {first[1]:.0f} MB")
    print("  " + first[2].strip().replace("\n", "\n  "))
    print("\nSecond load (nothing new):")
    print(f"  {second[0]:.1f} s, peak memory {second[1]:.0f} MB")
    print("  " + second[2].strip().replace("\n", "\n  "))
    print(f"\nDuckDB file: {size:.1f} MB")


if __name__ == "__main__":
    main()
