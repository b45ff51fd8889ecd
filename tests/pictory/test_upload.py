"""PUT to a signed storage URL: exact Content-Type, no API credentials, streamed, never resent once sent."""
import io
import logging
import traceback

import pytest
import requests

from pictory_studio.pictory import (
    InMemoryTokenCache,
    PictoryError,
    ServerError,
    TransportError,
    UploadRefusedError,
    UploadTarget,
)

from .conftest import Reply

KEY_PATH = "/storage/upload/uploads/7c1d/logo.png"
SIGNATURE = "sig=5e1f0c0ffee5ecret"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
SIGNATURE_MISMATCH = """<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>SignatureDoesNotMatch</Code>
<Message>The request signature we calculated does not match the signature you provided. Check your key
 and signing method.</Message><StringToSign>AWS4-HMAC-SHA256 secret-material</StringToSign></Error>"""
EXPIRED = "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>"
TOO_LARGE = "<Error><Code>EntityTooLarge</Code><Message>Your proposed upload exceeds the maximum allowed size"
XML = {"Content-Type": "application/xml"}


@pytest.fixture
def signed_url(pictory_server):
    # The storage host is not under the API base URL: strip /pictoryapis from the fake's URL.
    return pictory_server.url.removesuffix("/pictoryapis") + KEY_PATH + f"?contentType=image%2Fpng&{SIGNATURE}"


def test_upload_puts_the_bytes_to_the_absolute_signed_url(pictory_server, make_client, signed_url):
    pictory_server.add("PUT", KEY_PATH, Reply(status=200))
    target = UploadTarget(signed_url=signed_url, url="http://cdn.example.test/logo.png", key="uploads/7c1d/logo.png")

    assert make_client().upload_file(target, content_type="image/png", stream_or_bytes=PNG) is None

    [request] = pictory_server.requests
    assert (request.method, request.path) == ("PUT", KEY_PATH)
    assert request.query["sig"] == ["5e1f0c0ffee5ecret"]
    assert request.body == PNG
    assert request.header("Content-Type") == "image/png"
    assert request.header("Content-Length") == str(len(PNG))


def test_content_type_goes_exactly_as_given(pictory_server, make_client, signed_url):
    pictory_server.add("PUT", KEY_PATH, Reply(status=200))

    make_client().upload_file(signed_url, content_type="Audio/MPEG", stream_or_bytes=b"ID3")

    assert pictory_server.requests[0].header("Content-Type") == "Audio/MPEG"


def test_no_api_credentials_go_to_the_storage(pictory_server, make_client, signed_url):
    """OAuth mode with a user id and a session carrying defaults: the storage sees none of it."""
    pictory_server.add("PUT", KEY_PATH, Reply(status=200))
    session = requests.Session()
    session.headers["Authorization"] = "pictai_session_default"
    session.headers["X-Pictory-User-Id"] = "user-from-session"
    session.auth = ("someone", "secret")
    client = make_client(api_key="", client_id="studio", client_secret="s3cr3t", user_id="user-7",
                         session=session, token_cache=InMemoryTokenCache())

    client.upload_file(signed_url, content_type="image/png", stream_or_bytes=PNG)

    [request] = pictory_server.requests  # and no token exchange either
    assert request.header("Authorization") is None
    assert request.header("X-Pictory-User-Id") is None
    assert request.header("X-Pictory-Customer-Id") is None


def test_a_file_object_is_streamed_from_its_position_with_its_size(pictory_server, make_client, signed_url, tmp_path):
    pictory_server.add("PUT", KEY_PATH, Reply(status=200))
    video = tmp_path / "clip.mp4"
    content = bytes(range(256)) * 12_000  # ~3 MB
    video.write_bytes(content)

    with video.open("rb") as stream:
        make_client().upload_file(signed_url, content_type="video/mp4", stream_or_bytes=stream)

    request = pictory_server.requests[0]
    assert request.body == content
    assert request.header("Content-Length") == str(len(content))
    assert request.header("Transfer-Encoding") is None


