"""Helpers shared by the benches that run the studio as real processes on loopback.

The studio runs in sandbox mode (it serves the Pictory imitation itself), under the base
settings with DEBUG off, with no Pictory credentials inherited from the caller's shell: a
benchmark must never spend a real account.
"""
import math
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from deploy.local_services import free_port  # noqa: E402 -- needs ROOT on the path

__all__ = ["ROOT", "Processes", "batch_prepare",
           "cpu_seconds", "django_setup", "free_port", "machine_cpu_seconds", "machine_load",
           "manage", "percentile", "sandbox_env", "standin_env", "studio_with_standin_env", "wait_for_http"]

# Chosen here for each process, never inherited.
_OWNED = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "SQLITE_PATH", "MEDIA_ROOT", "DEBUG",
          "STUDIO_BASE_URL", "SECRET_KEY")


def sandbox_env(workdir: Path, port: int, *, job_seconds: float, max_in_flight: int, requests_per_second: float,
                database_url: str = "", redis_url: str = "", **extra: str) -> dict:
    """The environment of every studio process of one run: web server, workers and the bench."""
    base = f"http://127.0.0.1:{port}"
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("PICTORY_") and k not in _OWNED}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "pictory_studio.settings.base",
        "DEBUG": "false",
        "MEDIA_ROOT": str(workdir / "media"),
        "STUDIO_BASE_URL": base,
        "PICTORY_WEBHOOK_BASE_URL": base,
        "PICTORY_SANDBOX_JOB_SECONDS": str(job_seconds),
        "PICTORY_SANDBOX_MIN_POLL_SECONDS": "0",
        "PICTORY_SANDBOX_REQUESTS_PER_MINUTE": "0",
        "PICTORY_REQUESTS_PER_SECOND": str(requests_per_second),
        "PICTORY_POLL_SECONDS": "10",
        "BULK_MAX_IN_FLIGHT": str(max_in_flight),
        "Q_POLL_SECONDS": "0.2",
        "Q_WORKERS": "2",
        **extra,
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        env["SQLITE_PATH"] = str(workdir / "bench.sqlite3")
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def standin_env(workdir: Path, port: int, *, job_seconds: float, api_key: str, **extra: str) -> dict:
    """A Pictory stand-in: a second copy of the studio in sandbox mode on its own SQLite database,
    so the sandbox's work (finishing jobs, encoding their videos) runs outside the studio."""
    env = sandbox_env(workdir, port, job_seconds=job_seconds, max_in_flight=1, requests_per_second=0, **extra)
    env["PICTORY_SANDBOX_API_KEY"] = api_key
    return env


def studio_with_standin_env(env: dict, *, standin_url: str, api_key: str) -> dict:
    """The studio's environment with the stand-in as its Pictory (so not in sandbox mode)."""
    return {**env, "PICTORY_API_BASE_URL": standin_url + "/sandbox/pictoryapis", "PICTORY_API_KEY": api_key}


def manage(env: dict, *args: str, log=None) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                   stdout=log or subprocess.DEVNULL, stderr=subprocess.STDOUT if log else None)


def django_setup(env: dict) -> None:
    """Make this process one of the studio's (same settings as its servers)."""
    os.environ.update(env)
    import django

    django.setup()


class Processes:
    """Long-running studio processes, each in its own process group, all logging to one file."""

    def __init__(self, log_path: Path):
        self.log = log_path.open("a")  # noqa: SIM115 -- shared by the children, closed in stop_all()
        self.running: list[tuple[str, subprocess.Popen]] = []

    def spawn(self, name: str, command: list[str], env: dict) -> subprocess.Popen:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        self.running.append((name, process))
        return process

    def check_alive(self) -> None:
        for name, process in self.running:
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited with code {process.returncode}; see {self.log.name}")

    def stop_all(self, grace: float = 20) -> None:
        """SIGTERM to each group (gunicorn and qcluster finish what is running), SIGKILL after `grace`."""
        for _, process in self.running:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for _, process in self.running:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.running = []
        self.log.close()


def wait_for_http(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered))))
    return ordered[rank - 1]


def cpu_seconds(groups: dict[str, list[int]]) -> dict[str, float]:
    """CPU seconds used so far by each named set of process groups: their live processes, and
    the children they have already reaped (an ffmpeg run, a finished PostgreSQL backend)."""
    ticks = os.sysconf("SC_CLK_TCK")
    name_of = {pgid: name for name, pgids in groups.items() for pgid in pgids}
    used = dict.fromkeys(groups, 0.0)
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            fields = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # it has just exited
        name = name_of.get(int(fields[2]))  # the process group
        if name:
            used[name] += sum(int(value) for value in fields[11:15]) / ticks  # utime stime cutime cstime
    return used


def machine_cpu_seconds() -> float:
    """CPU seconds the whole machine has spent busy since it started (all processes, everyone's)."""
    values = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle and iowait
    return (sum(values[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def machine_load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{os.cpu_count()} CPUs · load average {one:.2f} {five:.2f} {fifteen:.2f}"


def batch_prepare(rows: int, *, username: str):
    """A mapped bulk batch of `rows` rows from the welcome template, and the person launching it."""
    from django.contrib.auth import get_user_model

    from templates_app.services.batches import batch_apply_mapping, batch_start_upload
    from templates_app.services.templates import template_import_file

    user = get_user_model().objects.create(username=username, email="launcher@studio.test")
    fixture = ROOT / "tests" / "templates_app" / "fixtures" / "welcome-variables.pictai"
    template = template_import_file(data=fixture.read_bytes(), user=user)
    csv_text = "first_name,company\n" + "".join(f"Person {n},Company {n % 40}\n" for n in range(rows))
    batch = batch_start_upload(template=template, user=user, name=f"{username} batch", data=csv_text.encode(),
                               filename="launch.csv")
    batch_apply_mapping(batch=batch, mapping={0: "first_name", 1: "company"})
    return batch, user
