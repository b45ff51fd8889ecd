"""An editor and a reviewer, each in their own browser, take a video from first cut to final."""
import pytest
from playwright.sync_api import expect

from tests.factories import ProjectFactory, SceneFactory, UserFactory
from tests.functional.conftest import sign_in
from tests.helpers import refresh_until
from videos.services.job_requests import render_job_request

pytestmark = pytest.mark.django_db(transaction=True)


def new_page(browser, studio, user):
    context = browser.new_context(viewport={"width": 1300, "height": 950})
    sign_in(context, studio, user)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def test_comment_at_a_timecode_request_changes_rerender_and_approve(browser, studio, settings, known_voices):
    settings.PICTORY_SANDBOX_JOB_SECONDS = 1
    editor = UserFactory(username="eddie", roles=["Editor"])
    reviewer = UserFactory(username="rita", roles=["Reviewer"])
    project = ProjectFactory(owner=editor, title="Aurora teaser")
    SceneFactory(project=project, position=0, narration="Meet Aurora, the lamp that follows your day and night.")
    SceneFactory(project=project, position=1, narration="Order before Sunday and we deliver it for free.")
    refresh_until(render_job_request(project=project, kind="render", user=editor).job, "completed")

    ed = new_page(browser, studio, editor)
    ed.goto(studio.url + project.get_absolute_url())
    ed.get_by_role("link", name="Send for review →").click()
    ed.get_by_label("rita").check()
    ed.get_by_label("Message").fill("First cut: check the opening.")
    ed.get_by_role("button", name="Send version 1 for review").click()
    expect(ed.locator("#version-state")).to_have_text("In review")

    rv = new_page(browser, studio, reviewer)
    rv.goto(studio.url + "/reviews/")
    rv.get_by_role("link", name="Review", exact=True).click()
    player = rv.locator("#review-player")
    rv.wait_for_function("v => v.readyState >= 1", arg=player.element_handle())
    player.evaluate("v => { v.currentTime = 2.5; }")
    expect(rv.locator("[data-current-time]")).to_have_text("0:02")
    rv.get_by_label("Comment").fill("The lamp name should be bigger here.")
    rv.get_by_role("button", name="Comment", exact=True).click()
    expect(rv.locator("#comments .timecode")).to_have_text("0:02")
    rv.get_by_label("Note (needed when you request changes)").fill("Make the name bigger, then send again.")
    rv.get_by_role("button", name="Request changes").click()
    expect(rv.locator("#version-state")).to_have_text("Changes requested")

    ed.reload()
    expect(ed.locator("#comments")).to_contain_text("The lamp name should be bigger here.")
    ed.locator("#comments .timecode").click()
    seconds = ed.locator("#review-player").evaluate("v => v.currentTime")
    assert seconds == pytest.approx(2.5, abs=0.1)

    ed.goto(studio.url + project.get_absolute_url())
    ed.locator("li.scene").first.get_by_role("button", name="Edit").click()
    ed.locator("li.scene.editing textarea[name=narration]").fill("Meet AURORA, the lamp that follows your day.")
    ed.get_by_role("button", name="Save scene").click()
    ed.get_by_role("button", name="Render").click()
    version2 = ed.locator("#jobs-panel .job").filter(has_text="Version 2")
    expect(version2.get_by_role("link", name="Send for review →")).to_be_visible(timeout=40_000)
    version2.get_by_role("link", name="Send for review →").click()
    ed.get_by_label("rita").check()
    ed.get_by_role("button", name="Send version 2 for review").click()
    expect(ed.locator("#version-state")).to_have_text("In review")

    rv.goto(studio.url + "/reviews/")
    rv.get_by_role("link", name="Review", exact=True).click()
    expect(rv.get_by_role("heading", level=1)).to_contain_text("Version 2")
    rv.get_by_role("button", name="Approve").click()
    expect(rv.locator("#version-state")).to_have_text("Approved")

    ed.goto(studio.url + project.get_absolute_url())
    first_version = ed.locator("#jobs-panel .card").filter(has_text="Versions").locator(".job").first
    expect(first_version).to_contain_text("Version 2")
    expect(first_version.locator(".badge.final")).to_have_text("Final")
    expect(ed.locator(".activity")).to_contain_text("approved")
