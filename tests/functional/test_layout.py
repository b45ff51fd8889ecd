"""The studio on a 390 px phone: no page scrolls sideways, every top-bar link can be reached and
clicked, the link of the section you are in is marked, and a vertical thumbnail is shown whole."""
import pytest
from playwright.sync_api import expect

from templates_app.services.batch_review import row_flag
from templates_app.services.batches import batch_apply_mapping, batch_start_upload
from templates_app.services.launch import batch_launch
from templates_app.services.templates import template_import_file
from tests.factories import ProjectFactory, SceneFactory, UserFactory
from tests.functional.conftest import sign_in
from tests.helpers import refresh_until
from tests.templates_app.conftest import FIXTURES
from tests.templates_app.test_bulk_render import drain
from videos.services.job_requests import render_job_request
from videos.services.reviews import comment_add, review_send

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
NAV_LINKS = ["Projects", "Templates", "Batches", "Reviews", "People", "Admin"]
NAMES = ["Ada", "Grace", "Linus", "Margaret", "Katherine", "Alan"]


def build_studio() -> tuple[object, list[tuple[str, str]]]:
    """A team's studio with something on every page; returns (admin, [(path, current nav link)])."""
    admin = UserFactory(username="katherine.johnson", is_staff=True, is_superuser=True,
                        roles=["Admin", "Editor", "Reviewer"])
    editor = UserFactory(username="eddie", roles=["Editor"])
    project = ProjectFactory(owner=editor, title="Aurora desk lamp, vertical cut for stories", aspect_ratio="9:16")
    SceneFactory(project=project, position=0, narration="Meet the new Aurora desk lamp: light that follows your day.")
    SceneFactory(project=project, position=1, narration="Order before Sunday and we deliver it free.",
                 visual_color="#F2A541")
    first = refresh_until(render_job_request(project=project, kind="render", user=editor).job, "completed")
    SceneFactory(project=project, position=2, narration="Free delivery until Sunday.", visual_color="#0F766E")
    second = refresh_until(render_job_request(project=project, kind="render", user=editor).job, "completed")
    review_send(job=second, user=editor, reviewers=[admin], message="Second cut with the new ending.")
    comment_add(job=second, user=admin, body="The first line could land a beat later.", timecode=1.4)
    square = ProjectFactory(owner=admin, title="Square teaser", aspect_ratio="1:1")
    SceneFactory(project=square, position=0)

    template = template_import_file(data=(FIXTURES / "welcome-variables.pictai").read_bytes(), user=admin)
    rows = "first_name,company\n" + "".join(f"{name},Company {i}\n" for i, name in enumerate(NAMES))
    batch = batch_start_upload(template=template, user=admin, name="November welcome wave", filename="rows.csv",
                               data=rows.encode())
    batch_apply_mapping(batch=batch, mapping={0: "first_name", 1: "company"})
    batch_launch(batch=batch, user=admin)
    drain(batch)
    row_flag(row=batch.rows.get(number=3), user=admin, note="Logo overlaps the name.")
    mapping = batch_start_upload(template=template, user=admin, name="December wave", filename="december.csv",
                                 data=rows.encode())
    pages = [
        ("/", "Projects"),
        ("/projects/new/", "Projects"),
        (project.get_absolute_url(), "Projects"),
        (f"/projects/{project.pk}/compare/?a={first.pk}&b={second.pk}", "Projects"),
        (f"/versions/{second.pk}/review/", "Projects"),
        ("/reviews/", "Reviews"),
        ("/people/", "People"),
        ("/settings/notifications/", ""),
        ("/templates/", "Templates"),
        (template.get_absolute_url(), "Templates"),
        ("/batches/", "Batches"),
        ("/batches/new/", "Batches"),
        (batch.get_absolute_url(), "Batches"),
        (f"/batches/{batch.pk}/review/", "Batches"),
        (f"/batches/{mapping.pk}/mapping/", "Batches"),
    ]
    return admin, pages


def scroll_width(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth")


def test_every_page_fits_a_phone_and_marks_its_section(page, sandbox, known_voices):
    admin, pages = build_studio()
    sign_in(page.context, sandbox, admin)
    page.set_default_timeout(15_000)
    page.set_viewport_size(PHONE)
    nav = page.locator("nav.topnav")
    for path, current in pages:
        page.goto(sandbox.url + path)
        assert scroll_width(page) <= PHONE["width"], f"{path} scrolls sideways"
        for name in NAV_LINKS:
            link = nav.get_by_role("link", name=name, exact=True)
            expect(link).to_be_in_viewport(ratio=1)
            link.click(trial=True)  # visible, enabled and not covered by anything
        marked = nav.locator('a[aria-current="page"]')
        if current:
            expect(marked).to_have_count(1)
            expect(marked).to_have_text(current)
        else:
            expect(marked).to_have_count(0)

    page.goto(sandbox.url + "/")
    nav.get_by_role("link", name="Batches", exact=True).click()
    expect(page).to_have_url(sandbox.url + "/batches/")
    expect(nav.locator('a[aria-current="page"]')).to_have_text("Batches")


def test_signed_out_pages_fit_a_phone(page, sandbox, db):
    page.set_viewport_size(PHONE)
    page.goto(sandbox.url + "/login/")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    assert scroll_width(page) <= PHONE["width"]


@pytest.mark.parametrize("width", [PHONE["width"], 1400])
def test_vertical_thumbnail_is_shown_whole(page, sandbox, known_voices, width):
    owner = UserFactory(username="eddie", roles=["Editor"])
    project = ProjectFactory(owner=owner, title="Vertical story", aspect_ratio="9:16")
    SceneFactory(project=project, position=0)
    refresh_until(render_job_request(project=project, kind="render", user=owner).job, "completed")
    sign_in(page.context, sandbox, owner)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(sandbox.url + "/")
    image = page.locator(".project-card .thumb img")
    page.wait_for_function("img => img.complete && img.naturalHeight > 0", arg=image.element_handle())
    frame = page.locator(".project-card .thumb").bounding_box()
    shown = image.bounding_box()
    # The picture's box is its frame, and object-fit: contain fits the whole 9:16 picture inside it.
    assert shown["height"] == pytest.approx(frame["height"], abs=1)
    assert shown["width"] == pytest.approx(frame["width"], abs=1)
    assert image.evaluate("img => getComputedStyle(img).objectFit") == "contain"
    natural = image.evaluate("img => img.naturalHeight / img.naturalWidth")
    assert natural == pytest.approx(16 / 9, rel=0.05)
