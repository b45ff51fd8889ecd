"""Text from forms and files, made safe to store."""
import unicodedata


def without_nul(text: str | None) -> str | None:
    """PostgreSQL text and JSON cannot hold NUL characters; they only come from forged requests
    or binary data pasted by mistake, so they are dropped."""
    return text.replace("\x00", "") if text else text


def single_line(text: str | None) -> str:
    """Titles and names are one line (they go into email subjects and file names): line breaks,
    tabs and other control characters become spaces, runs of spaces one space."""
    flat = "".join(" " if unicodedata.category(char) == "Cc" else char for char in text or "")
    return " ".join(flat.split())
