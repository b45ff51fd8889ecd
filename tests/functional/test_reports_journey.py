"""Reports in the browser: after a few renders the charts are drawn with the right counts,
at desktop and phone width, and Refresh (a raw click) loads new figures."""
import pytest
from playwright.sync_api import expect

from reports.services import reports_load
from tests.reports.test_reports_page import history, job

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [1400, 390])
def test_reports_draw_their_charts(signed_in_page, studio, user, settings, tmp_path, width):
    settings.REPORTS_FOLDER = tmp_path / "reports"
    history(user)
    reports_load(trigger="command")
    page = signed_in_page
    page.set_viewport_size({"width": width, "height": 1000})

    page.goto(studio.url + "/")
    page.get_by_role("link", name="Reports").click()

    charts = page.locator("canvas[data-report]")
    expect(charts).to_have_count(5)  # every report but the batches (none has run)
    page.wait_for_function("() => [...document.querySelectorAll('canvas[data-report]')]"
                           ".every(c => window.Chart && window.Chart.getChart(c))")
    failures = page.evaluate("() => Chart.getChart(document.querySelector('[data-report=failure-reasons]'))"
                             ".data.datasets[0].data")
    assert failures == [2, 1]
    page.screenshot(path=str(tmp_path / f"reports-{width}.png"), full_page=True)

    job(user, "failed", error_code="TEXT_TO_VIDEO_FAILED")
    button = page.get_by_role("button", name="Refresh")
    box = button.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.locator(".messages")).to_contain_text("Loading the reports now")
    page.reload()
    expect(page.locator("#failure-reasons tbody tr").first).to_contain_text("3")
