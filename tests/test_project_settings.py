"""The background task paths a worker must be able to import."""
import ast
import importlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


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


def test_a_task_timeout_shorter_than_one_pictory_request_is_refused_at_start(settings):
    from pictory_studio.apps import a_task_outlasts_one_pictory_call

    assert a_task_outlasts_one_pictory_call() == []  # the shipped settings
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "timeout": 20}
    settings.PICTORY_READ_TIMEOUT = 30
    [error] = a_task_outlasts_one_pictory_call()
    assert error.id == "pictory_studio.E002" and "stopped after 20 s" in error.msg


def test_the_dispatchers_last_send_ends_inside_its_task_timeout(settings):
    from pictory_studio.apps import one_call_seconds
    from templates_app.services.dispatch import _run_seconds
    from videos.services.pacing import MAX_INLINE_WAIT

    for claim in (90, 120, 600):
        settings.Q_CLUSTER = {**settings.Q_CLUSTER, "timeout": min(60, claim // 2)}
        assert _run_seconds() + MAX_INLINE_WAIT + one_call_seconds() <= settings.Q_CLUSTER["timeout"]
