"""A small declarative checker for JSON bodies.

Each spec cleans one value: it records one error per violation (with the value's path, e.g.
`scenes[0].background.color`) and returns the cleaned value. Objects drop keys they do not
declare, which is how unknown fields are stripped without an error.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .colors import parse_color


class FieldErrors:
    """The `fields[]` list of an INVALID_REQUEST_BODY response, one entry per violation."""

    def __init__(self):
        self.items: list[dict] = []

    def add(self, name: str, message: str) -> None:
        self.items.append({"name": name or "body", "errors": message})

    def __bool__(self):
        return bool(self.items)


def join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _choices_text(choices: Iterable) -> str:
    return ", ".join(str(choice) for choice in choices)


class Spec:
    def clean(self, value, path: str, errors: FieldErrors):
        raise NotImplementedError


@dataclass
class Anything(Spec):
    """Free-form content kept as sent (webhookInput, variables, metadata…)."""

    kind: type | tuple[type, ...] | None = None
    kind_name: str = ""

    def clean(self, value, path, errors):
        if self.kind is not None and not isinstance(value, self.kind):
            errors.add(path, f"must be {self.kind_name}")
        return value


@dataclass
class Str(Spec):
    max_length: int | None = None
    min_length: int | None = None
    choices: Iterable[str] | None = None
    url: bool = False
    not_blank: bool = False
    pattern: str | None = None
    pattern_message: str = "has the wrong format"

    def clean(self, value, path, errors):
        if not isinstance(value, str):
            errors.add(path, "must be a string")
            return value
        if self.not_blank and not value.strip():
            errors.add(path, "must not be empty")
        elif self.pattern is not None and not re.fullmatch(self.pattern, value):
            errors.add(path, self.pattern_message)
        elif self.choices is not None and value not in self.choices:
            errors.add(path, f"must be one of: {_choices_text(self.choices)}")
        elif self.max_length is not None and len(value) > self.max_length:
            errors.add(path, f"must be at most {self.max_length} characters")
        elif self.min_length is not None and len(value) < self.min_length:
            errors.add(path, f"must be at least {self.min_length} characters")
        elif self.url and not re.match(r"^https?://\S+$", value):
            errors.add(path, "must be an http(s) URL")
        return value


@dataclass
class Num(Spec):
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False

    def clean(self, value, path, errors):
        if not _is_number(value) or (self.integer and not float(value).is_integer()):
            errors.add(path, "must be an integer" if self.integer else "must be a number")
            return value
        too_small = self.minimum is not None and value < self.minimum
        too_big = self.maximum is not None and value > self.maximum
        if too_small or too_big:
            if self.minimum is not None and self.maximum is not None:
                errors.add(path, f"must be between {self.minimum:g} and {self.maximum:g}")
            elif too_small:
                errors.add(path, f"must be at least {self.minimum:g}")
            else:
                errors.add(path, f"must be at most {self.maximum:g}")
        return int(value) if self.integer else value


class Bool(Spec):
    def clean(self, value, path, errors):
        if not isinstance(value, bool):
            errors.add(path, "must be true or false")
        return value


class Color(Spec):
    def clean(self, value, path, errors):
        if parse_color(value) is None:
            errors.add(
                path,
                "must be a colour: #RGB, #RRGGBB, #RRGGBBAA, rgb(r, g, b) or rgba(r, g, b, a)",
            )
        return value


class HexColor(Spec):
    """A colour written #RGB, #RRGGBB or #RRGGBBAA (brand kits take hex only)."""

    def clean(self, value, path, errors):
        if not (isinstance(value, str) and re.fullmatch(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})", value)):
            errors.add(path, "must be a hex colour: #RGB, #RRGGBB or #RRGGBBAA")
        return value


class Percent(Spec):
    """An integer percentage written as a string, "0%" to "100%"."""

    def clean(self, value, path, errors):
        match = re.fullmatch(r"(\d{1,3})%", value) if isinstance(value, str) else None
        if not match or int(match.group(1)) > 100:
            errors.add(path, 'must be an integer percentage string from "0%" to "100%"')
        return value


@dataclass
class StrOrInt(Spec):
    """A voice speaker: a track id (number) or a name / provider voice id (string)."""

    def clean(self, value, path, errors):
        if isinstance(value, bool) or not isinstance(value, str | int):
            errors.add(path, "must be a voice name or a numeric voice id")
        elif isinstance(value, str) and not value.strip():
            errors.add(path, "must not be empty")
        return value


Check = Callable[[dict, str, FieldErrors], None]


@dataclass
class Obj(Spec):
    fields: dict[str, Spec]
    required: tuple[str, ...] = ()
    checks: list[Check] = field(default_factory=list)

    def clean(self, value, path, errors):
        if not isinstance(value, dict):
            errors.add(path, "must be an object")
            return value
        cleaned = {}
        for name, spec in self.fields.items():
            if name not in value or value[name] is None:
                if name in self.required:
                    errors.add(join(path, name), "is required")
                continue
            cleaned[name] = spec.clean(value[name], join(path, name), errors)
        for check in self.checks:
            check(cleaned, path, errors)
        return cleaned


@dataclass
class Arr(Spec):
    item: Spec
    min_items: int | None = None
    max_items: int | None = None

    def clean(self, value, path, errors):
        if not isinstance(value, list):
            errors.add(path, "must be an array")
            return value
        if self.min_items is not None and len(value) < self.min_items:
            noun = "item" if self.min_items == 1 else "items"
            errors.add(path, f"must contain at least {self.min_items} {noun}")
        elif self.max_items is not None and len(value) > self.max_items:
            errors.add(path, f"must contain at most {self.max_items} items")
        return [
            self.item.clean(item, join(path, index), errors) for index, item in enumerate(value)
        ]
