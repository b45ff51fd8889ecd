"""A project can name one of the account's AWS private connections; the render body carries it."""
import pytest
from django.urls import reverse

from pictory_studio.pictory.factory import client_from_settings
from tests.factories import ProjectFactory, SceneFactory
from videos.services.payload import storyboard_body

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_editor_picks_a_connection_and_the_render_names_it(client, sandbox, user, known_voices):
    connection = client_from_settings().create_aws_connection(
        name="Team bucket", description="Product shots", aws_account_id="123456789012", aws_region="us-east-2")
    project = ProjectFactory(owner=user)
    SceneFactory(project=project, narration="Hello.")
    client.force_login(user)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Team bucket" in page and "None: stock and public visuals only" in page
    data = {"title": project.title, "aspect_ratio": "16:9", "language": "en", "voice_speaker": "Martin",
            "voice_speed": "100", "music_volume": "0.1", "brand": "", "aws_connection_id": connection.id}
    client.post(reverse("videos:project_settings", args=[project.pk]), data)
    project.refresh_from_db()
    assert project.aws_connection_id == connection.id
    body = storyboard_body(project=project, scenes=list(project.scenes.all()))
    assert body["awsConnectionId"] == connection.id


def test_without_connections_there_is_nothing_to_pick(client, sandbox, user, known_voices):
    project = ProjectFactory(owner=user)
    client.force_login(user)
    page = client.get(project.get_absolute_url()).content.decode()
    assert 'name="aws_connection_id"' not in page
    assert "awsConnectionId" not in storyboard_body(project=project, scenes=[])
