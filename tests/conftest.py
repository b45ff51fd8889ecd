"""Fixtures shared by the whole suite."""
import pytest
from django.core.cache import cache

from pictory_studio.pictory import Voice
from pictory_studio.pictory.factory import pictory_mode
from tests.factories import ProjectFactory, SceneFactory, UserFactory

TEST_VOICES = [
    Voice(id="1", name="Martin", voice_id="martin-neural", gender="Male", language="en-US"),
    Voice(id="2", name="Olivia", voice_id="olivia-neural", gender="Female", language="en-GB"),
]


@pytest.fixture(autouse=True)
def _fresh_cache():
    from pictory_studio.pictory import gateway

    cache.clear()
    gateway.forget_url_formats()  # which URL format the gateway answered in, per path
    yield
    cache.clear()
    gateway.forget_url_formats()


@pytest.fixture
def user(db):
    return UserFactory(username="editor")


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def known_voices():
    """Pictory's voice list as the studio caches it, so pages need no network."""
    cache.set(f"pictory:voices:{pictory_mode()}", TEST_VOICES, 3600)
    return TEST_VOICES


@pytest.fixture
def project(user):
    project = ProjectFactory(owner=user, title="Spring launch")
    SceneFactory(project=project, position=0, narration="Our spring collection lands on Friday.")
    SceneFactory(project=project, position=1, narration="Pre-order today and get free delivery.",
                 visual_kind="search", visual_query="flowers close up", visual_color="")
    return project


@pytest.fixture
def sandbox(live_server, settings):
    """The studio's own Pictory sandbox served over real HTTP; the client points at it."""
    settings.STUDIO_BASE_URL = live_server.url
    settings.PICTORY_API_KEY = ""
    settings.PICTORY_CLIENT_ID = ""
    settings.PICTORY_CLIENT_SECRET = ""
    settings.PICTORY_SANDBOX_BACKGROUND_FINISH = False
    return live_server
