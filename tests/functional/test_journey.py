"""A content team member makes a video from text, end to end, in a real browser."""
import re

import pytest
from playwright.sync_api import expect

from tests.functional.conftest import wait_for_htmx
from videos.models import Project
from videos.services.estimates import scene_seconds

pytestmark = pytest.mark.django_db(transaction=True)

FIRST = "Our spring collection lands on Friday with fresh colours for every room in the house."
SECOND = "Pre-order today and we deliver it free, wrapped and ready, anywhere in the country."


def add_scene(page, narration: str, *, kind: str, value: str) -> None:
    page.get_by_role("link", name="+ Add scene").click()
    form = page.locator("li.scene.editing").last
    expect(form).to_be_visible()
    wait_for_htmx(page)
    form.locator("textarea[name=narration]").fill(narration)
    expect(form.locator(".estimate")).to_contain_text(f"{len(narration.split())} words")
    form.locator(f"input[name=visual_kind][value={kind}]").check()
    field = {"color": "visual_color", "search": "visual_query"}[kind]
    form.locator(f"input[name={field}]").fill(value)
    form.get_by_role("button", name="Add this scene").click()
    expect(page.locator("li.scene.editing")).to_have_count(0)


def test_write_preview_render_and_play(signed_in_page, studio, known_voices):
    page = signed_in_page
    page.goto(studio.url + "/projects/new/")
    page.get_by_label("Title").fill("Spring launch teaser")
    page.get_by_label("Aspect ratio").select_option("16:9")
    page.get_by_role("button", name="Create project").click()
    expect(page.get_by_role("heading", name="Spring launch teaser")).to_be_visible()
    expect(page.get_by_text("No scenes yet")).to_be_visible()

    add_scene(page, FIRST, kind="color", value="#1F3A5F")
    add_scene(page, SECOND, kind="search", value="parcel on a doorstep")
    expect(page.locator("li.scene")).to_have_count(2)
    expect(page.locator("#total-words")).to_have_text(str(len(FIRST.split()) + len(SECOND.split())))
    expect(page.locator(".ok-box")).to_contain_text("Ready")

    page.get_by_role("button", name="Preview").click()
    preview = page.locator("#jobs-panel .job").first
    expect(preview).to_contain_text("Pictory prepared 2 scenes", timeout=30_000)

    page.get_by_role("button", name="Render").click()
    version = page.locator("#jobs-panel .card").nth(1).locator(".job").first
    expect(version).to_contain_text("Version 1")
    figure = version.locator(".progress-figure")
    expect(figure).to_be_visible(timeout=20_000)
    first_seen = int(figure.inner_text().rstrip("%"))
    expect(figure).not_to_have_text(f"{first_seen}%", timeout=20_000)  # the bar moves

    video = version.locator("video.player")
    expect(video).to_be_visible(timeout=30_000)
    assert video.get_attribute("poster")
    page.wait_for_function("v => v.readyState >= 1", arg=video.element_handle())
    video.evaluate("v => { v.muted = true; return v.play(); }")
    page.wait_for_function("v => v.currentTime > 0.3", arg=video.element_handle())
    duration = video.evaluate("v => v.duration")

    project = Project.objects.get(title="Spring launch teaser")
    estimate = sum(scene_seconds(narration=s.narration, voice_speed=project.voice_speed)
                   for s in project.scenes.all())
    assert duration == pytest.approx(estimate, rel=0.2)
    assert re.search(r"MP4.*SRT.*VTT", version.inner_text(), re.S)


def test_double_clicking_render_makes_one_version(signed_in_page, studio, project, known_voices):
    page = signed_in_page
    page.goto(studio.url + project.get_absolute_url())
    page.get_by_role("button", name="Render").dblclick()
    expect(page.locator("#jobs-panel")).to_contain_text("Version 1")
    page.wait_for_timeout(500)
    assert project.render_jobs.count() == 1
    expect(page.locator("#jobs-panel")).not_to_contain_text("Version 2")
