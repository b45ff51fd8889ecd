"""Matching CSV columns to template variables, and turning rows into variable values.

A mapping is a plain dict: column index → variable name, or None to ignore the column. The
studio suggests one with suggest_mapping, lets the user change or ignore columns, checks the
result with mapping_problems and only then calls apply_mapping.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .intake import ParsedTable

ColumnMapping = dict[int, str | None]

_EDGES = re.compile(r"^[\s{}]+|[\s{}]+$")
# A lower-case letter or digit followed by a capital: "firstName" → "first Name".
_CAMEL = re.compile(r"(?<=[a-z0-9\u00df-\u00ff])(?=[A-Z\u00c0-\u00de])")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015.]+|_+")
_RUNS = re.compile(r"_+")
_NOT_ALNUM = re.compile(r"[\W_]+")


def normalise_name(name: str) -> str:
    """The key under which a header and a variable are compared.

    "  First Name ", "first-name", "First.Name", "{{First Name}}", "firstName" and "FIRST_NAME"
    all become "first_name": surrounding whitespace and braces are removed, camelCase is split
    (Pictory variables are usually written {{firstName}}), the text is casefolded and runs of
    whitespace, dashes, dots and underscores become a single "_".
    """
    text = _EDGES.sub("", name)
    text = _CAMEL.sub("_", text).casefold()
    text = _RUNS.sub("_", _SEPARATORS.sub("_", text))
    return text.strip("_")


def _compact(name: str) -> str:
    """A looser key for a second pass: letters and digits only ("firstname", "e_mail" → "email")."""
    return _NOT_ALNUM.sub("", normalise_name(name))


def _as_written(name: str) -> str:
    return name.strip()


def suggest_mapping(headers: list[str], variables: list[str]) -> ColumnMapping:
    """Column index → variable (or None), each variable used at most once.

    Passes, each over the columns left unmatched by the previous one, in column order: the
    name exactly as written, then normalise_name, then letters and digits only, then a header
    that starts with the variable's whole name ("Company Name" for {{company}}) when only one
    does. Blank headers are never matched.
    """
    result: ColumnMapping = dict.fromkeys(range(len(headers)))
    free = list(dict.fromkeys(v for v in variables if v))
    for key in (_as_written, normalise_name, _compact):
        by_key: dict[str, str] = {}
        for variable in free:
            by_key.setdefault(key(variable), variable)
        for index, header in enumerate(headers):
            if result[index] is not None or not header.strip():
                continue
            header_key = key(header)
            variable = by_key.pop(header_key, None) if header_key else None
            if variable is not None:
                result[index] = variable
                free.remove(variable)
    _match_by_leading_word(headers, free, result)
    return result


def _match_by_leading_word(headers: list[str], free: list[str], result: ColumnMapping) -> None:
    """Last pass: "Company Name" → {{company}}, "Email address" → {{email}} — a header that
    starts with a variable's whole name, when exactly one unmatched column does so."""
    for variable in list(free):
        key = normalise_name(variable)
        if not key:
            continue
        candidates = [
            index for index, header in enumerate(headers)
            if result[index] is None and normalise_name(header).startswith(key + "_")
        ]
        if len(candidates) == 1:
            result[candidates[0]] = variable
            free.remove(variable)


def mapping_problems(
    mapping: ColumnMapping,
    variables: Iterable[str],
    *,
    required: Iterable[str] | None = None,
    headers: list[str] | None = None,
) -> list[str]:
    """What stops a mapping from being used, as sentences for the mapping page; [] when it is fine.

    variables are the template's variables; required (default: all of them) must each be filled
    by a column. headers, when given, let the messages name the columns.
    """
    variables = list(variables)
    known = set(variables)
    columns_of: dict[str, list[int]] = {}
    for index, variable in sorted(mapping.items()):
        if variable:
            columns_of.setdefault(variable, []).append(index)

    problems = []
    for variable, columns in columns_of.items():
        if variable not in known:
            problems.append(
                f"{_sentence_start(_columns(columns, headers))} is set to fill {_var(variable)}, but the template "
                'has no variable of that name. Choose another variable or "Ignore".'
            )
        elif len(columns) > 1:
            problems.append(
                f"{_var(variable)} is filled from more than one column ({_columns(columns, headers)}). "
                'Keep one and set the others to "Ignore".'
            )

    missing = [v for v in dict.fromkeys(variables if required is None else required) if v not in columns_of]
    if len(missing) == 1:
        problems.append(f"No column fills {_var(missing[0])}. Choose a column for it, or add one to the CSV.")
    elif missing:
        names = ", ".join(_var(v) for v in missing)
        problems.append(f"No column fills these variables: {names}. Choose a column for each, or add them to the CSV.")
    return problems


def apply_mapping(table: ParsedTable, mapping: ColumnMapping) -> list[dict[str, str]]:
    """One dict per row: variable → value stripped of surrounding whitespace; unmapped variables are absent.

    Raises ValueError for a column index outside the table or a variable mapped twice (check
    mapping_problems first).
    """
    pairs = [(index, variable) for index, variable in sorted(mapping.items()) if variable]
    width = len(table.headers)
    for index, _variable in pairs:
        if not 0 <= index < width:
            raise ValueError(f"Column index {index} is outside the table ({width} columns)")
    names = [variable for _index, variable in pairs]
    if len(set(names)) != len(names):
        twice = sorted({name for name in names if names.count(name) > 1})
        raise ValueError(f"Variables mapped more than once: {', '.join(twice)}")
    return [{variable: row[index].strip() for index, variable in pairs} for row in table.rows]


def _sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]


def _var(name: str) -> str:
    return "{{" + name + "}}"


def _columns(indexes: list[int], headers: list[str] | None) -> str:
    labels = []
    for index in indexes:
        label = f"column {index + 1}"
        if headers is not None and 0 <= index < len(headers) and headers[index]:
            label += f' ("{headers[index]}")'
        labels.append(label)
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + " and " + labels[-1]
