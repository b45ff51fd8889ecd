"""CSV intake, column mapping and CSV export for bulk videos (plain Python, no Django)."""
from .export import csv_bytes, safe_cell, write_csv
from .intake import (
    IntakeError,
    IntakeLimits,
    ParsedTable,
    decode_csv_bytes,
    parse_table,
    read_csv_upload,
    sniff_delimiter,
)
from .mapping import apply_mapping, mapping_problems, normalise_name, suggest_mapping

__all__ = [
    "IntakeError",
    "IntakeLimits",
    "ParsedTable",
    "apply_mapping",
    "csv_bytes",
    "decode_csv_bytes",
    "mapping_problems",
    "normalise_name",
    "parse_table",
    "read_csv_upload",
    "safe_cell",
    "sniff_delimiter",
    "suggest_mapping",
    "write_csv",
]
