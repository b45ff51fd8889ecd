"""The PostgreSQL + Redis test run: start both servers, run the tests that depend on the
database and the broker, stop both.

    .venv/bin/python -m tests.services_run               # the production-shaped set below
    .venv/bin/python -m tests.services_run tests/videos  # any pytest arguments

The default run (plain `pytest`) uses in-memory SQLite for speed; this run proves the same job
lifecycle, bulk dispatch, request rate and permissions hold on the production pieces, and runs
tests/production (several worker processes, servers restarted mid-batch), which need them.
"""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from deploy.local_services import Postgres, Redis, missing_packages

ROOT = Path(__file__).resolve().parents[1]

PRODUCTION_SHAPED_TESTS = [
    "tests/videos/test_lifecycle.py",
    "tests/videos/test_job_states.py",
    "tests/videos/test_transitions.py",
    "tests/videos/test_job_status_view.py",
    "tests/videos/test_quota.py",
    "tests/videos/test_permission_matrix.py",
    "tests/videos/test_people.py",
    "tests/templates_app/test_bulk_render.py",
    "tests/templates_app/test_one_click.py",
    "tests/templates_app/test_batches.py",
    "tests/production",
]


def main(args: list[str]) -> int:
    missing = missing_packages()
    if missing:
        print(f"The PostgreSQL + Redis run needs Debian's {', '.join(missing)}: apt-get install {' '.join(missing)}")
        return 2
    with (tempfile.TemporaryDirectory(prefix="studio-services-") as workdir,
          Postgres(Path(workdir) / "postgres", durable=False) as postgres,
          Redis(Path(workdir) / "redis") as redis):
        env = {**os.environ, "STUDIO_TEST_DATABASE_URL": postgres.url, "STUDIO_TEST_REDIS_URL": redis.url}
        print(f"PostgreSQL + Redis run: {postgres.url} · {redis.url}", flush=True)
        return subprocess.run([sys.executable, "-m", "pytest", *(args or PRODUCTION_SHAPED_TESTS)],
                              cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
