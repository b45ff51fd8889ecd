"""What a finished batch hands back: a results CSV and one file of video links."""
from templates_app.bulk.export import csv_bytes
from templates_app.models import Batch
from templates_app.selectors import row_state
from videos.job_states import JobStatus
from videos.services.explain import explain_failure

RESULT_COLUMNS = ["status", "video_url", "share_url", "error"]


def _columns(batch: Batch) -> tuple[list[str], dict[int, str]]:
    """The original columns (with edits applied to the mapped ones), or the variables for grid batches."""
    if batch.source_headers and batch.mapping:
        mapped = {int(index): name for index, name in batch.mapping.items() if name}
        return list(batch.source_headers), mapped
    names = batch.template.variable_names
    return names, dict(enumerate(names))


def results_csv(batch: Batch) -> bytes:
    headers, mapped = _columns(batch)
    lines = []
    for row in batch.rows.select_related("render_job").order_by("number").iterator(chunk_size=1000):
        cells = list(row.source_cells) + [""] * (len(headers) - len(row.source_cells))
        for index, name in mapped.items():
            cells[index] = row.values.get(name, "")
        job = row.render_job
        state = row_state(row)
        error = ""
        if state == "invalid":
            error = "; ".join(p["message"] for p in row.problems)
        elif job is not None and state == "failed":
            error = " ".join(explain_failure(job.error_code, job.error_message))
        lines.append(cells[: len(headers)] + [
            state, job.video_url if job else "", job.share_url if job else "", error,
        ])
    return csv_bytes(headers + RESULT_COLUMNS, lines)


def video_links(batch: Batch) -> str:
    """One finished video address per line (e.g. for a download manager), in row order."""
    urls = (batch.rows.filter(render_job__status=JobStatus.COMPLETED).exclude(render_job__video_url="")
            .order_by("number").values_list("render_job__video_url", flat=True))
    return "".join(f"{url}\n" for url in urls)
