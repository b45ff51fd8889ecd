"""Uploads for real, over HTTP: the sandbox signs the URL, the bytes go there, the studio checks what arrived."""
import io
import struct
import threading
import time
import wave
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from django.urls import reverse
from PIL import Image

from tests.factories import UserFactory
from tests.helpers import sandbox_calls
from videos.models import MediaAsset, MediaStatus

pytestmark = pytest.mark.django_db


def _image(fmt: str, size=(40, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (255, 0, 255)).save(out, fmt)
    return out.getvalue()


def _wav() -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(2)
        audio.setframerate(8000)
        audio.writeframes(b"\x00\x00" * 8000)
    return out.getvalue()


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


PAD = b"\x00" * 2000
# The opening bytes of each format, as real files start (the rest does not matter to the check).
SAMPLES = {
    "logo.png": ("image/png", _image("PNG")),
    "photo.jpg": ("image/jpeg", _image("JPEG")),
    "spin.gif": ("image/gif", _image("GIF")),
    "hero.webp": ("image/webp", _image("WEBP")),
    "voice.mp3": ("audio/mpeg", b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + PAD),
    "bare.mp3": ("audio/mpeg", b"\xff\xfb\x90\x64" + PAD),
    "room.wav": ("audio/wav", _wav()),
    "memo.m4a": ("audio/mp4", _box(b"ftyp", b"M4A \x00\x00\x00\x00M4A isom") + PAD),
    "clip.mp4": ("video/mp4", _box(b"ftyp", b"isom\x00\x00\x02\x00isomiso2mp41") + PAD),
    "take.mov": ("video/quicktime", _box(b"ftyp", b"qt  \x00\x00\x02\x00qt  ") + PAD),
    "camera.mov": ("video/quicktime", _box(b"wide", b"") + _box(b"mdat", PAD)),
    "loop.webm": ("video/webm", b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm" + PAD),
    "Acme.ttf": ("font/ttf", b"\x00\x01\x00\x00\x00\x0e\x00\x80\x00\x03\x00\x60" + PAD),
    "Acme.otf": ("font/otf", b"OTTO\x00\x0c\x00\x80\x00\x03\x00\x40" + PAD),
    "Acme.woff2": ("font/woff2", b"wOF2\x00\x01\x00\x00" + PAD),
}


def _as(client, role, username=None):
    person = UserFactory(username=username or role.lower(), roles=[role])
    client.force_login(person)
    return person


def _start(client, name, content_type, size, **extra):
    response = client.post(reverse("videos:media_upload_start"),
                           {"name": name, "content_type": content_type, "size": str(size), **extra})
    assert response.status_code == 200, response.content
    return response.json()


def _put(ticket, data, content_type=None):
    return requests.put(ticket["signed_url"], data=data, timeout=10,
                        headers={"Content-Type": content_type or ticket["content_type"]})


@pytest.mark.parametrize("name", list(SAMPLES))
def test_each_kind_of_file_goes_to_the_signed_url_and_becomes_ready(client, sandbox, name):
    _as(client, "Editor")
    content_type, data = SAMPLES[name]
    ticket = _start(client, name, content_type, len(data))
    assert ticket["content_type"] == content_type
    assert _put(ticket, data).status_code == 200
    answer = client.post(ticket["finish_url"])
    assert answer.status_code == 200, answer.json()
    asset = MediaAsset.objects.get(pk=ticket["asset_id"])
    assert (asset.status, asset.size_bytes, asset.refusal) == (MediaStatus.READY, len(data), "")
    assert requests.get(asset.url, timeout=10).content == data
    assert sandbox_calls("POST", "/media/generateurl") == 1


def test_a_ready_image_keeps_its_measured_size_and_shows_in_the_library(client, sandbox):
    _as(client, "Editor", username="maya")
    data = _image("PNG", size=(640, 360))
    ticket = _start(client, "banner.png", "image/png", len(data))
    _put(ticket, data)
    answer = client.post(ticket["finish_url"], {"width": "640", "height": "360"}).json()
    assert (answer["status"], answer["width"], answer["height"]) == ("ready", 640, 360)
    assert "banner.png" in answer["card"] and "640×360" in answer["card"]
    page = client.get(reverse("videos:media_library")).content.decode()
    assert "banner.png" in page and "640×360" in page and "maya" in page


@pytest.mark.parametrize("values,kept", [
    ({"width": "NaN", "height": "360"}, (None, None, None)),
    ({"width": "-640", "height": "360"}, (None, None, None)),
    ({"width": "640", "height": "360", "duration": "Infinity"}, (640, 360, None)),
    ({"width": "9999999", "height": "360", "duration": "12.3456"}, (None, None, 12.346)),
    ({"width": "1920", "height": "1080", "duration": "0"}, (1920, 1080, None)),
])
def test_only_sane_browser_measurements_are_kept(client, sandbox, values, kept):
    _as(client, "Editor")
    content_type, data = SAMPLES["clip.mp4"]
    ticket = _start(client, "clip.mp4", content_type, len(data))
    _put(ticket, data)
    assert client.post(ticket["finish_url"], values).status_code == 200
    asset = MediaAsset.objects.get()
    assert (asset.width, asset.height, asset.duration_seconds) == kept


@pytest.mark.parametrize("name,content_type,data,found", [
    ("voice.mp3", "audio/mpeg", _image("PNG"), "a PNG image"),
    ("logo.png", "image/png", b"<!DOCTYPE html><html><body>Access denied</body></html>" + PAD, "a web page (HTML)"),
    ("logo.png", "image/png", _image("JPEG"), "a JPEG image"),
    ("Acme.woff2", "font/woff2", b"wOFF\x00\x01\x00\x00" + PAD, "a WOFF font (the library takes WOFF2, TTF or OTF)"),
    ("clip.webm", "video/webm", b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x88matroska" + PAD,
     "a Matroska (MKV) video"),
    ("Acme.ttf", "font/ttf", b"just some text, not a font" + PAD, "not a format the library knows"),
    ("photo.jpg", "image/jpeg", _box(b"ftyp", b"heic\x00\x00\x00\x00mif1heic") + PAD, "a HEIC image"),
    ("memo.m4a", "audio/mp4", b"\xff\xf1\x50\x80" + PAD, "an AAC file"),
])
def test_content_that_is_not_what_was_declared_is_refused_with_what_was_found(client, sandbox, name, content_type,
                                                                             data, found):
    _as(client, "Editor")
    ticket = _start(client, name, content_type, len(data))
    assert _put(ticket, data).status_code == 200
    answer = client.post(ticket["finish_url"])
    assert answer.status_code == 422
    refusal = answer.json()["refusal"]
    assert f"“{name}” was declared as " in refusal and f"({content_type}), but its content is {found}." in refusal
    asset = MediaAsset.objects.get()
    assert (asset.status, asset.refusal) == (MediaStatus.REFUSED, refusal)
    assert refusal in client.get(reverse("videos:media_library")).content.decode()
    assert MediaAsset.objects.filter(status=MediaStatus.READY).count() == 0


def test_a_file_whose_size_differs_from_the_declared_one_is_refused(client, sandbox):
    _as(client, "Editor")
    data = _image("PNG")
    ticket = _start(client, "logo.png", "image/png", len(data) + 5000)
    _put(ticket, data)
    refusal = client.post(ticket["finish_url"]).json()["refusal"]
    assert refusal == (f"“logo.png” was declared as {len(data) + 5000:,} bytes, but {len(data):,} bytes arrived at "
                       "Pictory's storage. Upload it again.")


def test_finishing_before_the_bytes_arrived_is_refused(client, sandbox):
    _as(client, "Editor")
    ticket = _start(client, "logo.png", "image/png", 1234)
    answer = client.post(ticket["finish_url"])
    assert answer.status_code == 422
    assert answer.json()["refusal"] == ("“logo.png” did not arrive at Pictory's storage (the storage answered "
                                        "HTTP 404). Upload it again.")


def test_a_put_with_another_content_type_is_refused_by_the_storage(client, sandbox):
    _as(client, "Editor")
    data = _image("PNG")
    ticket = _start(client, "logo.png", "image/png", len(data))
    put = _put(ticket, data, content_type="image/jpeg")
    assert put.status_code == 403 and "SignatureDoesNotMatch" in put.text


def test_finishing_twice_changes_nothing(client, sandbox):
    _as(client, "Editor")
    content_type, data = SAMPLES["logo.png"]
    ticket = _start(client, "logo.png", content_type, len(data))
    _put(ticket, data)
    assert client.post(ticket["finish_url"], {"width": "40", "height": "20"}).status_code == 200
    again = client.post(ticket["finish_url"], {"width": "1", "height": "1"})
    assert again.status_code == 200
    assert (MediaAsset.objects.get().width, MediaAsset.objects.count()) == (40, 1)


def test_a_font_without_a_browser_type_is_typed_by_its_name_and_checked_by_content(client, sandbox):
    _as(client, "Admin")
    _, data = SAMPLES["Acme.ttf"]
    ticket = _start(client, "C:\\fakepath\\Acme-Sans.ttf", "", len(data))
    assert ticket["content_type"] == "font/ttf"
    _put(ticket, data)
    assert client.post(ticket["finish_url"]).status_code == 200
    assert MediaAsset.objects.get().name == "Acme-Sans.ttf"


def test_an_htmx_finish_answers_with_the_card(client, sandbox):
    _as(client, "Editor")
    content_type, data = SAMPLES["room.wav"]
    ticket = _start(client, "room.wav", content_type, len(data))
    _put(ticket, data)
    html = client.post(ticket["finish_url"], {"duration": "1.0"}, HTTP_HX_REQUEST="true").content.decode()
    assert html.startswith('<article class="media-card"') and "room.wav" in html and "<audio" in html


# --- Through the studio (no JavaScript, or a storage host the browser cannot reach) ------------


def _file(name: str, data: bytes, content_type: str = "") -> io.BytesIO:
    upload = io.BytesIO(data)
    upload.name = name
    if content_type:
        upload.content_type = content_type
    return upload


def test_the_studio_sends_a_small_png_itself(client, sandbox):
    _as(client, "Editor")
    data = _image("PNG", size=(300, 120))
    response = client.post(reverse("videos:media_upload_direct"), {"file": _file("badge.png", data)}, follow=True)
    assert "Uploaded “badge.png”." in response.content.decode()
    asset = MediaAsset.objects.get()
    assert (asset.status, asset.size_bytes, asset.width, asset.height) == (MediaStatus.READY, len(data), 300, 120)
    assert requests.get(asset.url, timeout=10).content == data
    assert sandbox_calls("POST", "/media/generateurl") == 1


def test_the_direct_fallback_answers_in_json_for_the_uploader(client, sandbox):
    _as(client, "Editor")
    content_type, data = SAMPLES["Acme.otf"]
    response = client.post(reverse("videos:media_upload_direct"),
                           {"file": _file("Acme.otf", data, "application/octet-stream"), "kind": "font"},
                           HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    answer = response.json()
    assert (answer["status"], answer["kind"], answer["name"]) == ("ready", "font", "Acme.otf")
    assert MediaAsset.objects.get(pk=answer["asset_id"]).content_type == "font/otf"


def test_the_direct_fallback_refuses_content_that_is_not_what_it_says(client, sandbox):
    _as(client, "Editor")
    response = client.post(reverse("videos:media_upload_direct"), {"file": _file("song.mp3", _image("GIF"))},
                           follow=True)
    assert "“song.mp3” was declared as an MP3 file (audio/mpeg), but its content is a GIF image." in \
        response.content.decode()
    assert MediaAsset.objects.get().status == MediaStatus.REFUSED


def test_the_direct_fallback_takes_at_most_20_mb(client, sandbox):
    _as(client, "Editor")
    data = b"\x89PNG\r\n\x1a\n" + b"\x00" * (20 * 1024 * 1024)
    response = client.post(reverse("videos:media_upload_direct"), {"file": _file("huge.png", data)},
                           HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert "files sent through the studio may be at most 20 MB" in response.json()["error"]
    assert not MediaAsset.objects.exists() and sandbox_calls("POST", "/media/generateurl") == 0


# --- Reading back from storage hosts that misbehave --------------------------------------------


class _Storage(BaseHTTPRequestHandler):
    """A storage host: /file serves a PNG, /moved redirects, /big ignores Range, /broken answers 500."""

    log = []
    big = 64 * 1024 * 1024

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 (http.server's name)
        type(self).log.append((self.headers["Host"], self.path, self.headers.get("Range")))
        data = _image("PNG")
        if self.path == "/file":
            self.send_response(206)
            self.send_header("Content-Range", f"bytes 0-{len(data) - 1}/{len(data)}")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        elif self.path.startswith("/moved"):
            host = self.path.partition("?to=")[2] or self.headers["Host"]
            self.send_response(302)
            self.send_header("Location", f"http://{host}/file")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/big":
            self.send_response(200)
            self.send_header("Content-Length", str(self.big))
            self.end_headers()
            sent, chunk = 0, data + b"\x00" * (64 * 1024 - len(data))
            try:
                while sent < self.big:
                    self.wfile.write(chunk)
                    sent += len(chunk)
            except OSError:
                pass
            type(self).log.append(("sent", sent, None))
        else:
            self.send_response(500)
            self.send_header("Content-Length", "0")
            self.end_headers()


@pytest.fixture
def storage_host():
    _Storage.log = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Storage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_port}", f"localhost:{server.server_port}"
    server.shutdown()
    server.server_close()


def _uploading(user, url, size=None) -> MediaAsset:
    return MediaAsset.objects.create(name="logo.png", kind="image", content_type="image/png", url=url,
                                     size_bytes=size or len(_image("PNG")), uploaded_by=user)


def test_the_check_follows_a_redirect_on_the_same_host(client, storage_host):
    user = _as(client, "Editor")
    asset = _uploading(user, f"http://{storage_host[0]}/moved")
    assert client.post(reverse("videos:media_upload_finish", args=[asset.pk])).status_code == 200
    assert [entry[1] for entry in _Storage.log] == ["/moved", "/file"]
    assert _Storage.log[0][2] == "bytes=0-511"  # only the first bytes are asked for


def test_the_check_does_not_follow_a_redirect_to_another_host(client, storage_host):
    here, elsewhere = storage_host
    user = _as(client, "Editor")
    asset = _uploading(user, f"http://{here}/moved?to={elsewhere}")
    answer = client.post(reverse("videos:media_upload_finish", args=[asset.pk]))
    assert answer.status_code == 422
    assert "the storage sent the studio to another host" in answer.json()["refusal"]
    assert [entry[0] for entry in _Storage.log] == [here]


def test_the_check_reads_only_the_first_bytes_of_a_storage_that_ignores_range(client, storage_host):
    user = _as(client, "Editor")
    asset = _uploading(user, f"http://{storage_host[0]}/big", size=_Storage.big)
    started = time.monotonic()
    assert client.post(reverse("videos:media_upload_finish", args=[asset.pk])).status_code == 200
    assert time.monotonic() - started < 5
    deadline = time.monotonic() + 5
    while not any(entry[0] == "sent" for entry in _Storage.log) and time.monotonic() < deadline:
        time.sleep(0.05)
    sent = next(entry[1] for entry in _Storage.log if entry[0] == "sent")
    assert sent < _Storage.big / 2  # the studio hung up long before the end


def test_a_storage_error_leaves_the_upload_to_be_checked_again(client, storage_host):
    user = _as(client, "Editor")
    asset = _uploading(user, f"http://{storage_host[0]}/broken")
    answer = client.post(reverse("videos:media_upload_finish", args=[asset.pk]))
    assert answer.status_code == 503
    assert answer.json() == {"error": "The studio could not read “logo.png” back from Pictory's storage (the storage "
                                      "answered HTTP 500). Try again in a minute.", "retry": True}
    asset.refresh_from_db()
    assert asset.status == MediaStatus.UPLOADING
