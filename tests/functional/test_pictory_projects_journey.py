"""An editor brings a project made in Pictory's web app into the studio: from the project list,
through the Pictory projects (paged), to its storyboard, with a double click, at phone width and
after a reload."""
import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from pictory_studio.sandbox.models import SandboxProject
from tests.functional.conftest import wait_for_htmx
from tests.functional.test_double_clicks import double_click
from videos.models import Project

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [1400, 390])
def test_import_a_pictory_project_and_carry_on_here(signed_in_page, studio, known_voices, width, tmp_path):
    call_command("sandbox_seed_projects", "25", verbosity=0)
    newest = SandboxProject.objects.order_by("-created_at", "-id").first()
    page = signed_in_page
    page.set_viewport_size({"width": width, "height": 900})

    page.goto(studio.url + "/")
    page.get_by_role("link", name="Import from Pictory").click()
    rows = page.locator("#pictory-project-rows tr:has(form)")
    expect(rows).to_have_count(20)
    page.get_by_role("button", name="Load more projects").click()
    expect(rows).to_have_count(25)
    wait_for_htmx(page)
    page.screenshot(path=str(tmp_path / f"pictory-projects-{width}.png"), full_page=True)

    double_click(page, rows.first.get_by_role("button", name="Import"))
    expect(page.locator(".messages")).to_contain_text(f"Imported “{newest.name}” from Pictory")
    expect(page.locator("li.scene")).to_have_count(len(newest.scenes))
    assert Project.objects.filter(pictory_project_id=str(newest.id)).count() == 1

    page.go_back()
    page.reload()
    expect(page.locator("#pictory-project-rows tr").first).to_contain_text(f"Imported as “{newest.name}”")
