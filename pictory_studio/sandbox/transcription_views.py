"""The transcription and highlights endpoints (contract §5.5), and the stand-in editor page.

Creating a job only validates and records it; the transcript is made by the job clock
(jobs.py), like a render, never inside this request.
"""

import re

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_http_methods

from . import enums, faults, jobs, responses, transcription
from .api import api_endpoint
from .bodies import NOT_JSON, json_body, not_json
from .fields import Anything, Arr, FieldErrors, Num, Obj, Spec, Str, join
from .models import JobKind, JobStatus, SandboxJob
from .views import answer_created, base_url, completed_source_job

MEDIA_TYPES = ("video", "audio")
DEFAULT_LANGUAGE = "en-US"
HIGHLIGHT_SECONDS = (5, 3600)
MAX_TRANSCRIPT_ITEMS = 20000


class HighlightLanguage(Spec):
    """A highlights language: a script language code, alone ("en") or with a region ("en-US")."""

    def clean(self, value, path, errors):
        shaped = isinstance(value, str) and re.fullmatch(r"[A-Za-z]{2}(-[A-Za-z]{2})?", value)
        if not shaped or value[:2].lower() not in enums.LANGUAGES:
            errors.add(path, "must be a language code such as en or en-US, with the language one of: "
                       + ", ".join(enums.LANGUAGES))
        return value


def _end_after_start(start_key: str, end_key: str):
    def check(item, path, errors):
        start, end = item.get(start_key), item.get(end_key)
        numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (start, end))
        if numbers and end < start:
            errors.add(join(path, end_key), f"must not be before {start_key}")

    return check


WORD = Obj(
    {
        "uid": Str(max_length=100),
        "word": Str(max_length=200),
        "start_time": Num(minimum=0),
        "end_time": Num(minimum=0),
        "speakerId": Anything(),
        "sentence_index": Anything(),
        "is_pause": Anything(),
        "pause_size": Anything(),
    },
    required=("word", "start_time", "end_time"),
    checks=[_end_after_start("start_time", "end_time")],
)
SENTENCE = Obj(
    {"uid": Str(max_length=100), "speakerId": Anything(), "words": Arr(WORD, min_items=1)},
    required=("words",),
)
SEGMENT = Obj(
    {"text": Str(max_length=5000, not_blank=True), "start": Num(minimum=0), "end": Num(minimum=0),
     "speakerId": Anything()},
    required=("text", "start", "end"),
    checks=[_end_after_start("start", "end")],
)


class TranscriptItem(Spec):
    """A sentence object {uid, speakerId, words[]} or a segment {text, start, end}."""

    def clean(self, value, path, errors):
        if isinstance(value, dict) and "words" in value:
            return SENTENCE.clean(value, path, errors)
        if isinstance(value, dict) and "text" in value:
            return SEGMENT.clean(value, path, errors)
        errors.add(path, "must be a sentence {uid, speakerId, words[]} or a segment {text, start, end}")
        return value


_WEBHOOK = {"webhook": Str(max_length=500, url=True), "webhookInput": Anything(dict, "an object")}
TRANSCRIPTION_BODY = Obj(
    {
        "fileUrl": Str(max_length=1000, url=True),
        "mediaType": Str(choices=MEDIA_TYPES),
        "language": Str(choices=enums.AUDIO_LANGUAGES),
        **_WEBHOOK,
    },
    required=("fileUrl",),
)
_HIGHLIGHT_FIELDS = {
    "highlight_duration": Num(minimum=HIGHLIGHT_SECONDS[0], maximum=HIGHLIGHT_SECONDS[1], integer=True),
    "language": HighlightLanguage(),
    **_WEBHOOK,
}
HIGHLIGHTS_FROM_JOB_BODY = Obj(_HIGHLIGHT_FIELDS, required=("highlight_duration",))
HIGHLIGHTS_BODY = Obj(
    {
        **_HIGHLIGHT_FIELDS,
        "transcript": Arr(TranscriptItem(), min_items=1, max_items=MAX_TRANSCRIPT_ITEMS),
        "duration": Num(minimum=0),
    },
    required=("transcript", "highlight_duration"),
)


