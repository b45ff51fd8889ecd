"""django-q2 entry points for bulk videos: thin adapters around services."""
from templates_app.services import dispatch


def pooled_dispatch_task() -> int:
    return dispatch.pooled_dispatch()


def batch_finish_check_task(batch_id: int) -> bool:
    return dispatch.batch_check_finished(batch_id=batch_id)
