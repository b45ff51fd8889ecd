"""Fixtures for templates and batches."""
from pathlib import Path

import pytest

from templates_app.models import VideoTemplate

FIXTURES = Path(__file__).parent / "fixtures"
# A real project file exported by Pictory (see tests/sandbox/fixtures/README.md).
REAL_PICTAI = Path(__file__).parents[1] / "sandbox" / "fixtures" / "pictory-example-introduction.pictai"


@pytest.fixture
def welcome_template(db):
    """A template as imported, without going to Pictory (for tests that never send)."""
    return VideoTemplate.objects.create(
        pictory_template_id="20261122000000000WelcomeTemplate", name="Personal welcome", language="en",
        scenes=[{"scene_id": "1", "text": "Hi {{first_name}}, welcome to {{company}}!"},
                {"scene_id": "2", "text": "Your account manager at {{company}} is ready to help."},
                {"scene_id": "3", "text": "See you soon."}],
        variables={"first_name": "first_name", "company": "company"},
    )


@pytest.fixture
def admin_user(db):
    from tests.factories import UserFactory

    return UserFactory(username="admin-user", email="admin@studio.test", is_staff=True, roles=["Admin"])
