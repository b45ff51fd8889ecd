"""Media storage (contract §5.6): signed upload URLs, the PUT, and the permanent URL."""

import hashlib
import re
import time
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from pictory_studio.sandbox import storage
from pictory_studio.sandbox.models import SandboxRequest, SandboxUpload

from .credentials import MODES, credential

pytestmark = pytest.mark.django_db

KEY_SHAPE = r"uploads/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/"


def target(api, file_name="clip.mp4", content_type="video/mp4", **kwargs) -> dict:
    response = api.post("/v1/media/generateurl", {"fileName": file_name, "contentType": content_type}, **kwargs)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["success"] is True
    return body["data"]


def put(client, signed_url, data: bytes, content_type="video/mp4"):
    return client.put(signed_url, data=data, content_type=content_type)


def xml_code(response) -> str:
    assert response["Content-Type"] == "application/xml"
    return re.search(r"<Code>(\w+)</Code>", response.content.decode()).group(1)


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def media_path(settings, key: str):
    return settings.PICTORY_SANDBOX_MEDIA_ROOT / key


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("spelling", ["generateurl", "generateUrl"])
def test_generate_url_answers_signed_and_permanent_urls(api, mode, spelling):
    before = int(time.time())
    response = api.post(
        f"/v1/media/{spelling}", {"fileName": "../My Clip (final).mp4", "contentType": "video/mp4"},
        auth=credential(api, mode),
    )

    assert response.status_code == 200, response.content
    data = response.json()["data"]
    assert set(data) == {"signedUrl", "url", "key"}
    assert re.fullmatch(KEY_SHAPE + r"My-Clip-final\.mp4", data["key"])
    assert data["url"] == f"http://testserver/sandbox/storage/media/{data['key']}"
    signed = urlsplit(data["signedUrl"])
    assert f"{signed.scheme}://{signed.netloc}{signed.path}" == f"http://testserver/sandbox/storage/upload/{data['key']}"
    query = parse_qs(signed.query)
    assert query["contentType"] == ["video/mp4"]
    assert before + 86400 <= int(query["expires"][0]) <= int(time.time()) + 86400
    assert re.fullmatch(r"[0-9a-f]{64}", query["sig"][0])
    assert SandboxRequest.objects.filter(endpoint="media_upload_url", status_code=200).count() == 1


@pytest.mark.parametrize(
    "body, fields",
    [
        ({}, {"fileName", "contentType"}),
        ({"fileName": "a.mp4"}, {"contentType"}),
        ({"fileName": "  ", "contentType": "video/mp4"}, {"fileName"}),
        ({"fileName": "a.mp4", "contentType": "video"}, {"contentType"}),
        ({"fileName": "a.mp4", "contentType": "video/mp4; codecs=avc1"}, {"contentType"}),
        ({"fileName": 5, "contentType": "video/mp4"}, {"fileName"}),
    ],
)
def test_generate_url_refuses_missing_or_malformed_fields(api, body, fields):
    response = api.post("/v1/media/generateurl", body)

    assert response.status_code == 400
    assert response.json()["code"] == "INVALID_REQUEST_BODY"
    assert {entry["name"] for entry in response.json()["fields"]} == fields
    assert SandboxUpload.objects.count() == 0


def test_generate_url_needs_credentials(api):
    response = api.post("/v1/media/generateurl", {"fileName": "a.mp4", "contentType": "video/mp4"}, auth=None)

    assert response.status_code == 401
    assert SandboxUpload.objects.count() == 0


def test_upload_without_authorization_then_the_permanent_url_serves_the_bytes(api, client, settings):
    data = target(api)
    payload = bytes(range(256)) * 40

    response = put(client, data["signedUrl"], payload)

    assert response.status_code == 200
    assert response.content == b""
    assert response["ETag"] == f'"{hashlib.md5(payload).hexdigest()}"'
    assert media_path(settings, data["key"]).read_bytes() == payload
    upload = SandboxUpload.objects.get(key=data["key"])
    assert upload.size == len(payload) and upload.uploaded_at is not None
    served = client.get(data["url"])
    assert served.status_code == 200
    assert served["Content-Type"] == "video/mp4"
    assert served["Accept-Ranges"] == "bytes"
    assert body_of(served) == payload


