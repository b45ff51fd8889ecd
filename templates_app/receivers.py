"""React to render jobs finishing: send the next bulk jobs, and notice finished batches."""
from django.db import transaction
from django_q.tasks import async_task

from templates_app.models import BatchRow
from videos.signals import render_job_finished


def on_render_job_finished(sender, *, job_id: int, status: str, **kwargs) -> None:
    batch_id = BatchRow.objects.filter(render_job_id=job_id).values_list("batch_id", flat=True).first()
    preview = batch_id is None and BatchRow.objects.filter(preview_job_id=job_id).exists()
    if batch_id is None and not preview:
        return

    def follow_up():
        async_task("templates_app.tasks.pooled_dispatch_task", task_name="pooled-dispatch")
        if batch_id is not None:
            async_task("templates_app.tasks.batch_finish_check_task", batch_id, task_name=f"batch-finish:{batch_id}")

    transaction.on_commit(follow_up)


def connect() -> None:
    render_job_finished.connect(on_render_job_finished, dispatch_uid="templates_app.on_render_job_finished")
