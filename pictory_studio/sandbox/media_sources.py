"""The local file behind a media URL the sandbox was given (a recording, a voice-over, music).

The sandbox never downloads: it reads only what it holds itself — uploads in its storage and
the files of its own finished jobs. Any other address resolves to None and the caller says so.
"""

import re
import uuid
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import conf, storage

_OUTPUT_FILE = re.compile(r"/sandbox/files/(?P<job_id>[0-9a-fA-F-]{36})/(?P<name>[A-Za-z0-9][A-Za-z0-9_.-]*)$")


def _output_file(url: str) -> Path | None:
    match = _OUTPUT_FILE.search(unquote(urlsplit(url).path))
    if not match:
        return None
    try:
        job_id = uuid.UUID(match["job_id"])
    except ValueError:
        return None
    path = conf.media_root() / str(job_id) / match["name"]
    return path if path.is_file() else None


def local_media(url) -> Path | None:
    """The file behind `url` when the sandbox holds it (any host), else None."""
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        return None
    return storage.local_path_for_url(url) or _output_file(url)
