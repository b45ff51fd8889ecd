"""Saved Pictory projects (pictory-api.md §5.1, §5.11): the client against the sandbox over
HTTP in all three connection modes, and the list endpoints the dlt page names."""
import pytest
import requests
from django.core.management import call_command

from pictory_studio.pictory import NotFoundError
from pictory_studio.sandbox.models import SandboxProject
from tests.contract.test_client_against_sandbox import STORYBOARD
from tests.helpers import wait_final

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_storyboard_saved_as_a_project_comes_back_with_its_scenes(client):
    ref = client.render_storyboard({**STORYBOARD, "videoName": "Saved launch", "saveProject": True})
    job = wait_final(client.get_job, ref.job_id)

    project_id = job.raw["data"]["projectId"]
    page = client.list_projects()
    project = client.get_project(project_id)

    assert [item.project_id for item in page.items] == [project_id]
    assert page.items[0].name == "Saved launch" and page.items[0].scene_count == 2
    assert project.name == "Saved launch" and project.source == "api" and project.layout == "16:9"
    assert [scene.story for scene in project.scenes] == [scene["story"] for scene in STORYBOARD["scenes"]]
    assert project.scenes[0].background == {"color": "#1F3A5F"}
    assert project.video_url.endswith(".mp4") and project.share_url


def test_without_save_project_nothing_is_saved(client):
    wait_final(client.get_job, client.render_storyboard(STORYBOARD).job_id)

    assert client.list_projects().items == []


def test_projects_page_newest_first_with_next_page_key(client):
    call_command("sandbox_seed_projects", "45", verbosity=0)

    pages = [client.list_projects()]
    while pages[-1].next_page_key:
        pages.append(client.list_projects(page_key=pages[-1].next_page_key))

    assert [len(page.items) for page in pages] == [20, 20, 5]
    names = [item.name for page in pages for item in page.items]
    assert len(set(names)) == 45 and names[0].endswith("#1") and names[-1].endswith("#45")
    assert all(item.source == "web" for page in pages for item in page.items)


def test_an_unknown_project_is_not_found(client):
    with pytest.raises(NotFoundError):
        client.get_project("9b6a1f7e-0000-4000-8000-000000000000")


def test_another_accounts_projects_stay_hidden(client, settings):
    call_command("sandbox_seed_projects", "3", verbosity=0)
    SandboxProject.objects.update(account="key:someone-else")

    assert client.list_projects().items == []


@pytest.mark.parametrize(("path", "selector"), [("/v1/projects", "projects"), ("/v1/videos", "videos"),
                                                ("/v1/transcriptions", "transcriptions")])
def test_the_lists_the_dlt_page_names(sandbox, settings, path, selector, client):
    call_command("sandbox_seed_projects", "3", verbosity=0)
    wait_final(client.get_job, client.render_storyboard(STORYBOARD).job_id)
    headers = {"Authorization": settings.PICTORY_SANDBOX_API_KEY}

    answer = requests.get(sandbox.url + "/sandbox/pictoryapis" + path, headers=headers, timeout=10)

    assert answer.status_code == 200
    body = answer.json()
    assert isinstance(body[selector], list) and "nextPageKey" in body
    expected = {"projects": 3, "videos": 1, "transcriptions": 0}[selector]
    assert len(body[selector]) == expected
    assert requests.get(sandbox.url + "/sandbox/pictoryapis" + path, timeout=10).status_code == 401


def test_a_bad_page_key_is_a_400_naming_it(sandbox, settings):
    answer = requests.get(sandbox.url + "/sandbox/pictoryapis/v2/projects", params={"nextPageKey": "nonsense"},
                          headers={"Authorization": settings.PICTORY_SANDBOX_API_KEY}, timeout=10)

    assert answer.status_code == 400 and "nextPageKey" in answer.text


def test_finished_videos_are_listed_with_their_names(client):
    job_id = wait_final(client.get_job, client.render_storyboard({**STORYBOARD, "videoName": "Listed"}).job_id).job_id

    page = client.list_videos()

    assert [(video.video_id, video.name) for video in page.items] == [(job_id, "Listed")]
    assert page.items[0].share_url and page.items[0].duration_seconds and page.next_page_key == ""
