"""The media library: uploads go browser → Pictory's signed URL; the studio checks what arrived."""
import io

import pytest
import requests
from django.urls import reverse
from PIL import Image

from tests.factories import UserFactory
from tests.helpers import sandbox_calls
from videos.models import MediaAsset, MediaStatus

pytestmark = pytest.mark.django_db


def png_bytes(size=(40, 20), colour=(255, 0, 255)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def _as(client, role):
    person = UserFactory(username=role.lower(), roles=[role])
    client.force_login(person)
    return person


def _start(client, **values):
    return client.post(reverse("videos:media_upload_start"), {"name": "logo.png", "content_type": "image/png",
                                                              "size": "1234", **values})


@pytest.mark.parametrize("values,message", [
    ({"name": ""}, "The file has no name."),
    ({"name": "notes.exe", "content_type": "application/x-msdownload"}, "not a file type the library takes"),
    ({"size": "0"}, "The file is empty."),
    ({"size": "lots"}, "The file is empty."),
    ({"size": str(21 * 1024 * 1024)}, "image files may be at most 20 MB"),
    ({"name": "talk.mp4", "content_type": "video/mp4", "size": str(2 * 1024**3)}, "video files may be at most"),
])
def test_bad_uploads_are_refused_before_anything_is_sent(client, values, message):
    _as(client, "Editor")
    response = _start(client, **values)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not MediaAsset.objects.exists()


def test_reviewers_cannot_upload_but_see_the_library(client):
    _as(client, "Reviewer")
    assert _start(client).status_code == 403
    assert client.post(reverse("videos:media_upload_direct")).status_code == 403
    page = client.get(reverse("videos:media_library")).content.decode()
    assert "No files yet." in page and "Editors and admins upload files here." in page
    assert 'data-uploader-form' not in page


def test_the_library_lists_ready_assets_and_refusals_with_their_reason(client):
    user = _as(client, "Editor")
    MediaAsset.objects.create(name="logo.png", kind="image", content_type="image/png", size_bytes=2048,
                              width=400, height=200, url="https://cdn.example.test/logo.png",
                              status=MediaStatus.READY, uploaded_by=user)
    MediaAsset.objects.create(name="fake.mp3", kind="audio", content_type="audio/mpeg", status=MediaStatus.REFUSED,
                              refusal="“fake.mp3” is named as an MP3 file, but its content is a PNG image.")
    MediaAsset.objects.create(name="halfway.mp4", kind="video", content_type="video/mp4")
    page = client.get(reverse("videos:media_library")).content.decode()
    assert "logo.png" in page and "400×200" in page
    assert "but its content is a PNG image" in page
    assert "halfway.mp4" not in page  # still uploading: not shown yet
    images = client.get(reverse("videos:media_library") + "?kind=image").content.decode()
    assert "logo.png" in images and "fake.mp3" not in images


# --- The real flow against the sandbox over HTTP ---------------------------------------------


def test_an_upload_goes_to_the_signed_url_and_becomes_ready(client, sandbox):
    _as(client, "Editor")
    data = png_bytes()
    ticket = _start(client, size=str(len(data))).json()
    assert ticket["content_type"] == "image/png"
    put = requests.put(ticket["signed_url"], data=data, headers={"Content-Type": "image/png"}, timeout=10)
    assert put.status_code == 200
    answer = client.post(ticket["finish_url"], {"width": "40", "height": "20"})
    assert answer.status_code == 200
    asset = MediaAsset.objects.get()
    assert (asset.status, asset.size_bytes, asset.width, asset.height) == (MediaStatus.READY, len(data), 40, 20)
    assert requests.get(asset.url, timeout=10).content == data
    assert sandbox_calls("POST", "/media/generateurl") == 1


def test_content_that_is_not_what_the_name_says_is_refused(client, sandbox):
    _as(client, "Editor")
    data = png_bytes()
    ticket = _start(client, name="voice.mp3", content_type="audio/mpeg", size=str(len(data))).json()
    requests.put(ticket["signed_url"], data=data, headers={"Content-Type": "audio/mpeg"}, timeout=10)
    answer = client.post(ticket["finish_url"])
    assert answer.status_code == 422
    assert "named as an MP3 file, but its content is a PNG image" in answer.json()["refusal"]
    assert MediaAsset.objects.get().status == MediaStatus.REFUSED


def test_finishing_before_the_bytes_arrived_is_refused(client, sandbox):
    _as(client, "Editor")
    ticket = _start(client).json()
    answer = client.post(ticket["finish_url"])
    assert answer.status_code == 422
    assert "did not arrive" in answer.json()["refusal"]


def test_someone_elses_upload_cannot_be_finished(client, sandbox):
    _as(client, "Editor")
    ticket = _start(client).json()
    _as(client, "Admin")
    assert client.post(ticket["finish_url"]).status_code == 404


def test_a_font_without_a_browser_type_is_typed_by_its_name(client, sandbox):
    _as(client, "Admin")
    ticket = _start(client, name="Acme-Sans.ttf", content_type="").json()
    assert ticket["content_type"] == "font/ttf"


def test_the_studio_can_send_a_small_file_itself(client, sandbox):
    _as(client, "Editor")
    data = png_bytes()
    upload = io.BytesIO(data)
    upload.name = "badge.png"
    response = client.post(reverse("videos:media_upload_direct"), {"file": upload}, follow=True)
    assert "Uploaded “badge.png”." in response.content.decode()
    asset = MediaAsset.objects.get()
    assert asset.status == MediaStatus.READY and requests.get(asset.url, timeout=10).content == data
