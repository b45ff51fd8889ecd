"""`make screenshots`: the README's pictures, taken with headless Chromium against the sandbox."""
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import BrandFactory, ProjectFactory, SceneFactory
from tests.helpers import refresh_until
from videos.models import Brand
from videos.services.job_requests import render_job_request

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("STUDIO_SCREENSHOTS"), reason="run by `make screenshots`"),
]
OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

SCENES = [
    ("Meet the new Aurora desk lamp: light that follows your day.", "color", "#1F3A5F"),
    ("Warm in the evening, bright and cool when you need to focus.", "search", "cosy reading corner at night"),
    ("One touch dims it; a long press remembers your favourite setting.", "color", "#F2A541"),
    ("Order before Sunday and we deliver it free.", "color", "#0F766E"),
]


def make_project(user):
    project = ProjectFactory(owner=user, title="Aurora lamp launch", brand=BrandFactory(name="Aurora"))
    for position, (text, kind, value) in enumerate(SCENES):
        SceneFactory(project=project, position=position, narration=text, visual_kind=kind,
                     visual_color=value if kind == "color" else "", visual_query=value if kind == "search" else "")
    return project


def test_take_screenshots(signed_in_page, studio, user, known_voices):
    OUT.mkdir(parents=True, exist_ok=True)
    page = signed_in_page
    page.set_viewport_size({"width": 1400, "height": 1000})
    project = make_project(user)
    refresh_until(render_job_request(project=project, kind="preview", user=user).job, "completed")

    page.goto(studio.url + project.get_absolute_url())
    page.locator("li.scene").nth(1).get_by_role("button", name="Edit").click()
    expect(page.locator("li.scene.editing")).to_have_count(1)
    page.screenshot(path=str(OUT / "storyboard-builder.png"), full_page=True)

    refresh_until(render_job_request(project=project, kind="render", user=user).job, "completed")
    page.goto(studio.url + project.get_absolute_url())
    video = page.locator("video.player").first
    expect(video).to_be_visible()
    page.wait_for_function("v => v.readyState >= 2", arg=video.element_handle())
    video.evaluate("v => { v.muted = true; v.currentTime = 4.5; return v.play(); }")
    page.wait_for_timeout(1200)
    video.evaluate("v => v.pause()")
    page.screenshot(path=str(OUT / "finished-render.png"), full_page=True)

    page.goto(studio.url + "/")
    page.screenshot(path=str(OUT / "project-list.png"))


def test_take_bulk_screenshots(page, studio, settings, django_user_model):
    """The mapping step, a batch in progress, and a finished batch."""
    import time

    from tests.functional.conftest import sign_in
    from tests.templates_app.conftest import FIXTURES

    OUT.mkdir(parents=True, exist_ok=True)
    settings.PICTORY_SANDBOX_JOB_SECONDS = 4
    settings.BULK_MAX_IN_FLIGHT = 3
    from tests.factories import UserFactory

    admin = UserFactory(username="lead", is_staff=True, email="lead@studio.test", roles=["Admin"])
    sign_in(page.context, studio, admin)
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.set_default_timeout(30_000)
    page.on("dialog", lambda dialog: dialog.accept())

    page.goto(studio.url + "/templates/")
    page.set_input_files("input[name=project_file]", str(FIXTURES / "welcome-variables.pictai"))
    page.get_by_role("button", name="Import template").click()
    page.get_by_role("link", name="New batch from this template").click()
    page.get_by_label("Batch name").fill("November welcome wave")
    names = ["Ada", "Grace", "Linus", "Margaret", "Katherine", "Alan", "Barbara", "Edsger", "Frances", "Dennis",
             "Hedy", "Ken"]
    rows = "\n".join(f"{n},{'' if n == 'Linus' else f'Company {i}'},Q{i % 4 + 1}" for i, n in enumerate(names))
    page.get_by_label("Paste rows").check()
    page.locator("textarea[name=pasted]").fill("First Name,Company Name,Quarter\n" + rows)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Match columns to variables")).to_be_visible()
    page.screenshot(path=str(OUT / "bulk-mapping.png"), full_page=True)

    page.get_by_role("button", name="Create 12 rows and check them").click()
    page.get_by_role("button", name="Launch 11 videos").click()
    page.wait_for_function("() => document.querySelector('#finished-count')?.textContent.trim().startsWith('3 ')",
                           timeout=60_000)
    page.screenshot(path=str(OUT / "bulk-in-progress.png"), full_page=True)
    expect(page.locator("#finished-count")).to_have_text("11 / 11", timeout=90_000)
    time.sleep(3.5)  # the grid refreshes every 3 s
    page.screenshot(path=str(OUT / "bulk-finished.png"), full_page=True)


