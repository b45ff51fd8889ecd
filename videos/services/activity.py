"""The per-project activity log."""
from videos.models import Activity


def activity_log(*, project, verb: str, actor=None, job=None, detail: str = "") -> Activity:
    return Activity.objects.create(project=project, verb=verb, actor=actor, job=job, detail=detail[:300])
