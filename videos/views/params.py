"""Values taken from the request (ids, page numbers, return addresses), checked before they are used."""
import unicodedata

from django.http import Http404
from django.utils.http import url_has_allowed_host_and_scheme

# The largest primary key the database can hold (a signed 64-bit integer); longer digit
# strings are refused before int() sees them.
MAX_ID = 2**63 - 1
_MAX_ID_DIGITS = len(str(MAX_ID))


def positive_number(value: str | None) -> int | None:
    """A whole number above 0 written as plain digits (an id, a page, a count), or None for
    anything else: empty, negative, "1e3", "abc", beyond the largest id."""
    text = (value or "").strip()
    if not text or len(text) > _MAX_ID_DIGITS or not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def page_number(value: str | None) -> int | str:
    """The page asked for: 1 when none is given, "last", or a page number; anything else is a 404."""
    if value in (None, ""):
        return 1
    if value == "last":
        return value
    number = positive_number(value)
    if number is None:
        raise no_such_page(value)
    return number


def no_such_page(value) -> Http404:
    return Http404(f"There is no page {str(value)[:20]!r} of these rows.")


def return_address(request, value: str | None, *, fallback: str) -> str:
    """`value` when it is a path on this site (without its #fragment), else `fallback`.

    A return address comes from the request, so it may name another site or a javascript: URL;
    those are never followed.
    """
    value = (value or "").strip()
    if (
        value.startswith("/")
        and not any(unicodedata.category(char)[0] == "C" for char in value)
        and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()},
                                            require_https=request.is_secure())
    ):
        return value.split("#", 1)[0]
    return fallback
