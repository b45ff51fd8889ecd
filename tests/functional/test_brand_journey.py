"""An admin sets up a brand kit in the browser; its logo and colours end up in the rendered video."""
import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.factories import BrandFactory, UserFactory
from tests.functional.conftest import sign_in, wait_for_htmx
from videos.models import Brand, MediaStatus, Project

pytestmark = pytest.mark.django_db(transaction=True)

MAGENTA = (255, 0, 255)
PRIMARY = "#0F766E"  # teal backdrop
SECONDARY = "#F59E0B"  # amber subtitle box


def _logo(tmp_path):
    path = tmp_path / "acme-logo.png"
    Image.new("RGB", (300, 120), MAGENTA).save(path)
    return path


def _close(pixel, colour, tolerance=40):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], colour, strict=True))


def _share(image, colour, box) -> float:
    """How much of the box (fractions of the frame) is near the colour."""
    width, height = image.size
    region = image.crop((int(box[0] * width), int(box[1] * height), int(box[2] * width), int(box[3] * height)))
    pixels = list(region.convert("RGB").getdata())
    return sum(_close(p, colour) for p in pixels) / len(pixels)


def _hex(value):
    return tuple(int(value[i:i + 2], 16) for i in (1, 3, 5))


def test_admin_kit_with_logo_is_drawn_in_the_render(page, studio, tmp_path, known_voices):
    admin = UserFactory(username="ada", roles=["Admin", "Editor"])
    sign_in(page.context, studio, admin)
    page.set_default_timeout(20_000)

    page.goto(studio.url + "/brands/new/")
    page.get_by_label("Name").fill("Acme")
    page.locator("#kit-logo input[type=file]").set_input_files(str(_logo(tmp_path)))
    expect(page.locator("#kit-logo .upload-message")).to_contain_text("Uploaded “acme-logo.png”")
    expect(page.locator("select[name=logo] option:checked")).to_have_text("acme-logo.png")
    expect(page.locator("#kit-preview .kit-logo")).to_be_visible()
    page.locator("input[name=primary_color]").fill(PRIMARY)
    page.locator("input[name=secondary_color]").fill(SECONDARY)
    expect(page.locator("input[name=secondary_contrast_text]")).to_have_value("#111827")
    page.get_by_label("Team default: new projects start with this kit").check()
    page.get_by_role("button", name="Create kit").click()
    expect(page.locator(".messages")).to_contain_text("Saved at Pictory too")
    kit = Brand.objects.get(name="Acme")
    assert kit.is_default and kit.logo.status == MediaStatus.READY and kit.pictory_brand_id

    page.goto(studio.url + "/projects/new/")
    expect(page.get_by_label("Brand kit")).to_have_value(str(kit.pk))
    page.get_by_label("Title").fill("Branded teaser")
    page.get_by_role("button", name="Create project").click()
    expect(page.locator("#brand-applied")).to_contain_text("Brand kit: Acme")
    page.get_by_role("link", name="+ Add scene").click()
    form = page.locator("li.scene.editing").last
    wait_for_htmx(page)
    form.locator("textarea[name=narration]").fill("Meet the new Acme lamp, bright when you need it.")
    form.locator("input[name=visual_kind][value=color]").check()
    expect(form.locator("input[name=visual_color]")).to_have_value(PRIMARY)  # new scenes start in the kit's colour
    form.get_by_role("button", name="Add this scene").click()
    expect(page.locator("li.scene.editing")).to_have_count(0)
    page.get_by_role("button", name="Render").click()
    video = page.locator("#jobs-panel video.player").first
    expect(video).to_be_visible(timeout=60_000)

    poster = page.request.get(video.get_attribute("poster"))
    frame = Image.open(io.BytesIO(poster.body())).convert("RGB")
    frame.save(tmp_path / "poster.png")
    assert _share(frame, MAGENTA, (0.75, 0.0, 1.0, 0.3)) > 0.1, "the logo sits top right"
    assert _share(frame, MAGENTA, (0.0, 0.5, 0.5, 1.0)) == 0, "and nowhere else"
    assert _share(frame, _hex(PRIMARY), (0.0, 0.3, 0.7, 0.6)) > 0.3, "the brand's primary colour is the backdrop"
    assert _share(frame, _hex(SECONDARY), (0.0, 0.5, 1.0, 1.0)) > 0.01, "subtitles sit on the secondary colour"
    project = Project.objects.get(title="Branded teaser")

    # An editor picks another kit for the project.
    other = BrandFactory(name="Night", primary_color="#111111", secondary_color="#7C3AED")
    editor = UserFactory(username="eddie", roles=["Editor"])
    page.context.clear_cookies()
    sign_in(page.context, studio, editor)
    page.goto(studio.url + project.get_absolute_url())
    page.locator("#settings select[name=brand]").select_option(str(other.pk))
    expect(page.locator("#brand-applied")).to_contain_text("Brand kit: Night")
    project.refresh_from_db()
    assert project.brand == other

    # A reviewer sees the kit but cannot change it.
    reviewer = UserFactory(username="rita", roles=["Reviewer"])
    page.context.clear_cookies()
    sign_in(page.context, studio, reviewer)
    page.goto(studio.url + f"/brands/{kit.pk}/")
    expect(page.get_by_text("Only admins change brand kits.")).to_be_visible()
    expect(page.get_by_role("button", name="Save changes")).to_have_count(0)
    expect(page.get_by_label("Name")).to_be_disabled()
    status = page.evaluate("""url => fetch(url, {method: 'POST',
        headers: {'X-CSRFToken': JSON.parse(document.body.getAttribute('hx-headers'))['x-csrftoken']},
        body: new URLSearchParams({name: 'Hijack'})}).then(r => r.status)""", f"/brands/{kit.pk}/")
    assert status == 403
    kit.refresh_from_db()
    assert kit.name == "Acme"