def test_take_review_screenshots(page, studio, settings, known_voices):
    """The review page with time-coded comments, the side-by-side compare, a batch contact sheet."""
    from templates_app.services.batches import batch_apply_mapping, batch_start_upload
    from templates_app.services.launch import batch_launch
    from templates_app.services.templates import template_import_file
    from tests.factories import UserFactory
    from tests.functional.conftest import sign_in
    from tests.templates_app.conftest import FIXTURES
    from tests.templates_app.test_bulk_render import drain
    from videos.services.reviews import comment_add, review_send

    OUT.mkdir(parents=True, exist_ok=True)
    settings.PICTORY_SANDBOX_JOB_SECONDS = 0.5
    editor = UserFactory(username="eddie", roles=["Editor"])
    reviewer = UserFactory(username="rita", roles=["Reviewer", "Admin"])
    project = make_project(editor)
    v1 = refresh_until(render_job_request(project=project, kind="render", user=editor).job, "completed")
    scene = project.scenes.get(position=2)
    scene.narration = "One touch dims it. Hold it to save your favourite light."
    scene.save()
    project.scenes.filter(position=3).delete()
    SceneFactory(project=project, position=3, narration="Free delivery until Sunday. Order today.",
                 visual_kind="color", visual_color="#7C3AED")
    v2 = refresh_until(render_job_request(project=project, kind="render", user=editor).job, "completed")
    review_send(job=v2, user=editor, reviewers=[reviewer], message="Second cut with the new ending.")
    comment_add(job=v2, user=reviewer, body="The first line could land a beat later.", timecode=1.4)
    note = comment_add(job=v2, user=reviewer, body="Love the new colour at the end.", timecode=14.2)
    comment_add(job=v2, user=editor, body="Thanks! Kept it.", parent=note)
    comment_add(job=v2, user=reviewer, body="Music is a touch loud overall.")

    sign_in(page.context, studio, reviewer)
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(studio.url + f"/versions/{v2.pk}/review/")
    player = page.locator("#review-player")
    page.wait_for_function("v => v.readyState >= 2", arg=player.element_handle())
    player.evaluate("v => { v.currentTime = 6.2; }")
    page.wait_for_function("v => !v.seeking && v.readyState >= 3", arg=player.element_handle())
    page.wait_for_timeout(300)
    page.screenshot(path=str(OUT / "review-time-coded-comments.png"), full_page=True)

    page.goto(studio.url + f"/projects/{project.pk}/compare/?a={v1.pk}&b={v2.pk}")
    for video in page.locator("video.player").all():
        page.wait_for_function("v => v.readyState >= 2", arg=video.element_handle())
        video.evaluate("v => { v.currentTime = 15; }")
        page.wait_for_function("v => !v.seeking && v.readyState >= 3", arg=video.element_handle())
    page.wait_for_timeout(300)
    page.screenshot(path=str(OUT / "compare-versions.png"), full_page=True)

    template = template_import_file(data=(FIXTURES / "welcome-variables.pictai").read_bytes(), user=reviewer)
    names = ["Ada", "Grace", "Linus", "Margaret", "Katherine", "Alan", "Barbara", "Edsger", "Frances", "Dennis"]
    batch = batch_start_upload(template=template, user=editor, name="November welcome wave", filename="rows.csv",
                               data=("first_name,company\n" + "".join(f"{n},Company {i}\n" for i, n in
                                                                      enumerate(names))).encode())
    batch_apply_mapping(batch=batch, mapping={0: "first_name", 1: "company"})
    batch_launch(batch=batch, user=editor)
    drain(batch)
    from templates_app.services.batch_review import row_flag

    row_flag(row=batch.rows.get(number=3), user=reviewer, note="Logo overlaps the name.")
    page.goto(studio.url + f"/batches/{batch.pk}/review/?sample=2")
    for video in page.locator("video.player").all():
        page.wait_for_function("v => v.readyState >= 2", arg=video.element_handle())
    page.wait_for_timeout(500)
    page.screenshot(path=str(OUT / "batch-contact-sheet.png"), full_page=True)


