"""Each fragment of the storyboard page shows the same thing whichever view draws it."""
import pytest
from django.urls import reverse

from tests.factories import BrandFactory, ProjectFactory, SceneFactory
from videos.models import RenderJob
from videos.services.webhooks import webhook_token

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}
EXPLANATION = "run out of video credits"  # what the failed job below says, with what to do next


@pytest.fixture
def failed(project):
    return RenderJob.objects.create(project=project, kind="render", version=1, status="failed",
                                    error_code="INSUFFICIENT_CREDITS")


@pytest.fixture
def stuck(project):
    return RenderJob.objects.create(project=project, kind="render", version=2, status="submit_unknown")


# (how to reach the view, whether it is htmx) for every view that draws the job-status fragment
JOB_STATUS_VIEWS = {
    "project page": lambda c, p, j, s: c.get(p.get_absolute_url()),
    "jobs panel": lambda c, p, j, s: c.get(reverse("videos:project_jobs", args=[p.pk]), **HX),
    "status poll": lambda c, p, j, s: c.get(reverse("videos:job_status", args=[j.pk]), **HX),
    "check again": lambda c, p, j, s: c.post(reverse("videos:job_check", args=[j.pk]), **HX),
    "give up on another job": lambda c, p, j, s: c.post(reverse("videos:job_cancel", args=[s.pk]), **HX),
    "render": lambda c, p, j, s: c.post(reverse("videos:project_render", args=[p.pk]), **HX),
}


@pytest.mark.parametrize("view", JOB_STATUS_VIEWS)
def test_a_failed_job_explains_itself_in_every_view_that_shows_it(signed_in, project, failed, stuck, view,
                                                                  known_voices, settings):
    settings.STUDIO_BASE_URL = "http://127.0.0.1:9"  # the render's submission just waits
    response = JOB_STATUS_VIEWS[view](signed_in, project, failed, stuck)
    html = response.content.decode()
    if view in ("check again", "give up on another job"):
        # These answer with the job they acted on: ask the panel that then redraws.
        html = signed_in.get(reverse("videos:project_jobs", args=[project.pk]), **HX).content.decode()
    assert response.status_code in (200, 286)
    assert f'id="job-{failed.pk}-status"' in html and EXPLANATION in html and "top up" in html


SETTINGS_VIEWS = {
    "project page": lambda c, p: c.get(p.get_absolute_url()),
    "settings saved": lambda c, p: c.post(reverse("videos:project_settings", args=[p.pk]), {
        "title": "Renamed", "aspect_ratio": "16:9", "language": "en", "voice_speaker": "Zorblax",
        "voice_speed": "100", "music_enabled": "on", "music_volume": "0.1"}, **HX),
    "settings refused": lambda c, p: c.post(reverse("videos:project_settings", args=[p.pk]), {
        "title": "Renamed", "aspect_ratio": "16:9", "language": "en", "voice_speaker": "Zorblax",
        "voice_speed": "900", "music_enabled": "on", "music_volume": "0.1"}, **HX),
}


@pytest.mark.parametrize("view", SETTINGS_VIEWS)
def test_a_voice_the_account_lacks_is_marked_in_every_settings_view(signed_in, project, view, known_voices):
    project.voice_speaker = "Zorblax"
    project.save()
    html = SETTINGS_VIEWS[view](signed_in, project).content.decode()
    assert "Pictory has no voice called “Zorblax”" in html


ACTIONS_VIEWS = {
    "project page": lambda c, p: c.get(p.get_absolute_url()),
    "actions panel": lambda c, p: c.get(reverse("videos:project_actions", args=[p.pk]), **HX),
    "render refused": lambda c, p: c.post(reverse("videos:project_render", args=[p.pk]), **HX),
}


@pytest.mark.parametrize("view", ACTIONS_VIEWS)
def test_the_actions_panel_shows_totals_and_problems_in_every_view(signed_in, project, view, known_voices):
    SceneFactory(project=project, position=2, narration="", visual_kind="color", visual_color="#123456")
    html = ACTIONS_VIEWS[view](signed_in, project).content.decode()
    assert 'id="total-words">12<' in html and 'id="total-scenes">3<' in html
    assert "thing to fix" in html and "Write the narration" in html


SCENE_VIEWS = {
    "project page": lambda c, s: c.get(s.project.get_absolute_url()),
    "scene row": lambda c, s: c.get(reverse("videos:scene_row", args=[s.pk]), **HX),
    "scene edit form": lambda c, s: c.get(reverse("videos:scene_edit", args=[s.pk]), **HX),
    "scene moved": lambda c, s: c.post(reverse("videos:scene_move", args=[s.pk, "up"]), **HX),
    "scene duplicated": lambda c, s: c.post(reverse("videos:scene_duplicate", args=[s.pk]), **HX),
}


@pytest.mark.parametrize("view", SCENE_VIEWS)
def test_a_scene_shows_its_problem_in_every_view_that_draws_it(signed_in, project, view, known_voices):
    scene = SceneFactory(project=project, position=2, narration="Fine words.", visual_kind="color",
                         visual_color="#nope")
    html = SCENE_VIEWS[view](signed_in, scene).content.decode()
    assert "is not a colour Pictory understands" in html


def test_the_page_head_names_the_brand_kit_once(signed_in, user, known_voices):
    project = ProjectFactory(owner=user, brand=BrandFactory(name="Demo brand"))
    html = signed_in.get(project.get_absolute_url()).content.decode()
    assert "brand kit: Demo brand" in html and "Demo brand brand" not in html


@pytest.mark.parametrize("length", ["abc", "-5", "1e9", " "])
def test_a_webhook_with_a_content_length_that_is_not_a_number_is_refused_cleanly(client, project, length):
    job = RenderJob.objects.create(project=project, kind="render", version=1, status="in_progress",
                                   pictory_job_id="p-1")
    url = reverse("videos:pictory_webhook", args=[job.marker, webhook_token(job.marker)])
    response = client.post(url, data="{}", content_type="application/json", CONTENT_LENGTH=length)
    assert response.status_code == 400 and "Content-Length" in response.json()["reason"]
