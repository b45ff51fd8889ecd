"""Text from forms and files, made safe to store."""


def without_nul(text: str | None) -> str | None:
    """PostgreSQL text and JSON cannot hold NUL characters; they only come from forged requests
    or binary data pasted by mistake, so they are dropped."""
    return text.replace("\x00", "") if text else text
