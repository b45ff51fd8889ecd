"""CSV export of bulk results that is safe to open in a spreadsheet."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any, TextIO

# OWASP "CSV Injection" / CWE-1236: a cell starting with one of these is read as a formula by
# Excel, LibreOffice or Google Sheets. The full-width forms are included because some
# spreadsheet locales treat them the same way.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value: Any) -> str:
    """The cell as text, with a leading apostrophe when a spreadsheet would run it as a formula.

    Cells starting with =, +, -, @, a tab or a carriage return are prefixed with "'" (OWASP
    CSV-injection guidance, CWE-1236). This deliberately includes negative numbers such as "-5"
    and phone numbers such as "+44 20 7946 0000": telling them apart from a formula like
    "-2+3" or "+cmd|' /C calc'!A0" by pattern is exactly what attackers probe for, and a
    visible apostrophe is a small price. None becomes "".
    """
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def write_csv(rows: Iterable[list[Any]], out: TextIO) -> None:
    """Write rows as RFC 4180 CSV (CRLF line ends, quotes only where needed), every cell through safe_cell.

    out should be opened with newline="" when it is a file. Text only: encode as UTF-8 and add a
    BOM where Excel needs one (csv_bytes does both).
    """
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])


def csv_bytes(headers: list[Any], rows: Iterable[list[Any]]) -> bytes:
    """A whole CSV as UTF-8 with a BOM, so that Excel shows accented letters correctly."""
    buffer = io.StringIO(newline="")
    buffer.write("\ufeff")
    write_csv([headers], buffer)
    write_csv(rows, buffer)
    return buffer.getvalue().encode("utf-8")