def test_head_gives_size_and_type_without_body(api, client):
    data = target(api, "logo.png", "image/png")
    put(client, data["signedUrl"], b"\x89PNG" + b"x" * 996, content_type="image/png")

    response = client.head(data["url"])

    assert response.status_code == 200
    assert response["Content-Length"] == "1000"
    assert response["Content-Type"] == "image/png"
    assert response["Accept-Ranges"] == "bytes"
    assert response.content == b""


def test_range_requests_get_206_with_the_right_bytes(api, client):
    data = target(api)
    payload = bytes(i % 251 for i in range(5000))
    put(client, data["signedUrl"], payload)

    middle = client.get(data["url"], HTTP_RANGE="bytes=100-199")
    tail = client.get(data["url"], HTTP_RANGE="bytes=-50")
    open_ended = client.get(data["url"], HTTP_RANGE="bytes=4990-")
    beyond = client.get(data["url"], HTTP_RANGE="bytes=6000-")
    head = client.head(data["url"], HTTP_RANGE="bytes=0-9")

    assert middle.status_code == 206
    assert middle["Content-Range"] == "bytes 100-199/5000"
    assert middle["Content-Length"] == "100"
    assert body_of(middle) == payload[100:200]
    assert body_of(tail) == payload[-50:]
    assert body_of(open_ended) == payload[4990:]
    assert open_ended["Content-Range"] == "bytes 4990-4999/5000"
    assert beyond.status_code == 416
    assert beyond["Content-Range"] == "bytes */5000"
    assert head.status_code == 206 and head["Content-Length"] == "10" and head.content == b""


def test_a_large_range_is_streamed_with_the_right_bytes(api, client):
    data = target(api)
    payload = bytes(i % 253 for i in range(3 * 1024 * 1024))
    put(client, data["signedUrl"], payload)

    response = client.get(data["url"], HTTP_RANGE="bytes=1000-2500000")

    assert response.status_code == 206
    assert response.streaming  # not read into memory at once
    assert response["Content-Length"] == str(2500000 - 1000 + 1)
    assert response["Content-Range"] == f"bytes 1000-2500000/{len(payload)}"
    assert body_of(response) == payload[1000:2500001]


def test_wrong_content_type_is_refused_with_s3_xml_and_nothing_is_stored(api, client, settings):
    data = target(api)

    response = put(client, data["signedUrl"], b"not a video", content_type="application/octet-stream")

    assert response.status_code == 403
    assert xml_code(response) == "SignatureDoesNotMatch"
    assert "application/octet-stream" in response.content.decode()
    assert not media_path(settings, data["key"]).exists()
    missing = client.get(data["url"])
    assert missing.status_code == 404
    assert xml_code(missing) == "NoSuchKey"


@pytest.mark.parametrize("field, value", [("sig", "0" * 64), ("contentType", "image/png"), ("expires", "9999999999")])
def test_tampered_query_is_refused(api, client, field, value, settings):
    data = target(api)
    parts = urlsplit(data["signedUrl"])
    query = {name: values[0] for name, values in parse_qs(parts.query).items()}
    query[field] = value
    tampered = f"{parts.scheme}://{parts.netloc}{parts.path}?{urlencode(query)}"

    response = put(client, tampered, b"data", content_type=query["contentType"])

    assert response.status_code == 403
    assert xml_code(response) == "SignatureDoesNotMatch"
    assert not media_path(settings, data["key"]).exists()


def test_signature_is_bound_to_the_key(api, client, settings):
    first, second = target(api), target(api)
    query = urlsplit(first["signedUrl"]).query
    other = f"http://testserver/sandbox/storage/upload/{second['key']}?{query}"

    response = put(client, other, b"data")

    assert response.status_code == 403
    assert xml_code(response) == "SignatureDoesNotMatch"
    assert not media_path(settings, second["key"]).exists()


