"""The one way work is handed to the django-q2 workers.

Tasks get primary keys only (never payloads or secrets). `after_commit=True` waits for the
surrounding transaction, so a worker never looks for a row that is not saved yet.
"""
from django.db import transaction

SUBMIT = "videos.tasks.render_job_submit_task"
REFRESH = "videos.tasks.render_job_refresh_task"
DISPATCH = "templates_app.tasks.pooled_dispatch_task"
BATCH_FINISH_CHECK = "templates_app.tasks.batch_finish_check_task"


def enqueue(task: str, *args: int, after_commit: bool = False, timeout: int | None = None) -> None:
    """Queue `task` (one of the dotted names above) with primary-key arguments.

    `timeout` replaces the cluster's time limit for this one task (a long load, not an API call).
    """
    from django_q.tasks import async_task

    name = ":".join([task.rsplit(".", 1)[-1], *map(str, args)])
    options = {"task_name": name, **({"q_options": {"timeout": timeout}} if timeout else {})}

    def send() -> None:
        async_task(task, *args, **options)

    if after_commit:
        transaction.on_commit(send)
    else:
        send()
