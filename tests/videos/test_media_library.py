"""The media library's pages and the checks made before any byte is sent (no Pictory needed)."""
import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse

from tests.factories import UserFactory
from videos.models import MediaAsset, MediaStatus

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


def _as(client, *roles, username=None):
    person = UserFactory(username=username or roles[0].lower(), roles=list(roles))
    client.force_login(person)
    return person


def _start(client, **values):
    return client.post(reverse("videos:media_upload_start"),
                       {"name": "logo.png", "content_type": "image/png", "size": "1234", **values})


def _asset(**values) -> MediaAsset:
    defaults = {"name": "logo.png", "kind": "image", "content_type": "image/png", "size_bytes": 2048,
                "url": "https://cdn.example.test/logo.png", "status": MediaStatus.READY}
    return MediaAsset.objects.create(**{**defaults, **values})


@pytest.mark.parametrize("values,message", [
    ({"name": ""}, "The file has no name. Choose the file again."),
    ({"name": "   "}, "The file has no name."),
    ({"name": "x" * 252 + ".png"}, "The file name is longer than 255 characters. Rename the file"),
    ({"name": "setup.exe", "content_type": "application/x-msdownload"},
     "“setup.exe” is not a file type the library takes (the browser calls it application/x-msdownload). "
     "Use one of: GIF, JPEG, JPG, M4A, M4V, MOV, MP3, MP4, OTF, PNG, TTF, WAV, WEBM, WEBP, WOFF2."),
    ({"name": "notes", "content_type": ""}, "“notes” is not a file type the library takes. Use one of:"),
    ({"name": "old.woff", "content_type": "font/woff"}, "not a file type the library takes"),
    ({"size": "0"}, "“logo.png” is empty. Choose a file with something in it."),
    ({"size": "-5"}, "is empty"),
    ({"size": "lots"}, "The browser did not say how big the file is. Choose the file again."),
    ({"size": ""}, "did not say how big the file is"),
    ({"size": str(20 * MB + 1)},
     "“logo.png” is 20,971,521 bytes; image files may be at most 20 MB (20,971,520 bytes). Make it smaller"),
    ({"size": str(25 * MB)}, "“logo.png” is 25 MB; image files may be at most 20 MB."),
    ({"name": "Acme.ttf", "content_type": "font/ttf", "size": str(11 * MB)}, "font files may be at most 10 MB"),
    ({"name": "talk.mp3", "content_type": "audio/mpeg", "size": str(201 * MB)}, "audio files may be at most 200 MB"),
    ({"name": "talk.mp4", "content_type": "video/mp4", "size": str(2 * 1024 * MB)},
     "“talk.mp4” is 2 GB; video files may be at most 1 GB."),
    ({"kind": "image", "name": "Acme.ttf", "content_type": ""},
     "“Acme.ttf” is a font file; this place takes image files (GIF, JPEG, JPG, PNG, WEBP)."),
])
def test_bad_uploads_are_refused_before_anything_is_sent(client, values, message):
    _as(client, "Editor")
    response = _start(client, **values)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not MediaAsset.objects.exists()


def test_the_caps_can_be_changed_in_settings(client, settings):
    settings.MEDIA_UPLOAD_MAX_BYTES = {"image": 1000}
    _as(client, "Editor")
    assert "image files may be at most 1,000 bytes" in _start(client, size="1001").json()["error"]


def test_pictory_being_unreachable_is_said_plainly(client, settings):
    settings.PICTORY_API_KEY = "pk_test_key"
    settings.PICTORY_API_BASE_URL = "http://127.0.0.1:9/pictoryapis"  # nothing listens there
    settings.PICTORY_GET_RETRIES = 0
    _as(client, "Editor")
    response = _start(client)
    assert response.status_code == 400
    assert response.json()["error"] == ("Pictory could not be reached or had a problem. Nothing was lost; "
                                        "try again in a minute.")
    assert not MediaAsset.objects.exists()


