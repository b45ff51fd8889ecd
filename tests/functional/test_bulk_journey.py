"""An admin makes five personalised videos from a template and a CSV, in a real browser."""
import csv
import io

import pytest
from playwright.sync_api import expect

from tests.templates_app.conftest import FIXTURES

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def admin_page(page, studio, settings, django_user_model):
    from tests.functional.conftest import sign_in

    settings.PICTORY_SANDBOX_JOB_SECONDS = 1.5
    from tests.factories import UserFactory

    admin = UserFactory(username="lead", is_staff=True, email="lead@studio.test", roles=["Admin"])
    sign_in(page.context, studio, admin)
    page.set_default_timeout(20_000)
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def test_template_csv_fix_preview_launch_and_export(admin_page, studio):
    page = admin_page
    page.goto(studio.url + "/templates/")
    expect(page.get_by_text("No templates yet")).to_be_visible()
    page.set_input_files("input[name=project_file]", str(FIXTURES / "welcome-variables.pictai"))
    page.get_by_role("button", name="Import template").click()
    expect(page.get_by_role("heading", name="Personal welcome")).to_be_visible()
    expect(page.locator(".card").filter(has_text="Variables")).to_contain_text("{{company}}")

    page.get_by_role("link", name="New batch from this template").click()
    page.get_by_label("Batch name").fill("Welcome wave")
    page.set_input_files("input[name=csv_file]", str(FIXTURES / "five-rows-one-bad.csv"))
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Match columns to variables")).to_be_visible()
    expect(page.get_by_label("Use column First Name as")).to_have_value("first_name")
    expect(page.get_by_label("Use column Notes as")).to_have_value("")
    page.get_by_role("button", name="Create 5 rows and check them").click()

    expect(page.locator("#count-valid")).to_have_text("4")
    expect(page.locator("#count-invalid")).to_have_text("1")
    bad = page.locator("#rows tr.row-invalid")
    expect(bad).to_contain_text("Fill in {{company}}")
    bad.get_by_role("button", name="Edit").click()
    editing = page.locator("#rows tr.editing")
    editing.get_by_label("company").fill("Penguin Labs")
    editing.get_by_role("button", name="Save").click()
    expect(page.locator("#count-invalid")).to_have_text("0")
    expect(page.locator("#rows tr.row-invalid")).to_have_count(0)

    page.locator("#rows tr").filter(has_text="Ada").get_by_role("button", name="Preview").click()
    expect(page.locator("#rows tr").filter(has_text="Ada")).to_contain_text("Preview: ready")

    page.get_by_role("button", name="Launch 5 videos").click()
    expect(page.locator("#finished-count")).to_have_text("5 / 5", timeout=60_000)
    expect(page.locator("#rows")).to_contain_text("Watch")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Results CSV").click()
    rows = list(csv.reader(io.StringIO(download_info.value.path().read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["First Name", "Company", "Notes", "status", "video_url", "share_url", "error"]
    assert len(rows) == 6 and {r[3] for r in rows[1:]} == {"done"}
    assert rows[3][:2] == ["Linus", "Penguin Labs"] and rows[3][4].endswith(".mp4")