def test_take_brand_and_account_screenshots(page, studio, settings, tmp_path):
    """The Brands page, a branded render playing, the Voices page and the Account page."""
    from django.core.cache import cache
    from PIL import Image, ImageDraw

    from tests.factories import UserFactory
    from tests.functional.conftest import sign_in
    from videos.services.account import quota_refresh

    OUT.mkdir(parents=True, exist_ok=True)
    settings.PICTORY_SANDBOX_JOB_SECONDS = 1
    cache.clear()
    admin = UserFactory(username="lead", roles=["Admin", "Editor"])
    sign_in(page.context, studio, admin)
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.set_default_timeout(30_000)

    logo = tmp_path / "aurora-logo.png"
    image = Image.new("RGBA", (360, 120), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((6, 6, 110, 110), fill=(242, 165, 65, 255))
    draw.rectangle((130, 30, 350, 90), fill=(255, 255, 255, 255))
    image.save(logo)
    page.goto(studio.url + "/brands/new/")
    page.get_by_label("Name").fill("Aurora lamp")
    page.get_by_label("Description").fill("Launch campaign for the Aurora desk lamp")
    page.locator("#kit-logo input[type=file]").set_input_files(str(logo))
    expect(page.locator("#kit-logo .upload-message")).to_contain_text("Uploaded")
    page.locator("input[name=primary_color]").fill("#0F766E")
    page.locator("input[name=secondary_color]").fill("#F2A541")
    page.get_by_label("Font family").fill("Montserrat")
    page.get_by_label("Team default: new projects start with this kit").check()
    page.get_by_role("button", name="Create kit").click()
    page.goto(studio.url + "/brands/")
    page.get_by_role("button", name="Duplicate").first.click()
    page.get_by_label("Name").fill("Aurora lamp · night")
    page.locator("input[name=primary_color]").fill("#111827")
    page.locator("input[name=secondary_color]").fill("#7C3AED")
    page.get_by_role("button", name="Save changes").click()
    quota_refresh()
    page.goto(studio.url + "/brands/")
    page.screenshot(path=str(OUT / "brand-kits.png"), full_page=True)

    project = make_project(admin)
    project.brand = Brand.objects.get(name="Aurora lamp")
    project.save()
    refresh_until(render_job_request(project=project, kind="render", user=admin).job, "completed")
    page.goto(studio.url + project.get_absolute_url())
    video = page.locator("video.player").first
    page.wait_for_function("v => v.readyState >= 2", arg=video.element_handle())
    video.evaluate("v => { v.muted = true; v.currentTime = 2.5; return v.play(); }")
    page.wait_for_timeout(1200)
    video.evaluate("v => { v.pause(); v.controls = false; }")  # the frame itself, not the player's bar
    page.screenshot(path=str(OUT / "branded-render.png"), full_page=True)

    page.goto(studio.url + "/voices/")
    page.screenshot(path=str(OUT / "voices.png"), full_page=True)
    page.goto(studio.url + "/account/")
    page.screenshot(path=str(OUT / "account.png"), full_page=True)


def test_take_recording_screenshots(page, studio, settings, known_voices):
    """A recording's transcript with a highlight cut, and the finished 9:16 highlight video."""
    from tests.factories import UserFactory
    from tests.functional.conftest import sign_in
    from videos.services.highlight_cuts import cut_project, cut_request
    from videos.services.recordings import recording_create, recording_transcribe

    OUT.mkdir(parents=True, exist_ok=True)
    settings.PICTORY_SANDBOX_JOB_SECONDS = 1
    editor = UserFactory(username="lead", roles=["Admin", "Editor"])
    sign_in(page.context, studio, editor)
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.set_default_timeout(30_000)

    # The "talk": a 16:9 sandbox video, which carries its words.
    talk = make_project(editor)
    talk.title = "Aurora keynote"
    talk.save()
    source = refresh_until(render_job_request(project=talk, kind="render", user=editor).job, "completed")
    recording = recording_create(title="Aurora keynote", language="en-US", user=editor, url=source.video_url)
    refresh_until(recording_transcribe(recording=recording, user=editor), "completed")
    recording.refresh_from_db()
    cut = cut_request(recording=recording, seconds=10, user=editor)
    refresh_until(cut.highlights_job, "completed")
    cut.refresh_from_db()

    page.goto(studio.url + recording.get_absolute_url() + f"?cut={cut.pk}")
    expect(page.locator("li.sentence.kept").first).to_be_visible()
    page.screenshot(path=str(OUT / "recording-transcript.png"), full_page=True)

    project = cut_project(cut=cut, user=editor)
    project.brand = Brand.objects.first()
    project.save()
    refresh_until(render_job_request(project=project, kind="render", user=editor).job, "completed")
    page.set_viewport_size({"width": 1400, "height": 1200})
    page.goto(studio.url + project.get_absolute_url())
    video = page.locator("video.player").first
    page.wait_for_function("v => v.readyState >= 2", arg=video.element_handle())
    video.evaluate("v => { v.muted = true; v.currentTime = 1.5; return v.play(); }")
    page.wait_for_timeout(1000)
    video.evaluate("v => { v.pause(); v.controls = false; }")
    page.screenshot(path=str(OUT / "highlight-render.png"), full_page=True)


def test_take_reports_and_pictory_projects_screenshots(signed_in_page, studio, user, settings, tmp_path):
    """The Reports page after a few weeks of work, and the projects saved in Pictory."""
    from django.core.management import call_command

    from reports.services import reports_load
    from tests.reports.test_reports_page import history

    OUT.mkdir(parents=True, exist_ok=True)
    settings.REPORTS_FOLDER = tmp_path / "reports"
    history(user)
    reports_load(trigger="command")
    page = signed_in_page
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(studio.url + "/reports/")
    page.wait_for_function("() => [...document.querySelectorAll('canvas[data-report]')]"
                           ".every(c => window.Chart && window.Chart.getChart(c))")
    page.screenshot(path=str(OUT / "reports.png"), full_page=True)

    call_command("sandbox_seed_projects", "8", verbosity=0)
    page.goto(studio.url + "/pictory-projects/")
    expect(page.locator("#pictory-project-rows tr:has(form)")).to_have_count(8)
    page.screenshot(path=str(OUT / "pictory-projects.png"), full_page=True)


def test_take_picsart_picker_screenshot(signed_in_page, studio, user, known_voices):
    """The scene editor with Picsart's images for a search."""
    OUT.mkdir(parents=True, exist_ok=True)
    project = make_project(user)
    page = signed_in_page
    page.set_viewport_size({"width": 1400, "height": 1100})
    page.goto(studio.url + project.get_absolute_url())
    page.locator("li.scene").nth(1).get_by_role("button", name="Edit").click()
    form = page.locator("li.scene.editing")
    form.locator("input[name=visual_kind][value=media]").check()
    form.get_by_text("Find an image on Picsart").click()
    form.get_by_label("Search Picsart images").fill("cosy reading corner")
    form.get_by_role("button", name="Search").click()
    expect(form.locator("[data-picsart-pick]")).to_have_count(20)
    page.wait_for_function("() => [...document.querySelectorAll('.picsart-thumb img')].every(i => i.complete)")
    form.screenshot(path=str(OUT / "picsart-picker.png"))
