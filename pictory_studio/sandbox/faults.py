"""Faults on demand: which planned failure (if any) a new job carries (renders and previews by
markers in videoName, transcriptions by markers in fileUrl).

The failure is decided when the job is created and applied when the job is due, so the
caller sees an accepted job that later fails, as with the real service.
"""

from dataclasses import dataclass

from . import voices

NO_VISUAL_MARKER = "__novisual__"
FAIL_MARKER = "__fail__"
NO_CREDITS_MARKER = "__nocredits__"
# Markers that change the HTTP answer of the create call itself (see views).
HTTP_500_MARKER = "__500__"
HTTP_502_AFTER_CREATE_MARKER = "__500_after_create__"
SLOW_MARKER = "__slow__"


@dataclass(frozen=True)
class Fault:
    code: str
    message: str


def _speakers(storyboard: dict):
    configs = [storyboard.get("voiceOver")]
    configs += [scene.get("voiceOver") for scene in storyboard.get("scenes") or []]
    for config in configs:
        if config and config.get("enabled") is not False:
            for voice in config.get("aiVoices") or []:
                yield voice.get("speaker")


def _search_queries(storyboard: dict):
    for scene in storyboard.get("scenes") or []:
        backgrounds = [scene.get("background") or {}, *(scene.get("backgroundBrolls") or [])]
        for background in backgrounds:
            yield (background.get("searchFilter") or {}).get("query") or ""


def planned_fault(storyboard: dict, *, credits_exhausted: bool) -> Fault | None:
    video_name = storyboard.get("videoName") or ""
    if NO_CREDITS_MARKER in video_name or credits_exhausted:
        return Fault("INSUFFICIENT_CREDITS", "Not enough video minutes left to render this video")
    if FAIL_MARKER in video_name:
        return Fault("TEXT_TO_VIDEO_FAILED", "Text to video generation failed")
    variables = storyboard.get("variables")
    for name, value in (variables.items() if isinstance(variables, dict) else ()):
        if isinstance(value, str) and FAIL_MARKER in value:
            return Fault("TEXT_TO_VIDEO_FAILED", f"Text to video generation failed (variable '{name}')")
    for speaker in _speakers(storyboard):
        if voices.resolve_speaker(speaker) is None:
            return Fault("TEXT_TO_VIDEO_FAILED", f"Voice speaker [{speaker}] could not be resolved")
    for query in _search_queries(storyboard):
        if NO_VISUAL_MARKER in query:
            return Fault(
                "SCENE_BACKGROUND_VISUAL_NOT_FOUND",
                f"No background visual found for search query '{query}'",
            )
    return None


def planned_transcription_fault(body: dict, *, credits_exhausted: bool) -> Fault | None:
    """Faults of a transcription job, triggered by markers in its fileUrl (or used-up minutes)."""
    file_url = body.get("fileUrl") or ""
    if NO_CREDITS_MARKER in file_url or credits_exhausted:
        return Fault("INSUFFICIENT_CREDITS", "Not enough transcription minutes left to transcribe this file")
    if FAIL_MARKER in file_url:
        return Fault("TRANSCRIPTION_FAILED", "Transcription failed")
    return None


def next_list_fault() -> int | None:
    """The planned answer (429 or 500) for the next call of the account's lists, if any:
    PICTORY_SANDBOX_LIST_FAULTS="429,500" answers the next two such calls with those, in order,
    then all is well again (for callers that must retry)."""
    from django.conf import settings
    from django.core.cache import cache

    planned = [int(code) for code in settings.PICTORY_SANDBOX_LIST_FAULTS.split(",") if code.strip()]
    if not planned:
        return None
    key = f"sandbox:list-faults:{settings.PICTORY_SANDBOX_LIST_FAULTS}"
    cache.add(key, 0, None)
    used = cache.incr(key) - 1
    return planned[used] if used < len(planned) else None
