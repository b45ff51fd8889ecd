"""Repeat clicks on the batch page's work buttons, fired as raw mouse clicks (which, unlike
`locator.click`, do not wait for a button to be enabled): one click, at most one job per row."""
import time
from collections import Counter

import pytest
from playwright.sync_api import expect

from templates_app.services.batches import batch_apply_mapping, batch_start_upload
from templates_app.services.templates import template_import_file
from tests.helpers import sandbox_calls
from tests.templates_app.conftest import FIXTURES
from videos.models import JobKind, RenderJob

pytestmark = pytest.mark.django_db(transaction=True)

RENDER_POST = "/v2/video/storyboard/render"
ROWS = "first_name,company\nAda,Acme\nBob,__fail__ Corp\nCy,Acme\nDee,__fail__ Labs\n"


@pytest.fixture
def editor_page(page, studio, settings):
    from tests.factories import UserFactory
    from tests.functional.conftest import sign_in

    settings.PICTORY_SANDBOX_JOB_SECONDS = 1.0
    # Each render request answers after a moment (the batch name carries the sandbox's __slow__
    # marker), so a launch is still in flight while the later clicks land, as on a slow day.
    settings.PICTORY_SANDBOX_SLOW_SECONDS = 0.3
    editor = UserFactory(username="erin", roles=["Editor"])
    sign_in(page.context, studio, editor)
    page.set_default_timeout(20_000)
    page.on("dialog", lambda dialog: dialog.accept())
    page.editor = editor
    return page


@pytest.fixture
def batch(editor_page, admin_user):
    template = template_import_file(data=(FIXTURES / "welcome-variables.pictai").read_bytes(), user=admin_user)
    batch = batch_start_upload(template=template, user=editor_page.editor, name="Clicks __slow__", data=ROWS.encode(),
                               filename="rows.csv")
    batch_apply_mapping(batch=batch, mapping={0: "first_name", 1: "company"})
    return batch


def rapid_clicks(page, locator, *, times=4, gap_ms=150) -> None:
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for _ in range(times):
        page.mouse.click(x, y)
        page.wait_for_timeout(gap_ms)


def posts_to(page, suffix: str) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url)
            if request.method == "POST" and request.url.endswith(suffix) else None)
    return seen


def renders_per_row() -> Counter:
    names = RenderJob.objects.filter(kind=JobKind.TEMPLATE_RENDER).values_list("payload__videoName", flat=True)
    return Counter(name.rsplit(" · row ", 1)[1] for name in names)


def settled_render_calls(expected: int, timeout: float = 15.0) -> int:
    """Render requests the sandbox received, once they reach `expected` (or the time is up) and a
    moment more has shown no extra one."""
    deadline = time.monotonic() + timeout
    while sandbox_calls("POST", RENDER_POST) < expected and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1.0)
    return sandbox_calls("POST", RENDER_POST)


@pytest.mark.parametrize("width", [1400, 390])
def test_quick_clicks_on_launch_and_retry_failed_make_one_job_per_row(editor_page, studio, batch, width):
    page = editor_page
    page.set_viewport_size({"width": width, "height": 900})
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    launches, retries = posts_to(page, "/launch/"), posts_to(page, "/retry/")
    questions: list[str] = []
    page.on("dialog", lambda dialog: questions.append(dialog.message))
    page.goto(studio.url + batch.get_absolute_url())

    rapid_clicks(page, page.get_by_role("button", name="Launch 4 videos"))
    expect(page.locator(".messages")).to_contain_text("Launched 4 videos.")
    assert settled_render_calls(4) == 4
    assert renders_per_row() == {"1": 1, "2": 1, "3": 1, "4": 1}
    assert len(launches) == 1 and questions == ["Render 4 videos? Each uses Pictory credits."]

    retry = page.get_by_role("button", name="Retry 2 failed")
    expect(retry).to_be_enabled(timeout=40_000)
    rapid_clicks(page, retry)
    expect(page.locator(".messages")).to_contain_text("Retrying 2 failed rows.")
    assert settled_render_calls(6) == 6  # four rows launched, the two failed ones sent once more
    assert renders_per_row() == {"1": 1, "2": 2, "3": 1, "4": 2}
    assert len(retries) == 1
    assert not [text for text in console if "no matches" in text]


def test_work_buttons_are_disabled_while_a_launch_is_in_flight(editor_page, studio, batch):
    page = editor_page
    page.goto(studio.url + batch.get_absolute_url())
    held = []
    page.route("**/launch/", lambda route: held.append(route))  # hold the request to look at the page
    page.get_by_role("button", name="Launch 4 videos").click()
    page.wait_for_function("() => document.querySelectorAll('button.starts-work[disabled]').length >= 4")
    expect(page.get_by_role("button", name="Preview 3 sample rows")).to_be_disabled()
    expect(page.locator("#rows").get_by_role("button", name="Preview", exact=True)).to_have_count(4)
    for button in page.locator("#rows").get_by_role("button", name="Preview", exact=True).all():
        expect(button).to_be_disabled()
    held[0].continue_()
    expect(page.locator(".messages")).to_contain_text("Launched 4 videos.")
    assert renders_per_row() == {"1": 1, "2": 1, "3": 1, "4": 1}


def test_quick_clicks_on_import_template_import_it_once(editor_page, studio):
    from templates_app.models import VideoTemplate
    from tests.factories import UserFactory
    from tests.functional.conftest import sign_in

    page = editor_page
    sign_in(page.context, studio, UserFactory(username="ada", roles=["Admin"]))
    page.goto(studio.url + "/templates/")
    page.set_input_files("input[name=project_file]", str(FIXTURES / "welcome-variables.pictai"))
    held = []
    page.route("**/templates/upload/", lambda route: held.append(route))  # a slow upload
    rapid_clicks(page, page.get_by_role("button", name="Import template"))
    assert len(held) == 1
    expect(page.get_by_role("button", name="Pull templates from Pictory")).to_be_disabled()
    held[0].continue_()
    expect(page.get_by_role("heading", name="Personal welcome")).to_be_visible()
    assert VideoTemplate.objects.count() == 1 and sandbox_calls("POST", "/v1/templates") == 1
