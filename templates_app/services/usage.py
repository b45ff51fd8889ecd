"""What a batch will use of the account's video minutes: rows × each row's estimated length."""
import re

from templates_app.models import Batch
from videos.services.estimates import scene_seconds

_PLACEHOLDER = re.compile(r"\{\{\s*([^{}]+?)\s*\}\}")


def row_seconds(*, template, values: dict) -> float:
    """The length of one row's video: the template's scene texts with the row's values in place."""
    total = 0.0
    for scene in template.scenes or []:
        text = _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), "")), str(scene.get("text", "")))
        total += scene_seconds(narration=text)
    return total


def batch_video_minutes(*, batch: Batch, rows) -> float:
    """Estimated video minutes for `rows` (an iterable of rows or of their values)."""
    template = batch.template
    seconds = sum(row_seconds(template=template, values=(row if isinstance(row, dict) else row.values) or {})
                  for row in rows)
    return seconds / 60


SAMPLE_ROWS = 200


def batch_launch_minutes(*, batch: Batch) -> tuple[int, float]:
    """(rows waiting to launch, their estimated video minutes), from a sample of at most 200 rows."""
    waiting = batch.rows.filter(is_valid=True, render_job__isnull=True)
    # Both reads happen whatever the batch holds, so the page's query count stays the same.
    count = waiting.count()
    sample = list(waiting.order_by("number").values_list("values", flat=True)[:SAMPLE_ROWS])
    if not count or not sample:
        return count, 0.0
    return count, batch_video_minutes(batch=batch, rows=sample) * count / len(sample)
