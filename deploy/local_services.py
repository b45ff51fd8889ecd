"""Throw-away PostgreSQL and Redis servers on loopback, from Debian's packages.

Used by `make prod`, the PostgreSQL + Redis test run and the benches. Each server keeps its data
in a folder it is given, listens on 127.0.0.1 only, and can be stopped and started again on
the same port (to test what happens when one restarts in the middle of a batch). PostgreSQL
refuses to run as root, so as root it runs as Debian's `postgres` user.
"""
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, timeout: float, what: str, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited while starting (code {process.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not start listening on 127.0.0.1:{port} within {timeout:.0f} s")


def postgres_bin_dir() -> Path | None:
    """Debian's newest PostgreSQL server binaries, or None when they are not installed."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


def missing_packages() -> list[str]:
    """Debian packages these servers need that are not installed."""
    missing = []
    if postgres_bin_dir() is None:
        missing.append("postgresql")
    if shutil.which("redis-server") is None:
        missing.append("redis-server")
    return missing


class _Server:
    """Stop, restart and `with` for one server process started by `start()`."""

    process: subprocess.Popen | None = None

    def start(self):
        raise NotImplementedError

    def _stop_signal(self) -> int:
        return signal.SIGTERM

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(self._stop_signal())
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def restart(self, *, down_seconds: float = 0.0) -> None:
        self.stop()
        time.sleep(down_seconds)
        self.start()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class Postgres(_Server):
    """One PostgreSQL cluster in `root`, with one database, trusted on loopback only."""

    database = "studio"
    superuser = "postgres"

    def __init__(self, root: Path, *, port: int | None = None, durable: bool = True):
        self.root = Path(root)
        self.port = port or free_port()
        # Tests trade crash safety for speed; a studio started by `make prod` keeps it.
        self.durable = durable
        self.bin = postgres_bin_dir()
        if self.bin is None:
            raise RuntimeError("PostgreSQL is not installed: apt-get install postgresql")
        self.data = self.root / "pgdata"
        self.process: subprocess.Popen | None = None
        self._user = None
        if os.geteuid() == 0:
            self._user = pwd.getpwnam("postgres")

    @property
    def url(self) -> str:
        return f"postgres://{self.superuser}@127.0.0.1:{self.port}/{self.database}"

    def _run_as(self) -> dict:
        return {"user": self._user.pw_uid, "group": self._user.pw_gid, "extra_groups": []} if self._user else {}

    def _own(self, path: Path) -> None:
        if self._user:
            os.chown(path, self._user.pw_uid, self._user.pw_gid)

    def _initdb(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self._let_postgres_through()
        self.data.mkdir(mode=0o700)
        self._own(self.data)
        done = subprocess.run(
            [str(self.bin / "initdb"), "-D", str(self.data), "-U", self.superuser, "-A", "trust", "-E", "UTF8",
             "--locale=C.UTF-8", "--no-instructions"],
            capture_output=True, text=True, **self._run_as(),
        )
        if done.returncode:
            raise RuntimeError(f"initdb failed: {done.stderr.strip() or done.stdout.strip()}")

    def _let_postgres_through(self) -> None:
        """The postgres user must pass through the folders above its data (a temporary folder is
        0700): add search permission, never read permission, to the ones this process owns."""
        if not self._user:
            return
        for folder in [self.root, *self.root.parents]:
            info = folder.stat()
            if info.st_uid == os.geteuid() and not info.st_mode & 0o001:
                os.chmod(folder, info.st_mode | 0o001)

    def start(self) -> "Postgres":
        if not self.data.exists():
            self._initdb()
        settings = ["-c", "listen_addresses=127.0.0.1", "-c", f"port={self.port}",
                    "-c", f"unix_socket_directories={self.data}", "-c", "max_connections=200"]
        if not self.durable:
            settings += ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
        log = (self.root / "postgres.log").open("a")  # noqa: SIM115 -- kept open for the server's life
        self.process = subprocess.Popen([str(self.bin / "postgres"), "-D", str(self.data), *settings],
                                        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                                        **self._run_as())
        log.close()
        _wait_for_port(self.port, 30, "PostgreSQL", self.process)
        self._wait_until_accepting()
        return self

    def _psql(self, sql: str, database: str = "postgres") -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(self.bin / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", self.superuser, "-d", database,
             "-v", "ON_ERROR_STOP=1", "-qAtc", sql],
            capture_output=True, text=True,
        )

    def _wait_until_accepting(self) -> None:
        deadline = time.monotonic() + 30
        while self._psql("SELECT 1").returncode != 0:
            if time.monotonic() > deadline:
                raise RuntimeError("PostgreSQL did not accept connections within 30 s")
            time.sleep(0.1)
        exists = self._psql(f"SELECT 1 FROM pg_database WHERE datname = '{self.database}'").stdout.strip()
        if not exists:
            self._psql(f"CREATE DATABASE {self.database}").check_returncode()

    def _stop_signal(self) -> int:
        return signal.SIGINT  # "fast" shutdown; SIGTERM ("smart") waits for clients


class Redis(_Server):
    """One Redis server on loopback that keeps nothing on disk."""

    def __init__(self, root: Path, *, port: int | None = None):
        self.root = Path(root)
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "Redis":
        self.root.mkdir(parents=True, exist_ok=True)
        log = (self.root / "redis.log").open("a")  # noqa: SIM115 -- kept open for the server's life
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no",
             "--dir", str(self.root), "--protected-mode", "yes", "--daemonize", "no"],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        log.close()
        _wait_for_port(self.port, 15, "Redis", self.process)
        return self
