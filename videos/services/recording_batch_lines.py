"""Reading a pasted (or uploaded) list of recordings: one row per line, `url, title, seconds`.

Title and seconds are optional (`https://…/talk.mp4,,45` gives a length without a title). A line
naming the columns (`url,title,seconds`, in any order) sets them for the lines after it, so a CSV
added below pasted lines keeps its own order. Tabs or semicolons separate the values when the
line has no comma, as spreadsheets copy them. A title holding commas may be quoted, or left
unquoted when the line ends with the length.

Each bad line is refused on its own with its line number and why; the others are kept.
"""
import csv
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from videos.services.highlight_cuts import MAX_TARGET, MIN_TARGET

MAX_ROWS = 200
MAX_UPLOAD_BYTES = 512 * 1024
MAX_URL_CHARS = 1000
MAX_TITLE_CHARS = 200
_HEADERS = {
    "url": {"url", "recording url", "recording", "address", "file", "file url", "link", "video url", "audio url"},
    "title": {"title", "name"},
    "seconds": {"seconds", "length", "duration", "secs", "length (s)", "seconds (s)"},
}
_SECONDS = re.compile(r"^(\d{1,4})\s*(?:s|sec|secs|seconds)?$", re.IGNORECASE)
_MINUTES = re.compile(r"^(\d{1,2}):([0-5]\d)$")
_is_web_address = URLValidator(schemes=["http", "https"])


class LinesRefused(Exception):
    """The list cannot be read at all; the message says what to do."""


@dataclass(frozen=True)
class BatchLine:
    line: int
    url: str
    title: str
    seconds: int | None  # None: the batch's length


@dataclass(frozen=True)
class RefusedLine:
    line: int
    text: str
    reason: str

    def as_dict(self) -> dict:
        return {"line": self.line, "text": self.text, "reason": self.reason}


@dataclass(frozen=True)
class PastedRows:
    rows: list[BatchLine] = field(default_factory=list)
    refused: list[RefusedLine] = field(default_factory=list)
    problem: str = ""  # what stops the whole list (nothing given, too many rows)

    @property
    def count(self) -> int:
        return len(self.rows) + len(self.refused)


def _cells(line: str) -> list[str]:
    delimiter = "," if "," in line else ("\t" if "\t" in line else (";" if ";" in line else ","))
    return [cell.strip() for cell in next(csv.reader([line], delimiter=delimiter, skipinitialspace=True))]


def _header(cells: list[str]) -> dict[str, int] | None:
    """Where each column is, when the line names its columns."""
    names = [cell.lower() for cell in cells]
    if any("://" in name for name in names):  # a row, even with a title such as "Recording"
        return None
    found = {key: next((i for i, name in enumerate(names) if name in aliases), None)
             for key, aliases in _HEADERS.items()}
    if found["url"] is None:
        return None
    return {key: index for key, index in found.items() if index is not None}


def _split(cells: list[str], columns: dict[str, int] | None) -> tuple[str, str, str]:
    if columns is not None:
        def cell(key: str) -> str:
            index = columns.get(key)
            return cells[index] if index is not None and index < len(cells) else ""
        return cell("url"), cell("title"), cell("seconds")
    url, rest = cells[0], cells[1:]
    if len(rest) >= 2:
        return url, ", ".join(part for part in rest[:-1] if part), rest[-1]
    return url, (rest[0] if rest else ""), ""


def parse_seconds(value: str) -> int:
    """Seconds as written: `45`, `45s`, `45 seconds` or `1:30`. Raises ValueError with the reason."""
    text = value.strip()
    match = _SECONDS.match(text)
    minutes = _MINUTES.match(text)
    if match:
        seconds = int(match.group(1))
    elif minutes:
        seconds = int(minutes.group(1)) * 60 + int(minutes.group(2))
    else:
        raise ValueError(f"the length “{value}” is not whole seconds (write 45, or 1:30)")
    if not MIN_TARGET <= seconds <= MAX_TARGET:
        raise ValueError(f"a clip lasts between {MIN_TARGET} and {MAX_TARGET} seconds, not {seconds}")
    return seconds


def _url_problem(url: str) -> str:
    if not url:
        return "the recording's address is missing (it comes first on the line)"
    if not url.lower().startswith(("https://", "http://")):
        return f"“{url[:80]}” is not a web address: it must start with https://"
    if len(url) > MAX_URL_CHARS:
        return f"the address is longer than {MAX_URL_CHARS} characters"
    try:
        _is_web_address(url)
    except ValidationError:
        return f"“{url[:80]}” is not a valid web address"
    return ""


def recording_batch_lines_parse(*, text: str) -> PastedRows:
    """Every non-blank line as a row, or refused with its number and the reason."""
    rows: list[BatchLine] = []
    refused: list[RefusedLine] = []
    columns: dict[str, int] | None = None
    first_lines: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        try:
            cells = _cells(line)
        except csv.Error:
            refused.append(RefusedLine(number, line, "the line cannot be read: check its quotes"))
            continue
        header = _header(cells)
        if header is not None:  # names the columns of the lines after it (an upload added below a paste)
            columns = header
            continue
        url, title, seconds_text = _split(cells, columns)
        reason = _url_problem(url)
        seconds = None
        if not reason and url in first_lines:
            reason = f"the same address as line {first_lines[url]}"
        if not reason and len(title) > MAX_TITLE_CHARS:
            reason = f"the title is longer than {MAX_TITLE_CHARS} characters"
        if not reason and seconds_text:
            try:
                seconds = parse_seconds(seconds_text)
            except ValueError as exc:
                reason = str(exc)
        if reason:
            refused.append(RefusedLine(number, line[:300], reason))
            continue
        first_lines[url] = number
        rows.append(BatchLine(line=number, url=url, title=title, seconds=seconds))
    parsed = PastedRows(rows=rows, refused=refused)
    if not parsed.count:
        return PastedRows(problem="Paste at least one recording address, one per line.")
    if parsed.count > MAX_ROWS:
        return PastedRows(rows=rows, refused=refused, problem=(
            f"A batch takes up to {MAX_ROWS} recordings; this list has {parsed.count}. "
            f"Split it into batches of {MAX_ROWS} or fewer."))
    return parsed


def recording_batch_lines_from_upload(*, data: bytes) -> str:
    """An uploaded CSV as text, to show in the box with the pasted lines."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise LinesRefused(f"That file is larger than {MAX_UPLOAD_BYTES // 1024} KB: a list of {MAX_ROWS} "
                           "recordings fits in far less. Upload a CSV with one recording per line.")
    if b"\x00" in data:
        raise LinesRefused("That file is not a CSV (it holds binary data). In your spreadsheet choose "
                           "“Save as” › “CSV UTF-8” and upload that file.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
