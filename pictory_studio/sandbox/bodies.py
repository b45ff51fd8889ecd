"""Reading JSON request bodies the same way in every API view."""

import json

from . import responses

NOT_JSON = object()


def json_body(request):
    """The parsed JSON body; {} when empty; NOT_JSON when it does not parse."""
    if not request.body.strip():
        return {}
    try:
        return json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return NOT_JSON


def not_json():
    return responses.invalid_body(
        [{"name": "body", "errors": "must be valid JSON"}], "Request body is not valid JSON"
    )
