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

INSERT_CHUNK = 1_000


class MappingError(ValueError):
    """The chosen column mapping cannot make rows; nothing was created."""


def intake_limits() -> IntakeLimits:
    return IntakeLimits(max_bytes=settings.BULK_MAX_UPLOAD_BYTES, max_rows=settings.BULK_MAX_ROWS,
                        max_columns=settings.BULK_MAX_COLUMNS)


def _row(batch: Batch, number: int, values: dict[str, str], *, cells=None, variables=None, texts=None) -> BatchRow:
    variables = variables if variables is not None else batch.template.variable_names
    texts = texts if texts is not None else [s["text"] for s in batch.template.scenes]
    problems = row_problems(values, variables=variables, scene_texts=texts)
    return BatchRow(batch=batch, number=number, values=values, source_cells=cells or [], problems=problems,
                    is_valid=not problems, values_hash=values_hash(values, variables))


def batch_start_upload(*, template: VideoTemplate, user, name: str, data: bytes, filename: str) -> Batch:
    """Read a CSV (or pasted text, as bytes) and wait for the user to confirm the mapping.

    Raises IntakeError with a reason for files that cannot be read; nothing is stored then.
    """
    table = read_csv_upload(data, limits=intake_limits())
    mapping = suggest_mapping(table.headers, template.variable_names)
    batch = Batch(template=template, created_by=user, name=name or filename or template.name,
                  status=BatchStatus.MAPPING, source_name=filename, source_headers=table.headers,
                  mapping={str(k): v for k, v in mapping.items()})
    batch.source_file.save(f"batch-{template.pk}.csv", ContentFile(data), save=False)
    batch.save()
    return batch


def batch_start_grid(*, template: VideoTemplate, user, name: str, rows: int = 3) -> Batch:
    """An empty grid to type rows into."""
    with transaction.atomic():
        batch = Batch.objects.create(template=template, created_by=user, name=name or template.name,
                                     status=BatchStatus.DRAFT, source_headers=template.variable_names)
        empty = dict.fromkeys(template.variable_names, "")
        BatchRow.objects.bulk_create(_row(batch, n, dict(empty)) for n in range(1, rows + 1))
    return batch


def batch_table(batch: Batch) -> ParsedTable:
    with batch.source_file.open("rb") as handle:
        return read_csv_upload(handle.read(), limits=intake_limits())


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
    merged = {**row.values, **{k: v for k, v in values.items() if k in template.variables}}
    fresh = _row(row.batch, row.number, merged, cells=row.source_cells)
    row.values, row.problems, row.is_valid, row.values_hash = fresh.values, fresh.problems, fresh.is_valid, \
        fresh.values_hash
    row.save(update_fields=["values", "problems", "is_valid", "values_hash", "updated_at"])
    return row


def batch_row_delete(*, row: BatchRow) -> None:
    row.delete()