def test_missing_query_is_access_denied(api, client):
    data = target(api)

    response = put(client, data["signedUrl"].split("?")[0], b"data")

    assert response.status_code == 403
    assert xml_code(response) == "AccessDenied"


def test_expired_url_is_refused(api, client, settings):
    settings.PICTORY_SANDBOX_UPLOAD_URL_SECONDS = -5
    data = target(api)

    response = put(client, data["signedUrl"], b"data")

    assert response.status_code == 403
    assert xml_code(response) == "AccessDenied"
    assert "Request has expired" in response.content.decode()
    assert not media_path(settings, data["key"]).exists()


def test_upload_over_the_size_cap_is_refused(api, client, settings):
    settings.PICTORY_SANDBOX_UPLOAD_MAX_BYTES = 1000
    data = target(api)

    too_big = put(client, data["signedUrl"], b"x" * 1001)
    at_cap = put(client, data["signedUrl"], b"y" * 1000)

    assert too_big.status_code == 400
    assert xml_code(too_big) == "EntityTooLarge"
    assert "<MaxSizeAllowed>1000</MaxSizeAllowed>" in too_big.content.decode()
    assert at_cap.status_code == 200
    assert media_path(settings, data["key"]).read_bytes() == b"y" * 1000


def test_upload_is_not_bound_by_djangos_form_body_limit(api, client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    data = target(api)
    payload = b"0123456789abcdef" * (3 * 65536 + 7)  # 3 MB and a bit: several read chunks

    response = put(client, data["signedUrl"], payload)

    assert response.status_code == 200
    assert media_path(settings, data["key"]).read_bytes() == payload


def test_a_second_put_replaces_the_file(api, client):
    data = target(api)
    put(client, data["signedUrl"], b"first version")

    put(client, data["signedUrl"], b"second")

    assert body_of(client.get(data["url"])) == b"second"


def test_upload_url_takes_only_put_and_media_url_only_get_and_head(api, client):
    data = target(api)

    post = client.post(data["signedUrl"], data=b"x", content_type="video/mp4")
    delete = client.delete(data["url"])

    assert post.status_code == 405 and xml_code(post) == "MethodNotAllowed"
    assert delete.status_code == 405


@pytest.mark.parametrize(
    "path",
    [
        "/sandbox/storage/media/uploads/../../settings.py",
        "/sandbox/storage/media/uploads/not-a-uuid/a.mp4",
        "/sandbox/storage/media/uploads/0b5c6f4e-6c87-4c1d-9a55-1f7f0e1b2c3d/.hidden",
        "/sandbox/storage/media/uploads/0b5c6f4e-6c87-4c1d-9a55-1f7f0e1b2c3d/never-uploaded.mp4",
    ],
)
def test_other_media_paths_are_404(client, path):
    assert client.get(path).status_code == 404


def test_local_path_and_content_type_for_sandbox_media_urls(api, client, settings):
    data = target(api, "brand logo.PNG", "image/png")
    pending = storage.local_path_for_url(data["url"])
    put(client, data["signedUrl"], b"\x89PNG data", content_type="image/png")

    assert pending is None  # nothing uploaded yet
    path = storage.local_path_for_url(data["url"])
    assert path == media_path(settings, data["key"])
    assert path.read_bytes() == b"\x89PNG data"
    assert storage.local_path_for_url(data["url"].replace("http://testserver", "https://studio.example.test")) == path
    assert storage.content_type_for_url(data["url"]) == "image/png"
    assert storage.local_path_for_url("https://cdn.example.test/brand-logo.png") is None
    assert storage.local_path_for_url(data["signedUrl"]) is None
    assert storage.local_path_for_url("not a url") is None
    assert storage.local_path_for_url("file:///etc/passwd") is None
    assert storage.content_type_for_url("https://cdn.example.test/font.ttf") in {"font/ttf", "application/x-font-ttf"}
    assert storage.content_type_for_url("https://cdn.example.test/blob") == "application/octet-stream"
