"""Pictory's failure codes in words a content team understands, with what to do next."""

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
        "The Pictory account has run out of video credits",
        "Ask an admin to top up the Pictory plan; nothing was charged for this attempt.",
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
