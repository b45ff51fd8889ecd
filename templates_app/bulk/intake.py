"""Reading a CSV (uploaded bytes or pasted text) into a header row and rows of values.

Forgiving about what real spreadsheets produce:

* UTF-8 with or without a byte-order mark; Windows-1252 when the bytes are not UTF-8; UTF-16
  with a byte-order mark (Excel's "Unicode Text" export).
* Comma, semicolon or tab delimiters, detected from the header row.
* Header names as written, stripped of surrounding whitespace; trailing blank header cells
  (spreadsheets often export a few) are dropped.
* Newlines inside quoted values are kept (as "\\n"); rows whose cells are all blank are skipped
  wherever they are, and counted.
* Rows with fewer values than the header are padded with ""; extra values are accepted only
  when they are all blank.

Strict about what cannot be read safely: NUL bytes, a blank first row (no header), duplicate
column names and anything over the caps of IntakeLimits are refused with an IntakeError whose
message tells the person who uploaded the file what is wrong and what to do.

The parser streams through csv.reader; the only large structure it builds is the list of rows
it returns.
"""
from __future__ import annotations

import codecs
import csv
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from .mapping import normalise_name

DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
# On a tie in the header row, the rarer character in ordinary text wins.
_TIE_PREFERENCE = {"\t": 2, ";": 1, ",": 0}
SNIFF_SAMPLE_CHARS = 64 * 1024
SNIFF_LINES = 20
_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+")

SAVE_AS_CSV = 'In your spreadsheet choose "Save as" > "CSV UTF-8 (Comma delimited)" and upload that file.'


@dataclass(frozen=True)
class IntakeLimits:
    max_bytes: int = 5 * 1024 * 1024
    max_rows: int = 10_000
    max_columns: int = 50
    max_cell_chars: int = 2000

    def describe(self) -> str:
        """The caps in words, for the upload page."""
        return (
            f"Up to {format_size(self.max_bytes)}, {self.max_rows:,} rows and {self.max_columns:,} columns; "
            f"each value up to {self.max_cell_chars:,} characters."
        )


DEFAULT_LIMITS = IntakeLimits()


