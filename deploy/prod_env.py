"""What `make prod` runs: the environments and command lines of its processes, without starting any.

The studio runs under production settings, served over plain HTTP on loopback only, so the
HTTPS-only switches (the redirect, Secure cookies) are turned off here and nowhere else. Without
Pictory credentials a "Pictory stand-in" is used: a second copy of the studio in sandbox mode,
on its own port, database and media folder, whose /sandbox/pictoryapis imitates Pictory.
"""
import json
import os
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
SANDBOX_API_PATH = "/sandbox/pictoryapis"
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
# Set here for each process, never inherited from the caller's shell.
_OWNED = ("DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "SQLITE_PATH", "MEDIA_ROOT",
          "DEBUG", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "SECURE_SSL_REDIRECT", "SECURE_COOKIES",
          "STUDIO_BASE_URL", "PICTORY_WEBHOOK_BASE_URL", "TRUSTED_PROXY_COUNT")
_CREDENTIALS = ("PICTORY_API_KEY", "PICTORY_CLIENT_ID", "PICTORY_CLIENT_SECRET", "PICTORY_USER_ID",
                "PICTORY_API_BASE_URL")


def pictory_credentials_configured(environ) -> bool:
    """The same rule as the settings: an API key, or both halves of the OAuth pair."""
    def value(name: str) -> str:
        return environ.get(name, "").strip()

    return bool(value("PICTORY_API_KEY") or (value("PICTORY_CLIENT_ID") and value("PICTORY_CLIENT_SECRET")))


@dataclass(frozen=True)
class Secrets:
    """Generated once per data folder: a kept folder keeps its sessions, webhook addresses and
    the stand-in's account (templates belong to its API key)."""

    studio_secret_key: str
    standin_secret_key: str
    standin_api_key: str

    @classmethod
    def load_or_create(cls, path: Path) -> "Secrets":
        if path.exists():
            return cls(**json.loads(path.read_text()))
        made = cls(studio_secret_key=secrets.token_urlsafe(50), standin_secret_key=secrets.token_urlsafe(50),
                   standin_api_key=f"pictai_standin_{secrets.token_urlsafe(24)}")
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            json.dump(made.__dict__, handle)
        return made


@dataclass(frozen=True)
class StandIn:
    """The Pictory stand-in: where it listens, its folder and its API key."""

    port: int
    root: Path
    api_key: str
    secret_key: str

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def api_url(self) -> str:
        return self.url + SANDBOX_API_PATH


def _inherited(environ, *, drop: tuple[str, ...]) -> dict:
    return {name: value for name, value in environ.items() if name not in drop}


def studio_environment(*, environ, secret_key: str, database_url: str, redis_url: str, port: int,
                       media_root: Path, standin: StandIn | None) -> dict:
    """The production studio's environment (web server, workers and the setup commands)."""
    url = f"http://{HOST}:{port}"
    env = _inherited(environ, drop=_OWNED + (_CREDENTIALS if standin else ()))
    env.update({
        "DJANGO_SETTINGS_MODULE": "pictory_studio.settings.production",
        "SECRET_KEY": secret_key,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DEBUG": "false",
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "MEDIA_ROOT": str(media_root),
        "STUDIO_BASE_URL": url,
        # Plain HTTP on loopback only: no HTTPS redirect, cookies a browser returns over http://.
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "PYTHONUNBUFFERED": "1",
    })
    if standin:
        env.update({"PICTORY_API_BASE_URL": standin.api_url, "PICTORY_API_KEY": standin.api_key,
                    # The stand-in calls the studio back on loopback when a job ends.
                    "PICTORY_WEBHOOK_BASE_URL": url})
    elif environ.get("PICTORY_WEBHOOK_BASE_URL"):
        # Pictory cannot reach loopback: webhooks only when a public address is given.
        env["PICTORY_WEBHOOK_BASE_URL"] = environ["PICTORY_WEBHOOK_BASE_URL"]
    return env


def standin_environment(*, environ, standin: StandIn) -> dict:
    """The stand-in's environment: the studio's base settings in sandbox mode, on its own SQLite
    database and media folder, with no Pictory credentials, PostgreSQL or Redis of the studio's."""
    env = _inherited(environ, drop=_OWNED + _CREDENTIALS + ("STUDIO_ADMIN_PASSWORD", "PICTORY_SANDBOX_API_KEY"))
    env.update({
        "DJANGO_SETTINGS_MODULE": "pictory_studio.settings.base",
        "SECRET_KEY": standin.secret_key,
        "SQLITE_PATH": str(standin.root / "db.sqlite3"),
        "MEDIA_ROOT": str(standin.root / "media"),
        "DEBUG": "false",
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "STUDIO_BASE_URL": standin.url,
        "PICTORY_SANDBOX_API_KEY": standin.api_key,
        "PYTHONUNBUFFERED": "1",
    })
    return env


def manage_command(*args: str) -> list[str]:
    return [sys.executable, str(ROOT / "manage.py"), *args]


def web_command(*, port: int, workers: int, control_socket: Path | None) -> list[str]:
    command = [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF), "--bind", f"{HOST}:{port}",
               "--workers", str(workers)]
    command += ["--control-socket", str(control_socket)] if control_socket else ["--no-control-socket"]
    return [*command, "pictory_studio.wsgi"]


def standin_command(*, port: int) -> list[str]:
    """One process: the sandbox finishes jobs and sends webhooks on threads of the process that
    took the job, and keeps its request budget per process, as it does inside `make run`."""
    return [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF), "--bind", f"{HOST}:{port}",
            "--workers", "1", "--threads", "8", "--no-control-socket", "pictory_studio.wsgi"]


def cluster_command() -> list[str]:
    return manage_command("qcluster")
