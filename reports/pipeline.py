"""The reports pipeline: dlt loads the sources into DuckDB (a file in the media folder by
default, or any destination dlt knows, from REPORTS_DESTINATION), keeping its state beside it,
never in the home folder."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

# dlt would otherwise report usage over the network; the studio never does.
os.environ.setdefault("RUNTIME__DLTHUB_TELEMETRY", "false")

import dlt  # noqa: E402 -- after the telemetry switch

from reports import sources  # noqa: E402

PIPELINE_NAME = "studio_reports"


@dataclass(frozen=True)
class LoadResult:
    rows: dict[str, int]
    problems: list[str]


def reports_folder() -> Path:
    folder = Path(settings.REPORTS_FOLDER)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def duckdb_path() -> Path:
    # Not named like the dataset: DuckDB would then find two "studio_reports" (file and schema).
    return reports_folder() / "reports.duckdb"


def _destination():
    if settings.REPORTS_DESTINATION == "duckdb":
        return dlt.destinations.duckdb(str(duckdb_path()))
    return settings.REPORTS_DESTINATION  # a destination name dlt resolves with its own configuration


def _file_format() -> str | None:
    # DuckDB reads JSON lines itself; dlt's default for it (one INSERT … VALUES statement per file)
    # made a first load of 10,000 jobs peak at 650 MB instead of 170 MB, all of it in parsing SQL.
    return "jsonl" if settings.REPORTS_DESTINATION == "duckdb" else None  # others: their own default


def _pipeline():
    return dlt.pipeline(pipeline_name=PIPELINE_NAME, destination=_destination(), dataset_name=settings.REPORTS_DATASET,
                        pipelines_dir=str(reports_folder() / "state"), progress=None)


def load_everything() -> LoadResult:
    """Run the pipeline once; rows loaded per table, and problems that did not stop it."""
    pipeline = _pipeline()
    data = [sources.pictory_source(), sources.studio_history()]
    balance, problem = sources.picsart_balance()
    if balance:
        data.append(dlt.resource(balance, name="picsart_balance", write_disposition="append"))
    pipeline.run(data, loader_file_format=_file_format())
    return LoadResult(rows=_rows_loaded(pipeline), problems=[problem] if problem else [])


def _rows_loaded(pipeline) -> dict[str, int]:
    trace = pipeline.last_trace
    counts = trace.last_normalize_info.row_counts if trace and trace.last_normalize_info else {}
    return {table: count for table, count in counts.items() if not table.startswith("_dlt")}
