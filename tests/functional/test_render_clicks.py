"""Repeat clicks on buttons that cost credits, fired as raw mouse clicks (which, unlike
`locator.click`, do not wait for a button to be enabled): one click, at most one render."""
import pytest
from playwright.sync_api import expect

from tests.functional.conftest import wait_for_htmx
from tests.helpers import sandbox_calls
from videos.models import RenderJob

pytestmark = pytest.mark.django_db(transaction=True)

RENDER_POST = "/v2/video/storyboard/render"
PREVIEW_POST = "/v2/video/storyboard"


def rapid_clicks(page, locator, *, times=4, gap_ms=150) -> None:
    box = locator.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for _ in range(times):
        page.mouse.click(x, y)
        page.wait_for_timeout(gap_ms)


def watch_console(page) -> list[str]:
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    return messages


@pytest.mark.parametrize("width", [1400, 390])
def test_four_quick_clicks_on_render_make_one_version_and_one_render(signed_in_page, studio, project,
                                                                      known_voices, width):
    page = signed_in_page
    page.set_viewport_size({"width": width, "height": 900})
    console = watch_console(page)
    page.goto(studio.url + project.get_absolute_url())
    render = page.get_by_role("button", name="Render", exact=True)
    render.scroll_into_view_if_needed()

    rapid_clicks(page, render)
    expect(page.locator("#jobs-panel")).to_contain_text("Version 1")
    page.wait_for_timeout(600)
    wait_for_htmx(page)

    assert project.render_jobs.filter(kind="render").count() == 1
    assert sandbox_calls("POST", RENDER_POST) == 1
    expect(page.locator("#jobs-panel")).not_to_contain_text("Version 2")
    assert not [m for m in console if "no matches" in m]


def test_render_of_an_unchanged_storyboard_asks_before_making_it_again(signed_in_page, studio, project,
                                                                        known_voices):
    page = signed_in_page
    page.goto(studio.url + project.get_absolute_url())
    page.get_by_role("button", name="Render", exact=True).click()
    expect(page.locator("#jobs-panel")).to_contain_text("Version 1")
    wait_for_htmx(page)

    # A full reload, then Render again: nothing is made until the person confirms.
    page.reload()
    render = page.get_by_role("button", name="Render", exact=True)
    rapid_clicks(page, render, times=3)
    notice = page.locator(".repeat-notice")
    expect(notice).to_contain_text("Version 1")
    expect(notice).to_contain_text("from exactly this storyboard")
    assert project.render_jobs.count() == 1 and sandbox_calls("POST", RENDER_POST) == 1

    rapid_clicks(page, notice.get_by_role("button", name="Render again anyway"), times=3)
    expect(page.locator("#jobs-panel")).to_contain_text("Version 2")
    page.wait_for_timeout(600)
    wait_for_htmx(page)
    assert project.render_jobs.count() == 2 and sandbox_calls("POST", RENDER_POST) == 2


def test_quick_clicks_on_preview_make_one_preview(signed_in_page, studio, project, known_voices):
    page = signed_in_page
    page.goto(studio.url + project.get_absolute_url())
    rapid_clicks(page, page.get_by_role("button", name="Preview", exact=True))
    expect(page.locator("#jobs-panel")).to_contain_text("Latest preview")
    page.wait_for_timeout(600)
    wait_for_htmx(page)
    assert RenderJob.objects.filter(project=project, kind="preview").count() == 1
    assert sandbox_calls("POST", PREVIEW_POST) == 1


def test_work_buttons_are_disabled_while_their_request_is_in_flight(signed_in_page, studio, project,
                                                                     known_voices):
    page = signed_in_page
    page.goto(studio.url + project.get_absolute_url())
    held = []
    # Hold the render request so its in-flight state can be looked at.
    page.route("**/render/", lambda route: held.append(route))
    page.get_by_role("button", name="Render", exact=True).click()
    page.wait_for_function("() => document.querySelectorAll('button.starts-work[disabled]').length >= 2")
    expect(page.get_by_role("button", name="Preview", exact=True)).to_be_disabled()
    held[0].continue_()
    expect(page.locator("#jobs-panel")).to_contain_text("Version 1")
