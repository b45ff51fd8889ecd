"""`make prod`: the studio as it runs in production, on this machine, for trying it out.

PostgreSQL and Redis (Debian's packages, throw-away servers on loopback), the database
migrated and the first admin created, gunicorn serving the studio under production settings,
and several `manage.py qcluster` workers. Without Pictory credentials a Pictory stand-in (the
studio's sandbox in its own process) plays Pictory. Everything listens on 127.0.0.1 only and
plain HTTP, which is why the HTTPS-only switches are off; a real deployment puts TLS in front
(see deploy/nginx.conf and the README's Production section).

    .venv/bin/python -m deploy.prod [--port 8000] [--web-workers 3] [--clusters 2] [--data DIR]

Ctrl-C (or SIGTERM) stops the web server, the workers, the stand-in, Redis and PostgreSQL in
that order and removes the throw-away folder; `--data DIR` keeps one between runs instead.
"""
import argparse
import contextlib
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from deploy import prod_env
from deploy.local_services import Postgres, Redis, free_port, missing_packages

READY_SECONDS = 120
UNIX_SOCKET_PATH_MAX = 100
_PR_SET_PDEATHSIG = 1


class Interrupted(Exception):
    """Ctrl-C or SIGTERM: stop everything."""


class StartFailed(Exception):
    """A step of the start failed; the message says which and why."""


def _die_with_launcher() -> None:
    """Runs in the child before exec: its own session (Ctrl-C in the terminal reaches only the
    launcher, which stops everything in order), and SIGTERM if the launcher itself is killed."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


class Child:
    """One long-running process of the studio, in its own process group."""

    def __init__(self, name: str, command: list[str], env: dict, *, grace: float, log: Path | None = None):
        self.name = name
        self.grace = grace
        self.log = log
        output = log.open("a") if log else None  # noqa: SIM115 -- handed to the child, closed below
        self.process = subprocess.Popen(command, cwd=prod_env.ROOT, env=env, stdout=output,
                                        stderr=subprocess.STDOUT if output else None, start_new_session=True,
                                        preexec_fn=_die_with_launcher)
        if output:
            output.close()

    def ask_to_stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # gunicorn and qcluster: finish what is running, exit

    def wait_stopped(self) -> None:
        try:
            self.process.wait(timeout=self.grace)
        except subprocess.TimeoutExpired:
            print(f"  {self.name} did not stop within {self.grace:.0f} s: killed.", flush=True)
            self.process.kill()
            self.process.wait()
        # Anything it left behind in its group (the workers of a killed master).
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m deploy.prod", description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8000, help="the studio's port on 127.0.0.1 (default 8000)")
    parser.add_argument("--web-workers", type=int, default=3, help="gunicorn worker processes (default 3)")
    parser.add_argument("--clusters", type=int, default=2, help="manage.py qcluster processes (default 2)")
    parser.add_argument("--data", type=Path, help="keep PostgreSQL's data, media and keys in DIR between runs "
                                                  "(default: a throw-away folder)")
    parser.add_argument("--standin-port", type=int, help="the Pictory stand-in's port (default: any free one)")
    args = parser.parse_args(argv)
    for name in ("port", "web_workers", "clusters"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    return args


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind((prod_env.HOST, port))
        except OSError:
            return False
    return True


def _standin_port(root: Path, wanted: int | None) -> int:
    """A kept data folder keeps its stand-in's port: the studio stored video addresses on it."""
    saved = root / "port"
    kept = saved.read_text().strip() if saved.exists() else ""
    port = wanted or (int(kept) if kept.isdigit() else 0)
    if not port or not _port_free(port):
        if wanted:
            raise StartFailed(f"Port {wanted} for the Pictory stand-in is in use.")
        port = free_port()
    saved.write_text(str(port))
    return port


