"""Deployment settings and the background task paths a worker must be able to import."""
import ast
import importlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_production_settings_pass_djangos_deploy_checks():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}  # set by browser tests
    env = {**env, "DJANGO_SETTINGS_MODULE": "pictory_studio.settings.production",
           "SECRET_KEY": "x" * 30 + "-a-long-random-production-secret-value", "DEBUG": "false",
           "ALLOWED_HOSTS": "studio.example.com"}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_the_development_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "pictory_studio.settings.production"
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "Set SECRET_KEY" in result.stderr


def _enqueued_paths() -> set[str]:
    """Every dotted task path written in the code (async_task calls and schedules)."""
    paths = set()
    sources = [path for app in ("videos", "templates_app", "pictory_studio") for path in (ROOT / app).rglob("*.py")]
    for source in sources:
        for node in ast.walk(ast.parse(source.read_text())):
            text = node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else ""
            if text.count(".tasks.") == 1 and " " not in text:
                paths.add(text)
    return paths


def test_every_task_path_a_worker_is_given_can_be_imported():
    paths = _enqueued_paths()
    assert {"videos.tasks.render_job_submit_task", "videos.tasks.render_jobs_sweep_task",
            "templates_app.tasks.pooled_dispatch_task"} <= paths
    for path in paths:
        module, name = path.rsplit(".", 1)
        assert callable(getattr(importlib.import_module(module), name)), path
