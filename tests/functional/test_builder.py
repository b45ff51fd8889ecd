"""The storyboard builder as a person uses it: typing, leaving, reloading, failing, at two widths."""
import pytest
from playwright.sync_api import expect

from tests.factories import SceneFactory
from tests.functional.conftest import wait_for_htmx
from tests.helpers import refresh_until
from videos.models import RenderJob
from videos.services.job_requests import render_job_request

pytestmark = pytest.mark.django_db(transaction=True)


def open_builder(page, studio, project):
    page.goto(studio.url + project.get_absolute_url())
    wait_for_htmx(page)


def edit_first_scene(page):
    page.locator("li.scene").first.get_by_role("button", name="Edit").click()
    form = page.locator("li.scene.editing").first
    expect(form).to_be_visible()
    wait_for_htmx(page)
    return form


def test_totals_follow_the_narration_as_it_is_typed(signed_in_page, studio, project, known_voices):
    page = signed_in_page
    open_builder(page, studio, project)
    expect(page.locator("#total-words")).to_have_text("12")
    form = edit_first_scene(page)
    form.locator("textarea[name=narration]").fill(" ".join(["word"] * 30))
    expect(form.locator(".estimate")).to_contain_text("30 words")
    expect(page.locator("#total-words")).to_have_text("36")  # 30 typed + 6 in the other scene
    expect(page.locator("#total-duration")).to_have_text("0:15")  # 12.5 s + 2.9 s


def test_the_colour_swatch_follows_the_typed_colour(signed_in_page, studio, project, known_voices):
    page = signed_in_page
    open_builder(page, studio, project)
    form = edit_first_scene(page)
    form.locator("input[name=visual_kind][value=color]").check()
    field = form.locator("input[name=visual_color]")
    field.fill("#ff0000")
    swatch = form.locator("[data-swatch]")
    expect(swatch).to_have_css("background-color", "rgb(255, 0, 0)")
    field.fill("not a colour")
    expect(swatch).not_to_have_css("background-color", "rgb(255, 0, 0)")


def test_a_scene_added_then_left_is_not_stored(signed_in_page, studio, project, known_voices):
    page = signed_in_page
    open_builder(page, studio, project)
    page.get_by_role("link", name="+ Add scene").click()
    expect(page.locator("#scene-new")).to_be_visible()
    page.get_by_role("link", name="+ Add scene").click()  # a second click does not open a second form
    expect(page.locator("li.scene.editing")).to_have_count(1)
    page.goto(studio.url + "/")
    assert project.scenes.count() == 2
    open_builder(page, studio, project)
    expect(page.locator("li.scene")).to_have_count(2)


def test_the_narration_error_steps_aside_while_the_narration_is_typed(signed_in_page, studio, project,
                                                                      known_voices):
    scene = project.scenes.first()
    scene.narration = ""
    scene.save()
    page = signed_in_page
    open_builder(page, studio, project)
    form = edit_first_scene(page)
    error = form.locator(".field-error", has_text="Write the narration")
    expect(error).to_be_visible()
    form.locator("textarea[name=narration]").type("Now there are words")
    expect(error).to_be_hidden()


def test_leaving_with_unsaved_narration_asks_first_and_saving_clears_it(signed_in_page, studio, project,
                                                                        known_voices):
    page = signed_in_page
    open_builder(page, studio, project)
    form = edit_first_scene(page)
    narration = form.locator("textarea[name=narration]")
    narration.press("Control+End")
    narration.type(" And more.")
    expect(form.locator(".unsaved-note")).to_have_text("Unsaved changes")
    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", answer)
    page.evaluate("() => { window.location.href = '/'; }")
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    expect(form.locator("textarea[name=narration]")).to_have_value(
        "Our spring collection lands on Friday. And more.")

    form.get_by_role("button", name="Save scene").click()
    expect(page.locator("li.scene.editing")).to_have_count(0)
    page.goto(studio.url + "/")
    expect(page).to_have_url(studio.url + "/")
    assert asked == ["beforeunload"]  # nothing left to lose: no second question


def test_after_an_edit_the_page_stops_promising_the_old_preview(signed_in_page, studio, project, known_voices):
    refresh_until(render_job_request(project=project, kind="preview", user=project.owner).job, "completed")
    page = signed_in_page
    open_builder(page, studio, project)
    note = page.locator(".preview-freshness")
    expect(note).to_contain_text("Render will start from the latest preview")
    form = edit_first_scene(page)
    form.locator("textarea[name=narration]").fill("A different opening line.")
    form.get_by_role("button", name="Save scene").click()
    expect(note).to_contain_text("The storyboard changed since the latest preview")


def test_a_failure_explains_itself_after_a_reload_and_after_other_jobs_change(signed_in_page, studio, user,
                                                                              known_voices):
    from tests.factories import ProjectFactory

    project = ProjectFactory(owner=user, title="Failing __fail__")  # the sandbox fails this job
    SceneFactory(project=project, position=0, narration="This render will fail.")
    job = refresh_until(render_job_request(project=project, kind="render", user=user).job, "failed")
    page = signed_in_page
    open_builder(page, studio, project)
    status = page.locator(f"#job-{job.pk}-status")
    expect(status).to_contain_text("Pictory could not")
    expect(status.locator(".error-box")).to_contain_text("try again", ignore_case=True)
    page.reload()
    expect(status.locator(".error-box")).to_contain_text("Pictory could not")
    page.get_by_role("button", name="Preview", exact=True).click()  # jobsChanged redraws the panel
    expect(page.locator("#jobs-panel")).to_contain_text("Latest preview")
    expect(page.locator(f"#job-{job.pk}-status .error-box")).to_contain_text("Pictory could not")


def test_a_video_that_cannot_load_says_so(signed_in_page, studio, project, known_voices):
    RenderJob.objects.create(project=project, kind="render", version=1, status="completed",
                             video_url=studio.url + "/static/missing-video.mp4", duration_seconds=12)
    page = signed_in_page
    open_builder(page, studio, project)
    message = page.locator(".player-error")
    expect(message).to_be_visible()
    expect(message).to_contain_text("could not be loaded")
    expect(page.locator("video[data-player]")).to_be_hidden()