def _get(url: str | urllib.request.Request) -> int:
    """The HTTP status of a GET (0 when nothing answered)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def _run_step(what: str, command: list[str], env: dict) -> str:
    print(f"  {what}…", flush=True)
    done = subprocess.run(command, cwd=prod_env.ROOT, env=env, capture_output=True, text=True,
                          start_new_session=True)
    if done.returncode:
        raise StartFailed(f"{what} failed (exit {done.returncode}):\n{done.stdout}{done.stderr}".rstrip())
    return done.stdout


class Studio:
    """Starts the pieces in order and stops them in the reverse order."""

    def __init__(self, args: argparse.Namespace, data: Path):
        self.args = args
        self.data = data
        self.postgres: Postgres | None = None
        self.redis: Redis | None = None
        self.standin: prod_env.StandIn | None = None
        self.standin_child: Child | None = None
        self.clusters: list[Child] = []
        self.web: Child | None = None
        self.setup_output = ""
        self.health_path = "/healthz"

    @property
    def url(self) -> str:
        return f"http://{prod_env.HOST}:{self.args.port}"

    def start(self) -> None:
        if not _port_free(self.args.port):
            raise StartFailed(f"Port {self.args.port} on {prod_env.HOST} is in use: choose another with --port.")
        keys = prod_env.Secrets.load_or_create(self.data / "secrets.json")
        if not prod_env.pictory_credentials_configured(os.environ):
            root = self.data / "standin"
            root.mkdir(exist_ok=True)
            self.standin = prod_env.StandIn(port=_standin_port(root, self.args.standin_port), root=root,
                                            api_key=keys.standin_api_key, secret_key=keys.standin_secret_key)
            print(standin_notice(self.standin), flush=True)
        print("Starting PostgreSQL and Redis…", flush=True)
        try:
            self.postgres = Postgres(self.data / "postgres", durable=True)
            self.postgres.start()
            self.redis = Redis(self.data / "redis")
            self.redis.start()
        except RuntimeError as error:
            raise StartFailed(f"{error} (logs in {self.data})") from error
        env = prod_env.studio_environment(
            environ=os.environ, secret_key=keys.studio_secret_key, database_url=self.postgres.url,
            redis_url=self.redis.url, port=self.args.port, media_root=self.data / "media", standin=self.standin)
        print("Preparing the studio:", flush=True)
        _run_step("migrate", prod_env.manage_command("migrate", "--noinput"), env)
        _run_step("collectstatic", prod_env.manage_command("collectstatic", "--noinput"), env)
        self.setup_output = _run_step("studio_setup", prod_env.manage_command("studio_setup"), env)
        if self.standin:
            self._start_standin()
        print(f"Starting {_count(self.args.clusters, 'worker cluster')} and the web server…", flush=True)
        self.clusters = [Child(f"worker cluster {n}", prod_env.cluster_command(), env, grace=70)
                         for n in range(1, self.args.clusters + 1)]
        control = self.data / "web.ctl"
        self.web = Child("web server (gunicorn)", prod_env.web_command(
            port=self.args.port, workers=self.args.web_workers,
            control_socket=control if len(str(control)) < UNIX_SOCKET_PATH_MAX else None), env, grace=40)
        self._wait_for_web()

    def _start_standin(self) -> None:
        standin = self.standin
        env = prod_env.standin_environment(environ=os.environ, standin=standin)
        print("Preparing the Pictory stand-in:", flush=True)
        _run_step("migrate (stand-in)", prod_env.manage_command("migrate", "--noinput"), env)
        _run_step("createcachetable (stand-in)", prod_env.manage_command("createcachetable"), env)
        self.standin_child = Child("Pictory stand-in", prod_env.standin_command(port=standin.port), env, grace=20,
                                   log=standin.root / "standin.log")
        probe = urllib.request.Request(standin.api_url + "/v1/quota", headers={"Authorization": standin.api_key})
        self._wait_until("the Pictory stand-in", lambda: _get(probe) == 200)

    def _wait_for_web(self) -> None:
        def ready() -> bool:
            health = _get(self.url + "/healthz")
            if health == 200:  # and ready for work once a worker cluster is alive
                return _get(self.url + "/healthz?strict=1") == 200
            if health == 404:  # a studio without the health check: the sign-in page says it serves
                self.health_path = "/login/"
                return _get(self.url + "/login/") == 200
            return False

        self._wait_until("the web server", ready)

    def _wait_until(self, what: str, ready) -> None:
        deadline = time.monotonic() + READY_SECONDS
        while not ready():
            dead = self.dead_child()
            if dead:
                raise StartFailed(dead)
            if time.monotonic() > deadline:
                raise StartFailed(f"{what} was not ready within {READY_SECONDS} s.")
            time.sleep(0.5)

    def children(self) -> list[tuple[str, subprocess.Popen | None, Path | None]]:
        found = [("web server (gunicorn)", self.web.process if self.web else None, None)]
        found += [(child.name, child.process, None) for child in self.clusters]
        if self.standin_child:
            found.append((self.standin_child.name, self.standin_child.process, self.standin_child.log))
        if self.redis:
            found.append(("Redis", self.redis.process, self.redis.root / "redis.log"))
        if self.postgres:
            found.append(("PostgreSQL", self.postgres.process, self.postgres.root / "postgres.log"))
        return found

    def dead_child(self) -> str:
        """Why the studio cannot go on: which process exited by itself (empty while all run)."""
        for name, process, log in self.children():
            if process is not None and process.poll() is not None:
                where = f" (its log: {log})" if log else ""
                return f"{name} exited unexpectedly with code {process.returncode}{where}."
        return ""

    def watch(self) -> int:
        while True:
            dead = self.dead_child()
            if dead:
                print(f"\n{dead} Stopping everything.", flush=True)
                return 1
            time.sleep(0.5)

    def stop(self) -> None:
        if not (self.web or self.clusters or self.standin_child or self.redis or self.postgres):
            return
        print("\nStopping: web server, workers, stand-in, Redis, PostgreSQL…", flush=True)
        if self.web:
            self.web.ask_to_stop()
            self.web.wait_stopped()
        for cluster in self.clusters:
            cluster.ask_to_stop()
        for cluster in self.clusters:
            cluster.wait_stopped()
        if self.standin_child:
            self.standin_child.ask_to_stop()
            self.standin_child.wait_stopped()
        if self.redis:
            self.redis.stop()
        if self.postgres:
            self.postgres.stop()
        print("Stopped.", flush=True)

    def summary(self, *, throwaway: bool) -> str:
        pictory = (f"stand-in at {self.standin.api_url}" if self.standin
                   else os.environ.get("PICTORY_API_BASE_URL") or "Pictory (the credentials in the environment)")
        health = (f"{self.url}/healthz (?strict=1 also needs a live worker)" if self.health_path == "/healthz"
                  else f"{self.url}/login/ (this version has no /healthz)")
        data = f"{self.data} ({'removed when stopped' if throwaway else 'kept'})"
        line = "─" * 72
        lines = [
            line,
            "Pictory Studio is running with production settings — Ctrl-C stops everything.",
            "",
            f"  Studio        {self.url}/   (gunicorn, {_count(self.args.web_workers, 'worker')})",
            f"  Health check  {health}",
            f"  Workers       {self.args.clusters} × manage.py qcluster",
            f"  PostgreSQL    {self.postgres.url}",
            f"  Redis         {self.redis.url}",
            f"  Pictory       {pictory}",
            f"  Data          {data}",
            "",
            "  Plain HTTP on 127.0.0.1 only: the HTTPS redirect and Secure cookies are off for this run.",
        ]
        if self.standin:
            lines += ["", standin_notice(self.standin)]
        lines += ["", self.setup_output.strip(), line]
        return "\n".join(lines)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def standin_notice(standin: prod_env.StandIn) -> str:
    return (
        "No Pictory account is configured (no PICTORY_API_KEY), so a Pictory stand-in runs at\n"
        f"  {standin.url}: the studio's own sandbox in a separate process, playing Pictory (its\n"
        "  renders are real MP4s, its webhooks call the studio). Set PICTORY_API_KEY in the\n"
        "  environment and `make prod` uses the real Pictory instead; then no stand-in starts."
    )


def _on_signal(signum, frame) -> None:
    # Once: further Ctrl-C presses must not cut the orderly stop short.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise Interrupted


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    missing = missing_packages()
    if missing:
        print(f"make prod needs Debian's {' and '.join(missing)}: run `make prod` (it installs them) or "
              f"apt-get install {' '.join(missing)}.", file=sys.stderr)
        return 2
    throwaway = args.data is None
    data = Path(tempfile.mkdtemp(prefix="studio-prod-")) if throwaway else args.data.resolve()
    data.mkdir(parents=True, exist_ok=True)
    previous = {signum: signal.signal(signum, _on_signal) for signum in (signal.SIGINT, signal.SIGTERM)}
    studio = Studio(args, data)
    code = 0
    try:
        studio.start()
        print(studio.summary(throwaway=throwaway), flush=True)
        code = studio.watch()
    except Interrupted:
        code = 0
    except StartFailed as failure:
        print(f"\nCould not start the studio: {failure}", file=sys.stderr, flush=True)
        code = 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        studio.stop()
        if throwaway:
            shutil.rmtree(data, ignore_errors=True)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return code


if __name__ == "__main__":
    sys.exit(main())
