"""Uploading to the media library in the browser: straight to the signed URL, with progress, at two widths."""
import io
import subprocess

import imageio_ffmpeg
import pytest
import requests
from PIL import Image, ImageFont
from playwright.sync_api import expect

from tests.factories import UserFactory
from tests.functional.conftest import sign_in
from videos.models import MediaAsset, MediaStatus
from videos.services.media import media_upload_finish, media_upload_start

pytestmark = pytest.mark.django_db(transaction=True)
MB = 1024 * 1024
# Records every value the upload panel's progress bar takes.
RECORD_PROGRESS = """
window.__progress = [];
document.addEventListener("DOMContentLoaded", () => {
  const bar = document.querySelector(".uploader-panel progress");
  if (bar) new MutationObserver(() => window.__progress.push(Number(bar.value)))
    .observe(bar, {attributes: true, attributeFilter: ["value"]});
});
"""


def _video(path, seconds=4):
    """A real H.264 clip of about 3 MB (constant bit rate, so its size does not depend on the picture)."""
    subprocess.run([
        imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25",
        "-t", str(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "6M", "-minrate", "6M", "-maxrate",
        "6M", "-bufsize", "2M", "-x264-params", "nal-hrd=cbr", "-pix_fmt", "yuv420p", "-movflags", "+faststart",
        str(path)], check=True, timeout=60)
    return path


def _png(size=(600, 300), colour=(79, 70, 229)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def _editor_on_the_library(page, studio, width):
    editor = UserFactory(username="eddie", roles=["Editor"])
    sign_in(page.context, studio, editor)
    page.set_default_timeout(20_000)
    page.set_viewport_size({"width": width, "height": 900})
    page.add_init_script(RECORD_PROGRESS)
    page.goto(studio.url + "/media/")
    return editor


@pytest.mark.parametrize("width", [1400, 390])
def test_a_video_uploads_with_a_progress_bar_and_stays_after_a_reload(page, studio, tmp_path, width):
    _editor_on_the_library(page, studio, width)
    expect(page.locator("#media-empty")).to_contain_text("No files yet.")
    page.screenshot(path=f"/tmp/media-empty-{width}.png", full_page=True)
    clip = _video(tmp_path / "clip.mp4")
    size = clip.stat().st_size
    assert 2.5 * MB < size < 3.5 * MB
    # A slower line, so that the bar has time to move between 0 and 100.
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 0, "downloadThroughput": -1,
                                                  "uploadThroughput": 2 * MB})

    page.locator("input[name=file]").set_input_files(str(clip))
    button = page.get_by_role("button", name="Upload")
    button.click()
    expect(page.locator(".upload-figures")).to_contain_text(f" of {size / MB:.1f} MB")
    button.click()  # a second click while uploading starts nothing new
    message = page.locator(".uploader-panel .upload-message")
    expect(message).to_contain_text("Uploaded “clip.mp4”.", timeout=30_000)
    expect(page.locator(".uploader-panel progress")).to_have_attribute("value", "100")
    expect(page.locator(".upload-figures")).to_have_text(f"{size / MB:.1f} of {size / MB:.1f} MB (100%)")
    page.screenshot(path=f"/tmp/media-uploaded-{width}.png", full_page=True)
    values = page.evaluate("window.__progress")
    assert values[0] == 0 and values[-1] == 100 and values == sorted(values)
    assert any(0 < value < 100 for value in values), values

    card = page.locator("#media-grid .media-card")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("640×360")
    expect(card).to_contain_text("0:04")
    expect(card.locator("video")).to_be_visible()
    expect(page.locator("#media-empty")).to_have_count(0)
    expect(page.locator(".media-filters")).to_contain_text("All1")
    expect(page.locator(".media-filters")).to_contain_text("Videos1")
    asset = MediaAsset.objects.get()
    assert (asset.status, asset.size_bytes, asset.width, asset.height) == (MediaStatus.READY, size, 640, 360)
    assert asset.duration_seconds == pytest.approx(4, abs=0.2)

    page.reload()
    expect(card).to_have_count(1)
    expect(card).to_contain_text("clip.mp4")
    expect(card).to_contain_text("Video")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert MediaAsset.objects.count() == 1


