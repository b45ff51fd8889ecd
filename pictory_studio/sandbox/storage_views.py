"""The storage host's side of uploads (like S3 behind a CDN, no API auth): the signed PUT and
the permanent URL. They exist only where the sandbox is mounted."""

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt

from . import ranged, storage


def _xml_error(status: int, code: str, message: str, *, key: str = "", extra: dict | None = None) -> HttpResponse:
    body = storage.error_xml(code, message, key=key, extra=extra)
    return HttpResponse(body, status=status, content_type="application/xml")


@csrf_exempt
def upload(request, key):
    """PUT the file's bytes to its signed URL; read from the request stream a chunk at a time,
    so neither the body's size nor DATA_UPLOAD_MAX_MEMORY_SIZE matters here."""
    if request.method != "PUT":
        response = _xml_error(
            405, "MethodNotAllowed", "The specified method is not allowed against this resource.", key=key
        )
        response["Allow"] = "PUT"
        return response
    try:
        etag = storage.upload_receive(
            key=key,
            params=request.GET,
            content_type=request.META.get("CONTENT_TYPE", ""),
            content_length=request.META.get("CONTENT_LENGTH"),
            read=request.read,
        )
    except storage.UploadRefused as refused:
        storage.discard_body(request.read)
        return _xml_error(refused.status, refused.code, refused.message, key=key, extra=refused.extra)
    response = HttpResponse(status=200)
    response["ETag"] = f'"{etag}"'
    return response


def media(request, key):
    """GET or HEAD an uploaded file, with Range support."""
    if request.method not in ("GET", "HEAD"):
        response = _xml_error(
            405, "MethodNotAllowed", "The specified method is not allowed against this resource.", key=key
        )
        response["Allow"] = "GET, HEAD"
        return response
    found = storage.media_file(key)
    if found is None:
        return _xml_error(404, "NoSuchKey", "The specified key does not exist.", key=key)
    path, content_type = found
    return ranged.file_response(request, path, content_type)
