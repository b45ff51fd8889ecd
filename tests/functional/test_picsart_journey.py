"""An editor finds an image on Picsart for a scene, picks it with a raw (double) click, saves the
scene, renders, and the picked picture is what the video shows."""
import io

import pytest
import requests
from PIL import Image, ImageChops, ImageStat
from playwright.sync_api import expect

from tests.functional.conftest import wait_for_htmx
from tests.functional.test_double_clicks import double_click
from videos.models import MediaAsset

pytestmark = pytest.mark.django_db(transaction=True)


def difference(first: Image.Image, second: Image.Image) -> float:
    """Mean per-channel difference (0–255) of two pictures' upper halves, where no subtitle is."""
    size = (160, 45)
    top = (0, 0, first.width, first.height // 2)
    a = first.crop(top).resize(size).convert("RGB")
    b = second.crop((0, 0, second.width, second.height // 2)).resize(size).convert("RGB")
    return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3


@pytest.mark.parametrize("width", [1400, 390])
def test_pick_a_picsart_image_and_see_it_in_the_video(signed_in_page, studio, project, known_voices, width,
                                                       tmp_path):
    page = signed_in_page
    page.set_viewport_size({"width": width, "height": 1000})
    page.goto(studio.url + project.get_absolute_url())
    scene = page.locator("li.scene").first
    scene.get_by_role("button", name="Edit").click()
    form = page.locator("li.scene.editing")
    wait_for_htmx(page)
    form.locator("input[name=visual_kind][value=media]").check()
    form.get_by_text("Find an image on Picsart").click()
    form.get_by_label("Search Picsart images").fill("red bicycle")
    form.get_by_label("Search Picsart images").press("Enter")  # searches; does not submit the scene
    thumbs = form.locator("[data-picsart-pick]")
    expect(thumbs).to_have_count(20)
    expect(form).to_contain_text("credits left")

    double_click(page, thumbs.first)
    expect(form.locator(".picsart-status")).to_contain_text("Picked “Red bicycle.jpg”", timeout=30_000)
    expect(form.locator("[data-picsart-pick][aria-pressed=true]")).to_have_count(1)  # the picked one is marked
    expect(thumbs.first).to_have_attribute("aria-pressed", "true")
    asset = MediaAsset.objects.get()
    expect(form.locator("input[name=visual_url]")).to_have_value(asset.url)
    expect(form.locator(".unsaved-note")).to_have_text("Unsaved changes")

    form.get_by_role("button", name="Save scene").click()
    expect(page.locator("li.scene.editing")).to_have_count(0)
    page.get_by_role("button", name="Render").click()
    video = page.locator("#jobs-panel video.player").first
    expect(video).to_be_visible(timeout=60_000)

    poster = Image.open(io.BytesIO(page.request.get(video.get_attribute("poster")).body()))
    picked = Image.open(io.BytesIO(requests.get(asset.url, timeout=10).content))
    poster.save(tmp_path / "poster.png")
    assert difference(poster, picked) < 25, "the video opens on the picked picture"
    other = Image.new("RGB", picked.size, (30, 58, 95))
    assert difference(poster, other) > 40  # and the measure can tell pictures apart