def _clean(request, spec: Obj) -> tuple[dict | None, HttpResponse | None]:
    """(cleaned body, None) or (None, the 400 answer)."""
    body = json_body(request)
    if body is NOT_JSON:
        return None, not_json()
    errors = FieldErrors()
    cleaned = spec.clean(body, "", errors)
    if errors:
        return None, responses.invalid_body(errors.items)
    return cleaned, None


def _create(request, caller, *, kind: str, body: dict, video_name: str, source: SandboxJob | None = None,
            legacy: bool):
    job = jobs.create_job(
        kind=kind,
        body=body,
        credential=caller.credential,
        base_url=base_url(request),
        source_job=source,
        webhook=body.get("webhook", ""),
        webhook_input=body.get("webhookInput"),
        video_name=video_name,
    )
    return answer_created(request, job, both_keys=legacy)


def _transcription(request, caller, *, legacy: bool):
    body, refusal = _clean(request, TRANSCRIPTION_BODY)
    if refusal:
        return refusal
    body.setdefault("mediaType", "video")
    body.setdefault("language", DEFAULT_LANGUAGE)
    if faults.HTTP_500_MARKER in body["fileUrl"]:
        return responses.server_error()
    name = transcription.file_name_of(body["fileUrl"])
    return _create(request, caller, kind=JobKind.TRANSCRIPTION, body=body, video_name=name, legacy=legacy)


@api_endpoint("transcription", ["POST"])
def create_transcription(request, caller):
    return _transcription(request, caller, legacy=False)


@api_endpoint("legacy_transcription", ["POST"])
def legacy_create_transcription(request, caller):
    return _transcription(request, caller, legacy=True)


@api_endpoint("highlights_from_job", ["POST"])
def highlights_from_job(request, caller, job_id):
    body, refusal = _clean(request, HIGHLIGHTS_FROM_JOB_BODY)
    if refusal:
        return refusal
    purpose = "highlights are made from a completed transcription job"
    source = completed_source_job(request, job_id, kind=JobKind.TRANSCRIPTION, label="Transcription",
                                  wrong_kind=purpose, not_ready=purpose)
    if not isinstance(source, SandboxJob):
        return source
    body["transcript"] = source.result.get("transcript", [])
    body["mediaInfo"] = source.result.get("mediaInfo", {})
    body.setdefault("language", source.storyboard.get("language", DEFAULT_LANGUAGE))
    return _create(request, caller, kind=JobKind.HIGHLIGHTS, body=body, video_name=source.video_name, source=source,
                   legacy=False)


def _highlights(request, caller, *, legacy: bool):
    body, refusal = _clean(request, HIGHLIGHTS_BODY)
    if refusal:
        return refusal
    return _create(request, caller, kind=JobKind.HIGHLIGHTS, body=body, video_name="", legacy=legacy)


@api_endpoint("highlights", ["POST"])
def create_highlights(request, caller):
    return _highlights(request, caller, legacy=False)


@api_endpoint("legacy_highlights", ["POST"])
def legacy_create_highlights(request, caller):
    return _highlights(request, caller, legacy=True)


# --- the editor stand-in ---------------------------------------------------------------------------

_EDITOR_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Video editor — Pictory sandbox</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem">
<h1>Video editor</h1>
<p>The white-label video editor is not part of the sandbox. With real Pictory credentials this
address opens Pictory's editor for the transcript of <strong>{name}</strong>.</p>
<p>The transcript files:</p>
<ul>{links}</ul>
</body></html>"""


@xframe_options_exempt
@require_http_methods(["GET"])
def editor_page(request, job_id):
    """What a transcription's editVideoUrl opens: a note, and links to the transcript files."""
    job = SandboxJob.objects.filter(
        pk=job_id, kind__in=[JobKind.TRANSCRIPTION, JobKind.HIGHLIGHTS], status=JobStatus.COMPLETED
    ).first()
    if job is None:
        raise Http404("No completed transcription with this id")
    files = job.result.get("files", {})
    links = format_html_join(
        "",
        '<li><a href="{}">{}</a></li>',
        ((reverse("sandbox:file", kwargs={"job_id": job.id, "name": name}), label)
         for label, name in (("Text", files.get("txt")), ("SRT subtitles", files.get("srt")),
                             ("WebVTT subtitles", files.get("vtt"))) if name),
    )
    return HttpResponse(format_html(_EDITOR_PAGE, name=job.video_name or "this recording", links=links))