class IntakeError(ValueError):
    """The CSV cannot be used. str(error) is a complete sentence for the person who supplied it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class ParsedTable:
    headers: list[str]  # as written, stripped; "" for a blank header cell between named ones
    rows: list[list[str]]  # every row has exactly len(headers) values, not stripped
    delimiter: str
    encoding: str  # "utf-8", "utf-8-sig" (with BOM), "cp1252", "utf-16"; "" for pasted text
    skipped_blank_rows: int

    def column_label(self, index: int) -> str:
        """The header of a column, or "Column N" when its header cell is blank."""
        return self.headers[index] or f"Column {index + 1}"

    @property
    def delimiter_name(self) -> str:
        return DELIMITER_NAMES.get(self.delimiter, repr(self.delimiter))


# --- Public entry points ----------------------------------------------------------------------


def read_csv_upload(data: bytes, *, limits: IntakeLimits = DEFAULT_LIMITS, pasted: bool = False) -> ParsedTable:
    """An uploaded file, or rows pasted into a text box (as UTF-8): the same caps, decoding and
    parser; size cap first. pasted=True words the messages for someone who pasted the rows."""
    noun = "pasted text" if pasted else "file"
    if len(data) > limits.max_bytes:
        advice = "Paste fewer rows at a time, or upload a file." if pasted else "Split it into smaller files."
        raise IntakeError(
            f"The {noun} is {format_size(len(data), round_up=True)}; the limit is {format_size(limits.max_bytes)}. "
            f"{advice}"
        )
    text, encoding = _decode(data, noun)
    return replace(_parse(text, limits, noun=noun), encoding="" if pasted else encoding)


def decode_csv_bytes(data: bytes) -> str:
    """UTF-8 (BOM or not), else Windows-1252; UTF-16 only with a BOM. NUL bytes and empty files are refused."""
    return _decode(data, "file")[0]


def parse_table(text: str, *, limits: IntakeLimits = DEFAULT_LIMITS) -> ParsedTable:
    """Parse decoded CSV text. Size is not checked here: read_csv_upload does that."""
    return _parse(text, limits, noun="file")


def sniff_delimiter(sample: str) -> str:
    """",", ";" or a tab, from the header row of sample (the start of the text is enough).

    Counts each candidate outside double quotes on the first non-empty line; the largest count
    wins. On a tie, the candidate whose count repeats on the following lines wins, then tab over
    semicolon over comma. A header with none of them is a single column: ",".
    """
    lines = _delimiter_counts(sample[:SNIFF_SAMPLE_CHARS], SNIFF_LINES)
    if not lines:
        return ","
    header = lines[0]
    best = max(header.values())
    if best == 0:
        return ","
    tied = [candidate for candidate in DELIMITERS if header[candidate] == best]
    if len(tied) == 1:
        return tied[0]

    def score(candidate: str) -> tuple[int, int]:
        repeats = sum(1 for line in lines[1:] if line[candidate] == best)
        return repeats, _TIE_PREFERENCE[candidate]

    return max(tied, key=score)


# --- Decoding ---------------------------------------------------------------------------------


def _decode(data: bytes, noun: str) -> tuple[str, str]:
    if not data:
        raise IntakeError(_empty(noun))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise IntakeError(f"The file starts like UTF-16 text but cannot be read as such. {SAVE_AS_CSV}") from None
    else:
        if b"\x00" in data:
            raise IntakeError(_nul(noun))
        try:
            text = data.decode("utf-8-sig")
            encoding = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                raise IntakeError(
                    f"The file is neither UTF-8 nor Windows-1252 text, so its characters cannot be read. {SAVE_AS_CSV}"
                ) from None
    if "\x00" in text:
        raise IntakeError(_nul(noun))
    if text.isspace() or not text:
        raise IntakeError(_empty(noun))
    return text, encoding


# --- Parsing ----------------------------------------------------------------------------------


def _parse(text: str, limits: IntakeLimits, *, noun: str) -> ParsedTable:
    if "\x00" in text:
        raise IntakeError(_nul(noun))
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text or text.isspace():
        raise IntakeError(_empty(noun))

    delimiter = sniff_delimiter(text)
    reader = csv.reader(_lines(text), delimiter=delimiter, quotechar='"', doublequote=True)
    max_cell = limits.max_cell_chars
    row_number = 1
    try:
        first = next(reader, None)
        headers = _headers(first, limits, noun)
        width = len(headers)
        rows: list[list[str]] = []
        skipped = 0
        data_rows = 0
        for row in reader:
            row_number += 1
            joined = "".join(row)
            if not joined or joined.isspace():
                skipped += 1
                continue
            data_rows += 1
            if data_rows > limits.max_rows:
                continue  # keep counting so the message can give the real number
            if len(joined) > max_cell:
                _check_cells(row, row_number, headers, max_cell)
            count = len(row)
            if count < width:
                row.extend([""] * (width - count))
            elif count > width:
                if "".join(row[width:]).strip():
                    raise IntakeError(_ragged(row_number, row, width, delimiter))
                del row[width:]
            if "\r" in joined:
                row = [_unix_newlines(cell) for cell in row]
            rows.append(row)
    except csv.Error as exc:
        raise IntakeError(_unreadable_row(exc, row_number + 1, max_cell)) from None

    if data_rows > limits.max_rows:
        advice = "Split it into smaller files." if noun == "file" else "Paste fewer rows at a time."
        raise IntakeError(f"The {noun} has {data_rows:,} rows; the limit is {limits.max_rows:,}. {advice}")
    if not rows:
        raise IntakeError(
            f"The {noun} has a header row but no rows of data. Add one row per video below the header row."
        )
    return ParsedTable(headers=headers, rows=rows, delimiter=delimiter, encoding="", skipped_blank_rows=skipped)


def _headers(first: list[str] | None, limits: IntakeLimits, noun: str) -> list[str]:
    if first is None or not "".join(first).strip():
        raise IntakeError(
            f"The first row of the {noun} is blank, so it has no header row. Put the column names "
            "(for example: first_name, company) in the first row, with one row per video below it."
        )
    headers = [cell.strip() for cell in first]
    while not headers[-1]:
        headers.pop()
    if len(headers) > limits.max_columns:
        raise IntakeError(
            f"The {noun} has {len(headers):,} columns; the limit is {limits.max_columns:,}. "
            "Delete the columns you do not need and try again."
        )
    for index, name in enumerate(headers):
        if len(name) > limits.max_cell_chars:
            raise IntakeError(
                f"The name of column {index + 1} in the header row has {len(name):,} characters; "
                f"the limit is {limits.max_cell_chars:,}. Check that the first row holds the column names, "
                'and look for a missing closing quote (").'
            )
    seen: dict[str, int] = {}
    for index, name in enumerate(headers):
        key = normalise_name(name)
        if not key:
            continue
        if key in seen:
            raise IntakeError(_duplicate(headers, seen[key], index))
        seen[key] = index
    return headers


def _check_cells(row: list[str], row_number: int, headers: list[str], max_cell: int) -> None:
    for index, cell in enumerate(row):
        if len(cell) > max_cell:
            column = f"column {index + 1}"
            if index < len(headers) and headers[index]:
                column += f' ("{headers[index]}")'
            raise IntakeError(
                f"Row {row_number}, {column} has {len(cell):,} characters; the limit is {max_cell:,}. "
                f'Shorten the value. If it should be short, look for a missing closing quote (") '
                f"on or before row {row_number}."
            )


def _lines(text: str) -> Iterator[str]:
    """Lines with their endings (\n, \r\n or a lone \r), one at a time.

    What iterating io.StringIO(text, newline="") gives, without the copy it makes of the whole
    text (four bytes per character).
    """
    for match in _LINE.finditer(text):
        yield match.group()


def _unix_newlines(cell: str) -> str:
    return cell.replace("\r\n", "\n").replace("\r", "\n") if "\r" in cell else cell


# --- Messages ---------------------------------------------------------------------------------


def _empty(noun: str) -> str:
    if noun == "pasted text":
        return "Nothing was pasted. Paste the rows from your spreadsheet, including the header row."
    return f"The {noun} is empty. Export the spreadsheet as CSV with a header row and one row per video."


def _nul(noun: str) -> str:
    return (
        f"The {noun} contains NUL bytes, so it is not a plain-text CSV (it may be an Excel workbook or "
        f"another binary file). {SAVE_AS_CSV}"
    )


def _duplicate(headers: list[str], first: int, second: int) -> str:
    a, b = headers[first], headers[second]
    if a == b:
        return (
            f'Two columns are named "{a}" (columns {first + 1} and {second + 1}). '
            "Rename or delete one of them so that every column has its own name."
        )
    return (
        f'Columns {first + 1} ("{a}") and {second + 1} ("{b}") have the same name once case, spaces and '
        "punctuation are ignored. Rename or delete one of them so that every column has its own name."
    )


def _ragged(row_number: int, row: list[str], width: int, delimiter: str) -> str:
    name = DELIMITER_NAMES.get(delimiter, "delimiter")
    return (
        f"Row {row_number} has {len(row)} values but the header row names {width} columns. "
        f"Put values that contain a {name} in double quotes, or give the extra column a name in the header row."
    )


def _unreadable_row(exc: csv.Error, row_number: int, max_cell: int) -> str:
    if "field larger than field limit" in str(exc):
        return (
            f"Row {row_number} has a value far longer than the limit of {max_cell:,} characters. "
            f'Look for a missing closing quote (") on or before row {row_number}.'
        )
    return f'Row {row_number} could not be read ({exc}). Check the quotes (") on that row.'


def format_size(size: int, *, round_up: bool = False) -> str:
    """1536 → "1.5 KB". round_up makes a size just over a limit never print as the limit."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            value = size / factor
            value = math.ceil(value * 10) / 10 if round_up else round(value, 1)
            return f"{value:g} {unit}"
    return f"{size:,} bytes"


# --- Delimiter detection ----------------------------------------------------------------------


def _delimiter_counts(sample: str, max_lines: int) -> list[dict[str, int]]:
    """Per non-empty line (at most max_lines), how often each candidate occurs outside quotes."""
    lines: list[dict[str, int]] = []
    counts = dict.fromkeys(DELIMITERS, 0)
    in_quotes = False
    has_content = False
    for char in sample:
        if char == '"':
            in_quotes = not in_quotes
            has_content = True
        elif in_quotes:
            continue
        elif char in counts:
            counts[char] += 1
            has_content = True
        elif char in "\r\n":
            if has_content:
                lines.append(counts)
                if len(lines) >= max_lines:
                    return lines
                counts = dict.fromkeys(DELIMITERS, 0)
                has_content = False
        elif not has_content and not char.isspace():
            has_content = True
    if has_content:
        lines.append(counts)
    return lines
