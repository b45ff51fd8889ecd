"""A recording becomes a highlight clip in the browser: upload a spoken clip, transcribe it, ask
for a 10 s highlight, drop a sentence, render 9:16 and play the result."""
import re

import pytest
import requests
from playwright.sync_api import expect

from tests.factories import UserFactory
from tests.functional.conftest import sign_in, wait_for_htmx
from tests.sandbox.english_speech import english_clip
from videos.models import HighlightCut, JobKind, Recording, RenderJob
from videos.services.highlight_cuts import cut_view

pytestmark = pytest.mark.django_db(transaction=True)


def _srt_text(srt: str) -> list[str]:
    """The words of an SRT file, in order (numbers and times left out)."""
    lines = [line for line in srt.splitlines() if line.strip() and "-->" not in line and not line.strip().isdigit()]
    return " ".join(lines).split()


def _plain(words) -> list[str]:
    return [re.sub(r"[^\w']", "", w).lower() for w in words if re.sub(r"[^\w']", "", w)]


def _raw_click(page, locator, *, times=1) -> None:
    """Mouse clicks at the element's centre, as a person's (repeated) clicks land."""
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    for _ in range(times):
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


@pytest.mark.parametrize("width", [1400, 390])
def test_upload_transcribe_cut_and_render_a_highlight(page, studio, settings, tmp_path, width):
    settings.PICTORY_SANDBOX_JOB_SECONDS = 2.0
    editor = UserFactory(username="edna", roles=["Editor"])
    sign_in(page.context, studio, editor)
    page.set_default_timeout(30_000)
    page.set_viewport_size({"width": width, "height": 900})
    clip = tmp_path / "webinar.mp4"
    english_clip(clip)

    # Add the recording: upload through the media library's signed URL, then transcribe.
    page.goto(studio.url + "/recordings/")
    expect(page.get_by_text("No recordings yet.")).to_be_visible()
    page.get_by_label("Title").fill("Spring webinar")
    page.locator("[data-uploader-input]").set_input_files(str(clip))
    expect(page.locator(".upload-message")).to_contain_text("Uploaded", timeout=30_000)
    expect(page.locator("#id_media option:checked")).to_have_text(re.compile("webinar.mp4"))
    page.screenshot(path=f"/tmp/recording-add-{width}.png", full_page=True)
    page.get_by_role("button", name="Add recording").click()
    expect(page.get_by_role("heading", name="Spring webinar")).to_be_visible()

    # The transcript arrives by itself; clicking a word seeks the player.
    expect(page.locator("li.sentence").first).to_be_visible(timeout=60_000)
    sentences = page.locator("li.sentence")
    assert sentences.count() >= 4
    word = sentences.nth(2).locator(".w").first
    start = float(word.get_attribute("data-start"))
    word.click()
    page.wait_for_function("t => Math.abs(document.getElementById('recording-player').currentTime - t) < 0.6",
                           arg=start)
    page.screenshot(path=f"/tmp/recording-transcript-{width}.png", full_page=True)

    # A 10 s highlight: Pictory (the sandbox) picks whole sentences.
    if not page.locator("details.new-cut").evaluate("d => d.open"):
        page.locator("details.new-cut summary").click()
    page.locator("input[name=seconds][value=other]").check()
    page.locator("input[name=other_seconds]").fill("10")
    page.get_by_role("button", name="Pick highlights").click()
    kept = page.locator("li.sentence.kept")
    expect(kept.first).to_be_visible(timeout=60_000)
    recording = Recording.objects.get(title="Spring webinar")
    cut = HighlightCut.objects.get(recording=recording)
    picked = cut_view(cut=cut)
    assert len(picked.kept) >= 2 and picked.seconds <= 10

    # Drop one sentence: the running length follows.
    _raw_click(page, kept.first.locator(".keep input"))
    expect(page.locator("#cut-summary")).to_contain_text(f"· {len(picked.kept) - 1} sentence")
    wait_for_htmx(page)
    cut.refresh_from_db()
    view = cut_view(cut=cut)
    assert len(view.kept) == len(picked.kept) - 1

    # Render 9:16, clicking twice: one version.
    page.locator("#id_aspect_ratio").select_option("9:16")
    _raw_click(page, page.get_by_role("button", name="Render this cut"), times=2)
    expect(page.get_by_text(f"Highlight cut: {cut.name}")).to_be_visible()
    video = page.locator("#jobs-panel video.player").first
    expect(video).to_be_visible(timeout=60_000)
    page.reload()
    video = page.locator("#jobs-panel video.player").first
    page.wait_for_function("v => v.readyState >= 1", arg=video.element_handle())
    video.evaluate("v => { v.muted = true; return v.play(); }")
    page.wait_for_function("v => v.currentTime > 0.3", arg=video.element_handle())
    duration, shape = video.evaluate("v => [v.duration, [v.videoWidth, v.videoHeight]]")
    assert duration == pytest.approx(view.seconds, rel=0.15)
    assert shape == [720, 1280]
    page.screenshot(path=f"/tmp/recording-render-{width}.png", full_page=True)

    [job] = RenderJob.objects.filter(kind=JobKind.RENDER)
    srt = requests.get(job.srt_url, timeout=10).text
    kept_words = [w.text for s in view.kept for w in s.words]
    assert _plain(_srt_text(srt)) == _plain(kept_words)