def test_reviewers_see_the_library_but_cannot_upload(client):
    _as(client, "Reviewer")
    assert _start(client).status_code == 403
    assert client.post(reverse("videos:media_upload_direct")).status_code == 403
    _asset()
    page = client.get(reverse("videos:media_library"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "logo.png" in html
    assert "data-uploader-form" not in html and "Upload a file" not in html


def test_editors_and_admins_get_the_upload_panel(client):
    for role in ("Editor", "Admin"):
        _as(client, role)
        html = client.get(reverse("videos:media_library")).content.decode()
        assert "Upload a file" in html and 'enctype="multipart/form-data"' in html


def test_someone_elses_upload_cannot_be_finished(client):
    owner = UserFactory(username="owner", roles=["Editor"])
    asset = _asset(status=MediaStatus.UPLOADING, uploaded_by=owner)
    _as(client, "Admin")
    response = client.post(reverse("videos:media_upload_finish", args=[asset.pk]))
    assert response.status_code == 403
    asset.refresh_from_db()
    assert asset.status == MediaStatus.UPLOADING


def test_the_empty_library_explains_how_to_upload(client):
    _as(client, "Editor")
    html = client.get(reverse("videos:media_library")).content.decode()
    assert "No files yet." in html
    assert "Choose a file above and press <strong>Upload</strong>" in html
    _as(client, "Reviewer")
    html = client.get(reverse("videos:media_library")).content.decode()
    assert "No files yet." in html and "Editors and admins upload files here" in html


def test_the_library_lists_assets_with_what_people_need_to_know(client):
    user = _as(client, "Editor", username="maya")
    _asset(width=400, height=200, uploaded_by=user)
    _asset(name="jingle.mp3", kind="audio", content_type="audio/mpeg", size_bytes=3 * MB, duration_seconds=75.4,
           url="https://cdn.example.test/jingle.mp3")
    _asset(name="teaser.mov", kind="video", content_type="video/quicktime", width=1920, height=1080,
           duration_seconds=12.2, url="https://cdn.example.test/teaser.mov")
    _asset(name="Acme.woff2", kind="font", content_type="font/woff2", url="https://cdn.example.test/Acme.woff2")
    _asset(name="fake.mp3", kind="audio", content_type="audio/mpeg", status=MediaStatus.REFUSED,
           refusal="“fake.mp3” was declared as an MP3 file (audio/mpeg), but its content is a PNG image.")
    _asset(name="halfway.mp4", kind="video", content_type="video/mp4", status=MediaStatus.UPLOADING)
    html = client.get(reverse("videos:media_library")).content.decode()
    assert '<img src="https://cdn.example.test/logo.png"' in html and "400×200" in html and "maya" in html
    assert '<audio src="https://cdn.example.test/jingle.mp3"' in html and "1:15" in html and "3.0\xa0MB" in html
    assert '<video src="https://cdn.example.test/teaser.mov"' in html and "1920×1080" in html and "0:12" in html
    assert ">MOV</span>" in html and ">WOFF2</span>" in html and ">MP3</span>" in html
    assert 'data-font-url="https://cdn.example.test/Acme.woff2"' in html
    assert "but its content is a PNG image" in html
    assert "halfway.mp4" not in html  # still uploading: not shown
    assert 'All<span data-count="all">5</span>' in html and 'Audio<span data-count="audio">2</span>' in html
    assert 'Fonts<span data-count="font">1</span>' in html


def test_the_library_filters_by_kind(client):
    _as(client, "Editor")
    _asset()
    _asset(name="jingle.mp3", kind="audio", content_type="audio/mpeg")
    images = client.get(reverse("videos:media_library") + "?kind=image").content.decode()
    assert "logo.png" in images and "jingle.mp3" not in images
    fonts = client.get(reverse("videos:media_library") + "?kind=font").content.decode()
    assert "No font files yet." in fonts and "logo.png" not in fonts
    unknown = client.get(reverse("videos:media_library") + "?kind=pdf").content.decode()
    assert "logo.png" in unknown and "jingle.mp3" in unknown


def test_a_long_library_is_paged_newest_first(client):
    _as(client, "Editor")
    for number in range(50):
        _asset(name=f"shot-{number:02d}.png")
    first = client.get(reverse("videos:media_library")).content.decode()
    assert "shot-49.png" in first and "shot-01.png" not in first and "Files 1–48 of 50" in first
    second = client.get(reverse("videos:media_library") + "?page=2").content.decode()
    assert "shot-01.png" in second and "shot-49.png" not in second


def test_the_studio_refuses_a_direct_upload_too_large_before_reading_it(client):
    _as(client, "Editor")
    response = client.post(reverse("videos:media_upload_direct"), {}, HTTP_ACCEPT="application/json",
                           CONTENT_LENGTH=str(40 * MB))
    assert response.status_code == 413
    assert "Files sent through the studio may be at most 20 MB" in response.json()["error"]
    assert not MediaAsset.objects.exists()


def test_a_direct_upload_without_the_csrf_token_is_refused():
    browser = Client(enforce_csrf_checks=True)
    _as(browser, "Editor")
    response = browser.post(reverse("videos:media_upload_direct"), {"file": ""})
    assert response.status_code == 403
    assert not MediaAsset.objects.exists()


def test_a_direct_upload_without_a_file_says_so(client):
    _as(client, "Editor")
    response = client.post(reverse("videos:media_upload_direct"), {}, follow=True)
    assert "Choose a file to upload." in response.content.decode()


# --- The picker brand kits use ------------------------------------------------------------------


def _picker(user, **values):
    request = RequestFactory().get("/")
    request.user = user
    template = Template('{% load media_picker %}{% media_picker name="logo" kind="image" selected=selected '
                        'label="Logo" %}')
    return template.render(Context({"request": request, "selected": values.get("selected", "")}))


def test_the_picker_offers_ready_assets_of_its_kind_and_an_uploader():
    editor = UserFactory(username="ed", roles=["Editor"])
    logo = _asset(name="acme-logo.png")
    _asset(name="old-logo.png", status=MediaStatus.REFUSED)
    _asset(name="Acme.ttf", kind="font", content_type="font/ttf")
    html = _picker(editor, selected=logo.pk)
    assert '<option value="">None</option>' in html
    assert f'<option value="{logo.pk}" data-url="https://cdn.example.test/logo.png" selected>acme-logo.png' in html
    assert "old-logo.png" not in html and "Acme.ttf" not in html
    assert "Upload new…" in html and 'data-kind="image"' in html and 'accept="image/png,' in html
    reviewer = UserFactory(username="rita", roles=["Reviewer"])
    assert "Upload new…" not in _picker(reviewer)