class RecordingReads(io.BytesIO):
    def __init__(self, content: bytes):
        super().__init__(content)
        self.reads: list[int] = []

    def read(self, size=-1):
        chunk = super().read(size)
        self.reads.append(len(chunk))
        return chunk


def test_a_file_object_is_read_in_chunks_not_at_once(pictory_server, make_client, signed_url):
    pictory_server.add("PUT", KEY_PATH, Reply(status=200))
    content = b"\x00\x01" * (3 * 1024 * 1024)  # 6 MB
    stream = RecordingReads(content)

    make_client().upload_file(signed_url, content_type="video/mp4", stream_or_bytes=stream)

    assert len(pictory_server.requests[0].body) == len(content)
    assert sum(stream.reads) == len(content)
    assert max(stream.reads) <= 1024 * 1024


@pytest.mark.parametrize(
    ("reply", "code", "reason"),
    [
        (Reply(status=403, body=SIGNATURE_MISMATCH, headers=XML), "SignatureDoesNotMatch",
         "The request signature we calculated does not match the signature you provided. Check your key and"),
        (Reply(status=403, body=EXPIRED, headers=XML), "AccessDenied", "Request has expired"),
        (Reply(status=400, body=TOO_LARGE, headers=XML), "EntityTooLarge", "EntityTooLarge"),
        (Reply(status=403, body=""), "", "no reason given"),
        (Reply(status=403, body="<html><title>Forbidden by proxy</title></html>"), "", "Forbidden by proxy"),
    ],
)
def test_storage_refusals_carry_the_storages_reason(pictory_server, make_client, signed_url, sleeps,
                                                    reply, code, reason):
    pictory_server.add("PUT", KEY_PATH, reply)

    with pytest.raises(UploadRefusedError) as caught:
        make_client().upload_file(signed_url, content_type="image/jpeg", stream_or_bytes=PNG)

    error = caught.value
    assert isinstance(error, PictoryError)
    assert error.status == reply.status and error.code == code
    assert error.message.startswith("The storage refused the upload: ")
    assert reason in error.message
    assert "secret-material" not in str(error)  # S3's StringToSign is never repeated
    assert len(pictory_server.requests) == 1 and sleeps == []


def test_storage_5xx_is_a_server_error_and_not_resent(pictory_server, make_client, signed_url, sleeps):
    pictory_server.add("PUT", KEY_PATH, Reply(status=503, body="<Error><Code>SlowDown</Code></Error>"))

    with pytest.raises(ServerError, match="SlowDown"):
        make_client().upload_file(signed_url, content_type="image/png", stream_or_bytes=PNG)

    assert len(pictory_server.requests) == 1 and sleeps == []


def test_a_redirect_is_not_followed(pictory_server, make_client, signed_url):
    pictory_server.add("PUT", KEY_PATH, Reply(status=307, headers={"Location": "http://elsewhere.example.test/"}))

    with pytest.raises(PictoryError, match="redirected"):
        make_client().upload_file(signed_url, content_type="image/png", stream_or_bytes=PNG)

    assert len(pictory_server.requests) == 1


def test_read_timeout_after_sending_is_never_resent(pictory_server, make_client, signed_url, sleeps):
    pictory_server.add("PUT", KEY_PATH, Reply(status=200, delay=0.6))

    with pytest.raises(TransportError) as caught:
        make_client(read_timeout=0.3, get_retries=3).upload_file(
            signed_url, content_type="image/png", stream_or_bytes=io.BytesIO(PNG))

    assert caught.value.sent is True
    assert len(pictory_server.requests) == 1 and sleeps == []


def test_connection_dropped_after_sending_is_never_resent(pictory_server, make_client, signed_url, sleeps):
    pictory_server.add("PUT", KEY_PATH, Reply(drop=True))

    with pytest.raises(TransportError) as caught:
        make_client().upload_file(signed_url, content_type="image/png", stream_or_bytes=PNG)

    assert caught.value.sent is True
    assert len(pictory_server.requests) == 1 and sleeps == []


def test_connection_never_made_is_tried_again(make_client, closed_port, sleeps):
    url = f"http://127.0.0.1:{closed_port}{KEY_PATH}?{SIGNATURE}"

    with pytest.raises(TransportError) as caught:
        make_client(get_retries=2).upload_file(url, content_type="image/png", stream_or_bytes=PNG)

    assert caught.value.sent is False
    assert len(sleeps) == 2


