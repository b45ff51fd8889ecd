"""API paths that carry ids, in both spellings a gateway may know.

The direct API and LowCodeAPI's new URL format keep an id in the path
(`/v1/jobs/1a2b`); LowCodeAPI's old format puts the parameter's name there and the id in the
query (`/v1/jobs/jobid?jobid=1a2b`). An IdPath *is* the first spelling (a str), so code that
knows nothing of gateways uses it unchanged, and it carries the second for the gateway.
"""
from __future__ import annotations

from urllib.parse import quote


class IdPath(str):
    template: str
    old: str
    old_params: dict[str, str]

    def __new__(cls, template: str, **ids: str) -> IdPath:
        # Each id is one escaped segment, so no id can reshape the URL.
        path = super().__new__(cls, template.format_map({name: quote(value, safe="") for name, value in ids.items()}))
        path.template = template
        path.old = template.format_map({name: name for name in ids})
        path.old_params = dict(ids)
        return path


def id_path(template: str, what: str = "job id", **ids: str) -> IdPath:
    """`template` with each {name} filled by its id; an empty id is refused before any call."""
    for value in ids.values():
        if not value:
            raise ValueError(f"A Pictory {what} is required")
    return IdPath(template, **{name: str(value) for name, value in ids.items()})
