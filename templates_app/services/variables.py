"""{{variables}} in template text: finding them, filling them, checking the values."""
import hashlib
import json
import re
import unicodedata

VARIABLE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_ .-]*?)\s*\}\}")
SCENE_TEXT_LIMIT = 15_000  # Pictory's limit on a scene's text (contract V18)
_FORBIDDEN = {"{{": "“{{”", "}}": "“}}”", "<": "“<”", ">": "“>”"}


def extract_variables(texts) -> list[str]:
    """Variable names in order of first appearance."""
    seen: dict[str, None] = {}
    for text in texts:
        for match in VARIABLE.finditer(text or ""):
            seen.setdefault(match.group(1).strip(), None)
    return list(seen)


def fill(text: str, values: dict[str, str]) -> str:
    """The text as Pictory will render it for one row (unknown variables stay as written)."""
    return VARIABLE.sub(lambda m: values.get(m.group(1).strip(), m.group(0)), text)


def _bad_characters(value: str) -> str:
    for token, label in _FORBIDDEN.items():
        if token in value:
            return label
    for char in value:
        if char not in "\n\t" and unicodedata.category(char) in ("Cc", "Cs"):
            return f"an invisible control character (U+{ord(char):04X})"
    return ""


def row_problems(values: dict[str, str], *, variables: list[str], scene_texts: list[str],
                 max_value_chars: int) -> list[dict]:
    """What stops this row from becoming a video, each tied to its variable.

    max_value_chars is the same cap a CSV's values are held to (BULK_MAX_VALUE_CHARS).
    """
    problems: list[dict] = []
    for name in variables:
        value = values.get(name, "")
        if not value.strip():
            problems.append({"variable": name, "message": f"Fill in {{{{{name}}}}}: every video needs it."})
            continue
        if len(value) > max_value_chars:
            problems.append({"variable": name, "message": f"{len(value):,} characters is too long; "
                                                          f"the limit is {max_value_chars:,}."})
        bad = _bad_characters(value)
        if bad:
            problems.append({"variable": name, "message": f"Contains {bad}, which Pictory cannot render."})
    for number, text in enumerate(scene_texts, start=1):
        filled = fill(text, values)
        if len(filled) > SCENE_TEXT_LIMIT:
            problems.append({"variable": None, "message": f"Scene {number} would be {len(filled):,} characters "
                             f"with these values; Pictory's limit is {SCENE_TEXT_LIMIT:,}."})
    return problems


def values_hash(values: dict[str, str], variables: list[str]) -> str:
    """Equal for rows that would make the same video (case and spacing ignored)."""
    normal = [" ".join(values.get(name, "").split()).casefold() for name in variables]
    return hashlib.sha1(json.dumps(normal).encode()).hexdigest()
