"""Run the development web server and a django-q2 worker together; Ctrl-C stops both.

A development helper: under production settings it refuses and says what to run instead.
"""
import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def _default_signals() -> None:
    """Children react to Ctrl-C even when started from a shell that ignores it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def child_environment(addrport: str, environ) -> dict:
    """The web server's and the worker's environment: the worker reaches the sandbox through the
    web server, so both are told where it listens unless STUDIO_BASE_URL says otherwise."""
    env = dict(environ)
    if not env.get("STUDIO_BASE_URL"):
        env["STUDIO_BASE_URL"] = f"http://{addrport if ':' in addrport else '127.0.0.1:' + addrport}"
    return env


class Command(BaseCommand):
    help = "Start the web server and the background worker together."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport: str, **options):
        if settings.STUDIO_PRODUCTION:
            raise CommandError(
                "runstudio starts Django's development server and is not for production. Serve "
                "pictory_studio.wsgi with a WSGI server (e.g. gunicorn) and run `manage.py qcluster` workers."
            )
        manage = [sys.executable, "manage.py"]
        env = child_environment(addrport, os.environ)
        processes = [
            subprocess.Popen([*manage, "runserver", addrport, "--noreload"], preexec_fn=_default_signals, env=env),
            subprocess.Popen([*manage, "qcluster"], preexec_fn=_default_signals, env=env),
        ]
        self.stdout.write(self.style.SUCCESS(f"Pictory Studio is running on http://{addrport}/ — Ctrl-C stops it."))

        def stop(*_):
            # SIGTERM: the worker finishes its current task and exits; the web server just exits.
            for process in processes:
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGTERM, stop)
        try:
            while all(p.poll() is None for p in processes):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        stop()
        deadline = time.monotonic() + 15
        for process in processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
        self.stdout.write("Stopped the web server and the worker.")
