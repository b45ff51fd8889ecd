"""Batches: rows from a CSV, pasted text or the grid; the mapping step; every row validated.

Rows are validated the moment they are written, so the batch page always shows, before any
credit is spent, which rows will become videos and what stops the others.
"""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max

from templates_app.bulk.intake import IntakeLimits, ParsedTable, read_csv_upload
from templates_app.bulk.mapping import apply_mapping, mapping_problems, suggest_mapping
from templates_app.models import Batch, BatchRow, BatchStatus, VideoTemplate
from templates_app.services.variables import row_problems, values_hash
from videos.services.text import single_line, without_nul

INSERT_CHUNK = 1_000
PASTED_ROWS = "Pasted rows"  # the source name of a batch made from pasted rows


class MappingError(ValueError):
    """The chosen column mapping cannot make rows; nothing was created."""


def intake_limits() -> IntakeLimits:
    """The caps on rows coming in (BULK_MAX_*); the value cap is also the one rows are checked against."""
    return IntakeLimits(max_bytes=settings.BULK_MAX_UPLOAD_BYTES, max_rows=settings.BULK_MAX_ROWS,
                        max_columns=settings.BULK_MAX_COLUMNS, max_cell_chars=settings.BULK_MAX_VALUE_CHARS)


def batch_name_clean(name: str) -> str:
    """A batch name on one line: it goes into email subjects and file names.

    Line breaks, tabs and other control characters become spaces, runs of spaces one space;
    longer names are cut to the field's length.
    """
    return single_line(name)[: Batch._meta.get_field("name").max_length]


def _row(batch: Batch, number: int, values: dict[str, str], *, cells=None, variables=None, texts=None) -> BatchRow:
    variables = variables if variables is not None else batch.template.variable_names
    texts = texts if texts is not None else [s["text"] for s in batch.template.scenes]
    problems = row_problems(values, variables=variables, scene_texts=texts,
                            max_value_chars=settings.BULK_MAX_VALUE_CHARS)
    return BatchRow(batch=batch, number=number, values=values, source_cells=cells or [], problems=problems,
                    is_valid=not problems, values_hash=values_hash(values, variables))


def _start_mapping(*, template: VideoTemplate, user, name: str, data: bytes, source_name: str,
                   pasted: bool) -> Batch:
    table = read_csv_upload(data, limits=intake_limits(), pasted=pasted)
    mapping = suggest_mapping(table.headers, template.variable_names)
    batch = Batch(template=template, created_by=user,
                  name=batch_name_clean(name) or batch_name_clean(source_name) or batch_name_clean(template.name),
                  status=BatchStatus.MAPPING, source_name=source_name, source_headers=table.headers,
                  mapping={str(k): v for k, v in mapping.items()})
    batch.source_file.save(f"batch-{template.pk}.csv", ContentFile(data), save=False)
    batch.save()
    return batch


def batch_start_upload(*, template: VideoTemplate, user, name: str, data: bytes, filename: str) -> Batch:
    """Read an uploaded CSV and wait for the user to confirm the mapping.

    Raises IntakeError with a reason for files that cannot be read; nothing is stored then.
    """
    return _start_mapping(template=template, user=user, name=name, data=data, source_name=filename, pasted=False)


def batch_start_paste(*, template: VideoTemplate, user, name: str, text: str) -> Batch:
    """Rows pasted from a spreadsheet: read like an upload (same caps), with messages about pasting."""
    return _start_mapping(template=template, user=user, name=name, data=text.encode("utf-8", "replace"),
                          source_name=PASTED_ROWS, pasted=True)


def batch_start_grid(*, template: VideoTemplate, user, name: str, rows: int = 3) -> Batch:
    """An empty grid to type rows into."""
    with transaction.atomic():
        batch = Batch.objects.create(template=template, created_by=user,
                                     name=batch_name_clean(name) or batch_name_clean(template.name),
                                     status=BatchStatus.DRAFT, source_headers=template.variable_names)
        empty = dict.fromkeys(template.variable_names, "")
        BatchRow.objects.bulk_create(_row(batch, n, dict(empty)) for n in range(1, rows + 1))
    return batch


class UploadGone(MappingError):
    """The file waiting to be mapped is no longer on the server (media cleared or moved)."""


def batch_table(batch: Batch) -> ParsedTable:
    try:
        with batch.source_file.open("rb") as handle:
            data = handle.read()
    except (ValueError, OSError) as exc:  # no file recorded, or the file is missing on disk
        raise UploadGone("The rows uploaded for this batch are no longer on the server. Start a new batch "
                         "and upload them again.") from exc
    return read_csv_upload(data, limits=intake_limits(), pasted=batch.source_name == PASTED_ROWS)


def batch_apply_mapping(*, batch: Batch, mapping: dict[int, str | None]) -> int:
    """Create the batch's rows from its upload with the user's column mapping."""
    if batch.status != BatchStatus.MAPPING:
        raise MappingError("This batch's columns are already mapped.")
    variables = batch.template.variable_names
    table = batch_table(batch)
    problems = mapping_problems(mapping, variables, headers=table.headers)
    if problems:
        raise MappingError(" ".join(problems))
    texts = [s["text"] for s in batch.template.scenes]
    rows = apply_mapping(table, mapping)
    with transaction.atomic():
        batch.rows.all().delete()
        chunk: list[BatchRow] = []
        for number, (values, cells) in enumerate(zip(rows, table.rows, strict=True), start=1):
            chunk.append(_row(batch, number, values, cells=cells, variables=variables, texts=texts))
            if len(chunk) == INSERT_CHUNK:
                BatchRow.objects.bulk_create(chunk)
                chunk = []
        BatchRow.objects.bulk_create(chunk)
        batch.mapping = {str(k): v for k, v in mapping.items()}
        batch.status = BatchStatus.DRAFT
        batch.save(update_fields=["mapping", "status"])
    return len(rows)


def batch_row_add(*, batch: Batch) -> BatchRow:
    with transaction.atomic():
        top = batch.rows.aggregate(top=Max("number"))["top"] or 0
        row = _row(batch, top + 1, dict.fromkeys(batch.template.variable_names, ""))
        row.save()
    return row


def batch_row_update(*, row: BatchRow, values: dict[str, str]) -> BatchRow:
    """Save what was typed (always) and re-check it."""
    template = row.batch.template
    merged = {**row.values, **{k: without_nul(v) for k, v in values.items() if k in template.variables}}
    fresh = _row(row.batch, row.number, merged, cells=row.source_cells)
    row.values, row.problems, row.is_valid, row.values_hash = fresh.values, fresh.problems, fresh.is_valid, \
        fresh.values_hash
    row.save(update_fields=["values", "problems", "is_valid", "values_hash", "updated_at"])
    return row


def batch_row_delete(*, row: BatchRow) -> None:
    row.delete()
