"""Pictory's failure codes in words a content team understands, with what to do next."""
from pictory_studio.pictory import (
    AuthenticationError,
    NotFoundError,
    PictoryError,
    RateLimitedError,
    ServerError,
    TransportError,
    ValidationError,
)

_BY_CODE = {
    "TEXT_TO_VIDEO_FAILED": (
        "Pictory could not turn this storyboard into a video",
        "Check the voice and the narration of each scene, then try again.",
    ),
    "SCENE_BACKGROUND_VISUAL_NOT_FOUND": (
        "Pictory found no stock footage for one of the scenes",
        "Use a broader stock search, a media URL or a colour for that scene, then try again.",
    ),
    "INSUFFICIENT_CREDITS": (
        "The Pictory account has run out of video credits for this billing term: its video minutes "
        "(or AI credits) are used up, so Pictory refused the whole job before making anything",
        "Nothing was charged for this attempt. The Account page shows what is used and left this term. "
        "Ask an admin to top up the Pictory plan or wait for the next billing term, then render again "
        "(a shorter video needs fewer minutes).",
    ),
    "JOB_NOT_FOUND": (
        "Pictory no longer knows this job",
        "It may have expired. Start a new preview or render.",
    ),
    "AUTHENTICATION": (
        "Pictory refused the studio's credentials",
        "An admin should check PICTORY_API_KEY (or the client id and secret) and restart the studio.",
    ),
    "INVALID_REQUEST_BODY": (
        "Pictory rejected part of the storyboard",
        "Fix the fields marked below, then try again.",
    ),
    "PREVIEW_NOT_READY": (
        "The preview this render was based on is not available",
        "Render again: the studio will send the storyboard directly.",
    ),
}


def explain_failure(code: str, message: str) -> tuple[str, str]:
    """(what happened, what to do next) for a failed job."""
    headline, advice = _BY_CODE.get(
        code,
        ("Pictory could not finish this job", "Try again; if it keeps failing, contact your admin."),
    )
    if message and message not in headline:
        headline = f"{headline}: {message}"
    return headline, advice


_NO_TEMPLATES = (
    "This Pictory account or API does not offer templates: Pictory answered “not found” to {what}. "
    "An admin should check that the Pictory plan includes templates and that PICTORY_API_BASE_URL "
    "(if set) points at Pictory's API."
)
# What a "not found" answer means depends on the call: a missing endpoint, or an item that vanished.
_NOT_FOUND_BY_ACTION = {
    "template_pull": _NO_TEMPLATES.format(what="the request for the account's templates")
    + " Until then, import a template by uploading its .pictai project file.",
    "template_upload": _NO_TEMPLATES.format(what="the template upload"),
    "template_edit": "Pictory no longer has this template. Pull the templates again to refresh the list.",
    "template_delete": "Pictory no longer has this template. Pull the templates again to refresh the list.",
    "brand_list": "This Pictory account does not list video brands. Brand kits still apply from the studio.",
    "brand_save": "This Pictory account does not offer the brand API; the kit applies from the studio.",
    "brand_delete": "Pictory no longer has this brand kit.",
    "media_upload": "This Pictory account does not offer media uploads (POST /v1/media/generateurl). "
                    "Use a file's public address instead.",
    "project_list": "This Pictory account does not list its saved projects (GET /v2/projects). Start a project "
                    "in the studio instead.",
    "video_list": "This Pictory account does not list its videos (GET /v1/videos).",
    "project_import": "Pictory no longer has this project. Reload the list to see the account's projects now.",
}


def pictory_error_text(exc: PictoryError, *, action: str = "") -> str:
    """A failed Pictory call (not a job) explained, with what to do next.

    action names the call that failed (a key of _NOT_FOUND_BY_ACTION), so that "not found" can be
    told apart: no such endpoint for this account, or an item that no longer exists.
    """
    if action and action not in _NOT_FOUND_BY_ACTION:
        raise ValueError(f"Unknown Pictory action {action!r}")
    if isinstance(exc, AuthenticationError):
        return ("Pictory refused the studio's credentials. An admin should check PICTORY_API_KEY "
                "(or the client id and secret) and restart the studio.")
    if isinstance(exc, RateLimitedError):
        wait = f" in {exc.retry_after:.0f} s" if exc.retry_after else " in a minute"
        return f"Pictory is busy and asked us to slow down. Try again{wait}."
    if isinstance(exc, TransportError | ServerError):
        return "Pictory could not be reached or had a problem. Nothing was lost; try again in a minute."
    if isinstance(exc, NotFoundError):
        if action:
            return _NOT_FOUND_BY_ACTION[action]
        return "Pictory did not find what the studio asked for" + (f" ({exc.message})." if exc.message else ".")
    if isinstance(exc, ValidationError):
        details = "; ".join(f"{f.name}: {', '.join(f.messages)}" for f in exc.fields)
        return f"Pictory refused it: {exc.message}" + (f" ({details})" if details else "")
    return f"Pictory answered with an error: {exc.message or exc.__class__.__name__}."
