"""URL converters shared by the studio's apps."""
class IdConverter:
    """A primary key in a URL: digits that fit a database integer column.

    Django's `int` converter accepts any number of digits, and a number too large for the
    database made the lookup crash instead of answering "not found".
    """

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))

