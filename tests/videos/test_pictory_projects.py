"""Projects saved in the Pictory account: listed for editors, imported as studio projects (the
studio's real views against the sandbox over HTTP)."""
import pytest
from django.core.management import call_command
from django.urls import reverse

from pictory_studio.pictory.factory import client_from_settings
from pictory_studio.sandbox.models import SandboxProject
from tests.contract.test_client_against_sandbox import STORYBOARD
from tests.factories import ProjectFactory, SceneFactory, UserFactory
from tests.helpers import refresh_until, wait_final
from videos.models import Project
from videos.services.job_requests import render_job_request

pytestmark = pytest.mark.django_db(transaction=True)
LIST = reverse("videos:pictory_projects")
IMPORT = reverse("videos:pictory_project_import")


def seed(count: int) -> list[SandboxProject]:
    call_command("sandbox_seed_projects", str(count), verbosity=0)
    return list(SandboxProject.objects.order_by("-created_at", "-id"))


def test_editors_page_through_the_accounts_projects(sandbox, signed_in):
    seed(25)

    page = signed_in.get(LIST).content.decode()
    assert page.count('name="project_id"') == 20
    assert "Pictory's web app" in page and "Load more projects" in page
    more_url = page.split('hx-get="')[1].split('"')[0].replace("&amp;", "&")

    more = signed_in.get(more_url, HTTP_HX_REQUEST="true").content.decode()
    assert more.count('name="project_id"') == 5 and "Load more projects" not in more
    assert "<html" not in more  # only the rows, appended below the first page


def test_editors_page_through_the_accounts_videos(sandbox, signed_in):
    from django.utils import timezone

    from pictory_studio.sandbox.models import JobKind, JobStatus, SandboxJob

    now = timezone.now()
    SandboxJob.objects.bulk_create(
        SandboxJob(kind=JobKind.RENDER, status=JobStatus.COMPLETED, credential="seed", storyboard={},
                   video_name=f"Finished video {number}", created_at=now, due_at=now, finished_at=now)
        for number in range(23))

    page = signed_in.get(LIST + "?tab=videos").content.decode()
    assert page.count("Finished video ") == 20 and "Load more videos" in page
    more_url = page.split('hx-get="')[1].split('"')[0].replace("&amp;", "&")
    assert "tab=videos" in more_url

    more = signed_in.get(more_url, HTTP_HX_REQUEST="true").content.decode()
    assert more.count("Finished video ") == 3 and "Load more videos" not in more
    assert "<html" not in more


def test_importing_makes_a_storyboard_of_its_scenes(sandbox, signed_in, user):
    source = seed(3)[0]

    answer = signed_in.post(IMPORT, {"project_id": str(source.id)}, follow=True)

    project = Project.objects.get(pictory_project_id=str(source.id))
    assert answer.redirect_chain[-1][0] == project.get_absolute_url()
    assert project.title == source.name and project.owner == user and project.aspect_ratio == source.layout
    scenes = list(project.scenes.order_by("position"))
    assert [scene.narration for scene in scenes] == [scene["story"] for scene in source.scenes]
    assert [scene.visual_color for scene in scenes] == [scene["background"]["color"] for scene in source.scenes]
    assert f"Imported “{source.name}” from Pictory with {len(scenes)} scenes" in answer.content.decode()
    listed = signed_in.get(LIST).content.decode()
    assert f"Imported as “{project.title}”" in listed and "Import again" in listed


def test_a_double_click_imports_once(sandbox, signed_in):
    source = seed(1)[0]

    signed_in.post(IMPORT, {"project_id": str(source.id)})
    signed_in.post(IMPORT, {"project_id": str(source.id)})

    assert Project.objects.filter(pictory_project_id=str(source.id)).count() == 1


def test_reviewers_cannot_import(sandbox, client):
    source = seed(1)[0]
    client.force_login(UserFactory(username="rita", roles=["Reviewer"]))

    assert client.get(LIST).status_code == 403
    assert client.post(IMPORT, {"project_id": str(source.id)}).status_code == 403
    assert not Project.objects.exists()


def test_a_project_gone_from_pictory_says_so_and_makes_nothing(sandbox, signed_in):
    answer = signed_in.post(IMPORT, {"project_id": "9b6a1f7e-0000-4000-8000-000000000000"}, follow=True)

    assert "Pictory no longer has this project" in answer.content.decode()
    assert not Project.objects.exists()


def test_an_empty_account_explains_the_next_step(sandbox, signed_in):
    page = signed_in.get(LIST).content.decode()

    assert "No projects saved in Pictory yet" in page and reverse("videos:project_create") in page


def test_unreachable_pictory_says_what_to_do(signed_in, settings):
    settings.PICTORY_API_KEY = "pictai_live"
    settings.PICTORY_API_BASE_URL = "http://127.0.0.1:9/pictoryapis"  # nothing listens here

    answer = signed_in.get(LIST)

    assert answer.status_code == 200
    assert "Could not read the projects." in answer.content.decode()
    assert "try again in a minute" in answer.content.decode()


def test_the_projects_page_offers_the_import(signed_in):
    assert LIST in signed_in.get(reverse("videos:project_list")).content.decode()


def test_the_accounts_videos_say_which_the_studio_made(sandbox, signed_in, user):
    project = ProjectFactory(owner=user, title="Studio launch")
    SceneFactory(project=project, position=0, narration="Made in the studio.")
    studio = refresh_until(render_job_request(project=project, kind="render", user=user).job, "completed")
    client = client_from_settings()
    wait_final(client.get_job, client.render_storyboard({**STORYBOARD, "videoName": "Made elsewhere"}).job_id)

    page = signed_in.get(LIST, {"tab": "videos"}).content.decode()

    assert page.count("<tr>") == 2 + 1  # two videos and the header
    assert "Made elsewhere" in page and "Elsewhere (Pictory's web app or another tool)" in page
    assert f'href="{project.get_absolute_url()}">Studio launch v{studio.version}</a>' in page