class FailFirstConnect(requests.Session):
    """The first PUT reads a little of the body, then fails before connecting; later ones go through."""

    def __init__(self):
        super().__init__()
        self.puts = 0

    def request(self, method, url, **kwargs):
        self.puts += 1
        if self.puts == 1:
            kwargs["data"].read(10)
            raise requests.ConnectTimeout("connect timed out")
        return super().request(method, url, **kwargs)


def test_a_stream_is_rewound_before_it_is_tried_again(pictory_server, make_client, signed_url):
    pictory_server.add("PUT", KEY_PATH, Reply(status=200))
    stream = io.BytesIO(b"HEADER" + PNG)
    stream.seek(6)

    make_client(session=FailFirstConnect()).upload_file(signed_url, content_type="image/png", stream_or_bytes=stream)

    assert pictory_server.requests[0].body == PNG


def test_every_upload_has_a_connect_and_read_timeout(make_client, signed_url):
    class Recording(requests.Session):
        def request(self, method, url, **kwargs):
            self.kwargs = kwargs
            raise requests.ConnectTimeout("connect timed out")

    session = Recording()
    with pytest.raises(TransportError):
        make_client(session=session, connect_timeout=1.5, read_timeout=9, get_retries=0).upload_file(
            signed_url, content_type="image/png", stream_or_bytes=PNG)

    assert session.kwargs["timeout"] == (1.5, 9)
    assert session.kwargs["allow_redirects"] is False


def test_the_signature_never_reaches_logs_or_tracebacks(pictory_server, make_client, signed_url, closed_port, caplog):
    pictory_server.add("PUT", KEY_PATH, Reply(status=200), Reply(status=200, delay=0.6))
    caplog.set_level(logging.DEBUG)
    client = make_client(read_timeout=0.3)
    client.upload_file(signed_url, content_type="image/png", stream_or_bytes=PNG)

    failures = []
    for url in (signed_url, f"http://127.0.0.1:{closed_port}{KEY_PATH}?{SIGNATURE}"):
        with pytest.raises(TransportError) as caught:
            client.upload_file(url, content_type="image/png", stream_or_bytes=PNG)
        failures.append("".join(traceback.format_exception(caught.value)))

    assert "storage PUT to 127.0.0.1" in caplog.text
    assert SIGNATURE not in caplog.text
    assert all(SIGNATURE not in failure for failure in failures)


@pytest.mark.parametrize(
    ("target", "content_type", "body", "message"),
    [
        ("/storage/upload/k?sig=1", "image/png", PNG, "absolute signed URL"),
        ("ftp://storage.example.test/k", "image/png", PNG, "absolute signed URL"),
        ("", "image/png", PNG, "absolute signed URL"),
        ("http://storage.example.test/k", "", PNG, "needs the Content-Type"),
        ("http://storage.example.test/k", "image/png\r\nX-Amz-Acl: public-read", PNG, "needs the Content-Type"),
        ("http://storage.example.test/k", "image/png", b"", "is empty"),
        ("http://storage.example.test/k", "image/png", io.BytesIO(b""), "is empty"),
        ("http://storage.example.test/k", "image/png", "text is not bytes", "bytes or a file object"),
        ("http://storage.example.test/k", "image/png", iter([PNG]), "bytes or a file object"),
    ],
)
def test_bad_uploads_are_refused_before_sending(make_client, sleeps, target, content_type, body, message):
    with pytest.raises(ValueError, match=message):
        make_client().upload_file(target, content_type=content_type, stream_or_bytes=body)


def test_an_unseekable_stream_is_refused_before_sending(pictory_server, make_client, signed_url):
    class Pipe(io.RawIOBase):
        def readable(self):
            return True

        def readinto(self, buffer):
            return 0

    with pytest.raises(ValueError, match="seekable file object"):
        make_client().upload_file(signed_url, content_type="image/png", stream_or_bytes=Pipe())

    assert pictory_server.requests == []
