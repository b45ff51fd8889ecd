"""A render or batch launch the account's video minutes cannot cover is refused before anything is sent."""
import pytest
from django.urls import reverse
from django.utils import timezone

from templates_app.models import Batch, BatchRow, VideoTemplate
from tests.factories import ProjectFactory, SceneFactory, UserFactory
from videos.models import QuotaSnapshot, RenderJob

pytestmark = pytest.mark.django_db

LONG = " ".join(["word"] * 300)  # about two minutes of narration


@pytest.fixture
def editor(client):
    person = UserFactory(username="eddie", roles=["Editor"])
    client.force_login(person)
    return person


def _left(minutes: float) -> QuotaSnapshot:
    return QuotaSnapshot.objects.create(video_minutes_used=100 - minutes, video_minutes_limit=100,
                                        fetched_at=timezone.now())


def test_a_render_longer_than_the_minutes_left_is_refused_with_the_numbers(client, editor, known_voices):
    _left(0.5)
    project = ProjectFactory(owner=editor)
    SceneFactory(project=project, narration=LONG)
    response = client.post(reverse("videos:project_render", args=[project.pk]))
    page = response.content.decode()
    assert "Nothing was sent to Pictory." in page
    assert "the account has 0.5 left this billing term" in page and "over)" in page
    assert not RenderJob.objects.exists()


def test_a_render_that_fits_goes_ahead_and_the_page_shows_what_it_uses(client, editor, known_voices):
    _left(30)
    project = ProjectFactory(owner=editor)
    SceneFactory(project=project, narration="A short scene.")
    page = client.get(project.get_absolute_url()).content.decode()
    assert "it has 30.0 minutes left this billing term" in page
    client.post(reverse("videos:project_render", args=[project.pk]))
    assert RenderJob.objects.filter(project=project, kind="render").count() == 1


def test_a_batch_launch_over_the_minutes_left_is_refused(client, editor):
    _left(1)
    template = VideoTemplate.objects.create(pictory_template_id="T1", name="Welcome",
                                            scenes=[{"scene_id": "1", "text": "Hello {{name}}. " + LONG}],
                                            variables={"name": "name"})
    batch = Batch.objects.create(template=template, name="Nov", created_by=editor)
    for n in range(1, 4):
        BatchRow.objects.create(batch=batch, number=n, values={"name": f"P{n}"}, is_valid=True)
    page = client.get(batch.get_absolute_url()).content.decode()
    assert "3 rows × about" in page and "the launch will be refused" in page
    response = client.post(reverse("templates_app:batch_launch", args=[batch.pk]), follow=True)
    assert "the account has 1.0 left this billing term" in response.content.decode()
    assert not RenderJob.objects.exists()