def test_a_storage_the_browser_cannot_reach_gets_the_file_through_the_studio(page, studio, tmp_path):
    _editor_on_the_library(page, studio, 1400)
    page.route("**/sandbox/storage/upload/**", lambda route: route.abort())  # as a storage host without CORS
    logo = tmp_path / "logo.png"
    logo.write_bytes(_png())
    page.locator("input[name=file]").set_input_files(str(logo))
    page.get_by_role("button", name="Upload").click()
    message = page.locator(".uploader-panel .upload-message")
    expect(message).to_contain_text("Uploaded “logo.png”.", timeout=30_000)
    expect(page.locator("#media-grid .media-card")).to_contain_text("600×300")
    ready = MediaAsset.objects.get(status=MediaStatus.READY)
    assert (ready.name, ready.size_bytes) == ("logo.png", logo.stat().st_size)


def test_a_large_file_the_browser_cannot_send_says_what_to_do(page, studio, tmp_path):
    _editor_on_the_library(page, studio, 1400)
    page.route("**/sandbox/storage/upload/**", lambda route: route.abort())
    big = tmp_path / "long.mp4"
    big.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * (21 * MB))
    page.locator("input[name=file]").set_input_files(str(big))
    page.get_by_role("button", name="Upload").click()
    expect(page.locator(".uploader-panel .upload-message")).to_contain_text(
        "This browser could not reach Pictory's storage, and files over 20 MB cannot go through the studio. "
        "Check the connection")
    expect(page.locator("#media-grid .media-card")).to_have_count(0)
    assert not MediaAsset.objects.filter(status=MediaStatus.READY).exists()


def test_a_file_refused_by_its_content_shows_the_reason(page, studio, tmp_path):
    _editor_on_the_library(page, studio, 1400)
    fake = tmp_path / "voice.mp3"
    fake.write_bytes(_png())
    page.locator("input[name=file]").set_input_files(str(fake))
    page.get_by_role("button", name="Upload").click()
    reason = "“voice.mp3” was declared as an MP3 file (audio/mpeg), but its content is a PNG image."
    expect(page.locator(".uploader-panel .upload-message")).to_contain_text(reason)
    expect(page.locator("#media-grid .media-refused")).to_contain_text(reason)


def _stored(user, name, content_type, data, **measured):
    asset, signed_url = media_upload_start(user=user, name=name, content_type=content_type, size=len(data))
    requests.put(signed_url, data=data, headers={"Content-Type": asset.content_type}, timeout=10).raise_for_status()
    return media_upload_finish(asset=asset, user=user, **measured)


@pytest.mark.parametrize("width", [1400, 390])
def test_the_library_looks_right(page, studio, tmp_path, width):
    editor = _editor_on_the_library(page, studio, width)
    font = ImageFont.load_default(size=20).font_bytes  # Pillow's own TrueType font
    _stored(editor, "Acme-Sans.ttf", "", font)
    _stored(editor, "not-a-song.mp3", "audio/mpeg", _png())
    _stored(editor, "teaser.mp4", "video/mp4", _video(tmp_path / "teaser.mp4", seconds=2).read_bytes(),
            width=640, height=360, duration=2.0)
    _stored(editor, "acme-logo-on-a-very-long-file-name-for-the-card.png", "image/png", _png(), width=600, height=300)
    page.reload()
    cards = page.locator("#media-grid .media-card")
    expect(cards).to_have_count(4)
    expect(page.locator(".media-filters")).to_contain_text("All4")
    image = page.locator(".media-thumb-image img")
    expect(image).to_be_visible()
    page.wait_for_function("() => document.querySelector('.media-thumb-image img').naturalWidth === 600")
    page.wait_for_function("() => document.querySelector('.media-font-sample').style.fontFamily.includes('media-font')")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=f"/tmp/media-library-{width}.png", full_page=True)
