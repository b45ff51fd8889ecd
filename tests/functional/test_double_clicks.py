"""Double clicks (raw, 80 ms apart) on buttons that change something: each acts once, and the
second click never lands the person on a refusal page."""
import pytest
from playwright.sync_api import expect

from templates_app.models import Batch, VideoTemplate
from tests.factories import UserFactory
from tests.functional.conftest import sign_in, wait_for_htmx
from videos.models import Comment, RenderJob, Review, ReviewDecision

pytestmark = pytest.mark.django_db(transaction=True)


def double_click(page, locator) -> None:
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.click(x, y)
    page.wait_for_timeout(80)
    page.mouse.click(x, y)


def os_double_click(page, locator) -> None:
    """A person's double click as the system reports it: the second click has detail == 2."""
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    page.mouse.dblclick(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, delay=30)


def finished_version(project):
    return RenderJob.objects.create(project=project, kind="render", version=1, status="completed",
                                    video_url="http://127.0.0.1:9/v1.mp4", created_by=project.owner,
                                    storyboard={"scenes": [{"story": "One."}]})


def test_storyboard_buttons_act_once(signed_in_page, studio, project, known_voices):
    page = signed_in_page
    page.goto(studio.url + project.get_absolute_url())
    page.get_by_role("link", name="+ Add scene").click()
    form = page.locator("#scene-new")
    form.locator("textarea[name=narration]").fill("A third scene.")
    wait_for_htmx(page)
    double_click(page, form.get_by_role("button", name="Add this scene"))
    saved = page.locator("li.scene:not(.editing)")
    expect(saved).to_have_count(3)
    wait_for_htmx(page)
    page.wait_for_timeout(400)
    assert project.scenes.count() == 3

    # The redrawn list answers within a few ms, so only the click count can tell a double click.
    os_double_click(page, saved.first.get_by_role("button", name="Duplicate"))
    expect(saved).to_have_count(4)
    page.wait_for_timeout(400)
    wait_for_htmx(page)
    assert project.scenes.count() == 4


def test_review_buttons_act_once(browser, studio, project, known_voices):
    job = finished_version(project)
    reviewer = UserFactory(username="rita", roles=["Reviewer"])
    context = browser.new_context(viewport={"width": 390, "height": 900})
    sign_in(context, studio, project.owner)
    page = context.new_page()
    page.goto(studio.url + f"/versions/{job.pk}/review/")
    page.get_by_label("rita").check()
    double_click(page, page.get_by_role("button", name="Send version 1 for review"))
    expect(page.locator("#version-state")).to_have_text("In review")
    assert Review.objects.filter(job=job).count() == 1

    page.get_by_label("Comment", exact=True).fill("The opening is too quiet.")
    double_click(page, page.get_by_role("button", name="Comment", exact=True))
    expect(page.locator("#comments")).to_contain_text("The opening is too quiet.")
    page.wait_for_timeout(500)
    wait_for_htmx(page)
    assert Comment.objects.filter(job=job).count() == 1

    context.clear_cookies()
    sign_in(context, studio, reviewer)
    page.goto(studio.url + f"/versions/{job.pk}/review/")
    double_click(page, page.get_by_role("button", name="Approve"))
    expect(page.locator("#version-state")).to_have_text("Approved")
    expect(page.locator("body")).not_to_contain_text("not waiting for a review")
    assert ReviewDecision.objects.filter(review__job=job).count() == 1


def test_adding_a_batch_row_acts_once(signed_in_page, studio, user):
    template = VideoTemplate.objects.create(pictory_template_id="t-1", name="Welcome",
                                            scenes=[{"scene_id": "1", "text": "Hi {{name}}"}],
                                            variables={"name": "name"})
    batch = Batch.objects.create(template=template, name="Wave", created_by=user)
    page = signed_in_page
    page.goto(studio.url + batch.get_absolute_url())
    double_click(page, page.get_by_role("button", name="+ Add row"))
    page.wait_for_timeout(600)
    wait_for_htmx(page)
    assert batch.rows.count() == 1
