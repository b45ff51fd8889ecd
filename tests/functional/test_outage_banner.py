"""A render's status strip through a database outage: it says what is happening, keeps asking,
and carries on by itself once the database is back."""
from unittest import mock

import pytest
from django.db import connections
from django.db.utils import OperationalError
from playwright.sync_api import expect

from videos.services.job_requests import render_job_request

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_status_strip_shows_the_outage_and_recovers_by_itself(signed_in_page, studio, project, known_voices):
    page = signed_in_page
    job = render_job_request(project=project, kind="render", user=project.owner).job
    page.goto(studio.url + project.get_absolute_url())
    strip = page.locator(f"#job-{job.pk}-status")
    expect(strip).to_be_visible()

    # PostgreSQL restarting, as the live server's thread sees it: every new cursor fails. The
    # strip polls once per answer, so without help it would stop here.
    down = OperationalError("server closed the connection")
    with mock.patch.object(type(connections["default"]), "_cursor", side_effect=down):
        banner = strip.locator("[data-outage-banner]")
        expect(banner).to_contain_text("The studio has lost touch with its database.")
        expect(banner).to_contain_text("tries again by itself")
        page.wait_for_timeout(6000)  # longer than Retry-After: the strip is still asking
        expect(banner).to_have_count(1)

    expect(strip.locator("[data-outage-banner]")).to_have_count(0, timeout=10_000)
    expect(page.locator(f"#job-{job.pk}-status .badge.status-completed")).to_be_visible(timeout=30_000)
