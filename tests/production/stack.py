"""A production-shaped studio made of real processes: gunicorn (serving the studio and, in
sandbox mode, the Pictory sandbox), several django-q2 clusters, PostgreSQL and Redis.

Each stack gets its own PostgreSQL database and Redis database number on the servers the
PostgreSQL + Redis run started, so stacks never see each other's work. Scenario steps run in
child processes (tests/production/scenario.py) with the stack's environment and answer JSON.
"""
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

from deploy.local_services import free_port

ROOT = Path(__file__).resolve().parents[2]
_redis_numbers = iter(range(1, 16))


def _database_url(server_url: str, name: str) -> str:
    parts = urlsplit(server_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


class Stack:
    def __init__(self, workdir: Path, *, rows_cap: int = 20, requests_per_second: float = 0.0,
                 render_seconds: float = 2.0, claim_timeout: int = 30, web_workers: int = 3,
                 database_server_url: str = "", redis_server_url: str = "", **extra_env: str):
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.database = f"stack_{uuid.uuid4().hex[:10]}"
        self.server_url = database_server_url or os.environ["STUDIO_TEST_DATABASE_URL"]
        redis_server_url = redis_server_url or os.environ["STUDIO_TEST_REDIS_URL"]
        redis_url = urlunsplit(urlsplit(redis_server_url)._replace(path=f"/{next(_redis_numbers)}"))
        inherited = {k: v for k, v in os.environ.items()
                     if not k.startswith(("PICTORY_", "STUDIO_", "DATABASE_URL", "REDIS_URL", "DJANGO_"))}
        self.env = {
            **inherited,
            "DJANGO_SETTINGS_MODULE": "pictory_studio.settings.base",
            "DEBUG": "false",
            "SECRET_KEY": "stack-secret-" + uuid.uuid4().hex,
            "DATABASE_URL": _database_url(self.server_url, self.database),
            "REDIS_URL": redis_url,
            "MEDIA_ROOT": str(self.workdir / "media"),
            "STUDIO_BASE_URL": self.base_url,
            "PICTORY_WEBHOOK_BASE_URL": self.base_url,
            "PICTORY_SANDBOX_JOB_SECONDS": str(render_seconds),
            "PICTORY_SANDBOX_DRAFT_RENDERS": "true",  # the cores go to the studio under test
            "PICTORY_SANDBOX_MIN_POLL_SECONDS": "0",
            "PICTORY_SANDBOX_REQUESTS_PER_MINUTE": "0",
            "PICTORY_REQUESTS_PER_SECOND": str(requests_per_second),
            "PICTORY_POLL_SECONDS": "3",
            "PICTORY_CONNECT_TIMEOUT": "2",
            "PICTORY_READ_TIMEOUT": "5",
            "BULK_MAX_IN_FLIGHT": str(rows_cap),
            "STUDIO_CLAIM_TIMEOUT_SECONDS": str(claim_timeout),
            "STUDIO_ADMIN_PASSWORD": "stack-admin-password",
            "Q_WORKERS": "2",
            **extra_env,
        }
        self.web_workers = web_workers
        self.web: subprocess.Popen | None = None
        self.clusters: dict[int, subprocess.Popen] = {}
        self.log = (self.workdir / "stack.log").open("a")  # noqa: SIM115 -- shared by the processes, closed in stop()

    # --- lifecycle -----------------------------------------------------------------------------
    def start(self, *, clusters: int) -> "Stack":
        with psycopg.connect(self.server_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.database}"')
        self._manage("migrate", "--noinput")
        self._manage("studio_setup")
        self.web = self._spawn([sys.executable, "-m", "gunicorn", "pictory_studio.wsgi", "--workers",
                                str(self.web_workers), "--threads", "4", "--bind", f"127.0.0.1:{self.port}",
                                "--timeout", "60"])
        self._wait_for_web()
        for number in range(clusters):
            self.start_cluster(number)
        return self

    def stop(self) -> None:
        for process in [*self.clusters.values(), self.web]:
            if process and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in [*self.clusters.values(), self.web]:
            if process:
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
        self.log.close()

    def start_cluster(self, number: int) -> None:
        self.clusters[number] = self._spawn([sys.executable, "manage.py", "qcluster"])

    def kill_cluster(self, number: int) -> None:
        """kill -9 the whole cluster (sentinel, pusher, workers, monitor): a machine that died."""
        process = self.clusters[number]
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def cluster_of_pid(self, pid: int) -> int | None:
        try:
            group = os.getpgid(pid)
        except ProcessLookupError:
            return None
        return next((n for n, p in self.clusters.items() if p.pid == group and p.poll() is None), None)

    # --- steps -------------------------------------------------------------------------------
    def step(self, name: str, *args) -> dict:
        """Run one scenario step in a child process with the stack's environment."""
        done = subprocess.run([sys.executable, "-m", "tests.production.scenario", name, *map(str, args)],
                              cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=120)
        if done.returncode:
            raise AssertionError(f"scenario step {name} failed:\n{done.stderr[-3000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    def get(self, path: str, *, cookie: str = "") -> tuple[int, str]:
        request = urllib.request.Request(self.base_url + path, headers={"Cookie": cookie} if cookie else {})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def sql(self, query: str, *params) -> list[tuple]:
        """Read the stack's database directly: quicker than a scenario step while timing things."""
        with psycopg.connect(self.env["DATABASE_URL"], autocommit=True) as conn:
            return conn.execute(query, params).fetchall()

    # --- internals -----------------------------------------------------------------------------
    def _manage(self, *args: str) -> None:
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, check=True,
                       stdout=self.log, stderr=subprocess.STDOUT, timeout=300)

    def _spawn(self, command: list[str]) -> subprocess.Popen:
        return subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
                                start_new_session=True)

    def _wait_for_web(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base_url + "/login/", timeout=2)
                return
            except OSError:
                time.sleep(0.3)
        raise AssertionError("gunicorn did not answer within 60 s; see " + str(self.workdir / "stack.log"))
