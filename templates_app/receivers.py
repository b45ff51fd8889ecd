"""React to render jobs finishing: send the next bulk jobs, and notice finished batches."""

from templates_app.models import BatchRow
from videos.services.queue import BATCH_FINISH_CHECK, DISPATCH, enqueue
from videos.signals import render_job_finished


def on_render_job_finished(sender, *, job_id: int, status: str, **kwargs) -> None:
    batch_id = BatchRow.objects.filter(render_job_id=job_id).values_list("batch_id", flat=True).first()
    preview = batch_id is None and BatchRow.objects.filter(preview_job_id=job_id).exists()
    if batch_id is None and not preview:
        return

    enqueue(DISPATCH, after_commit=True)
    if batch_id is not None:
        enqueue(BATCH_FINISH_CHECK, batch_id, after_commit=True)


def connect() -> None:
    render_job_finished.connect(on_render_job_finished, dispatch_uid="templates_app.on_render_job_finished")
