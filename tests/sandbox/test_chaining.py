"""Preview first, then PUT /v2/video/render/{previewJobId} (contract §5.1, §11.1)."""

import pytest

from pictory_studio.sandbox.models import SandboxJob

from .conftest import make_due, story_body

pytestmark = pytest.mark.django_db


def completed_preview(api, **overrides) -> str:
    job_id = api.create(story_body(**overrides), render=False)
    make_due(job_id)
    assert api.job(job_id).json()["data"]["status"] == "completed"
    return job_id


def test_render_from_completed_preview_creates_a_new_render_job(api):
    preview_id = completed_preview(api)

    response = api.put(f"/v2/video/render/{preview_id}")

    assert response.status_code == 200
    render_id = response.json()["data"]["jobId"]
    assert render_id != preview_id
    data = api.finished(render_id)["data"]
    assert data["status"] == "completed"
    assert data["videoURL"].endswith("/video.mp4")


def test_render_from_preview_uses_the_webhook_in_the_body(api):
    preview_id = completed_preview(api)

    response = api.put(
        f"/v2/video/render/{preview_id}", {"webhook": "https://hooks.example.test/render"}
    )

    job = SandboxJob.objects.get(pk=response.json()["data"]["jobId"])
    assert job.webhook == "https://hooks.example.test/render"
    assert job.webhook_input == {"studioJobPk": 4182}  # carried over from the preview


def test_legacy_put_render_answers_with_snake_case_job_id(api):
    preview_id = completed_preview(api)

    response = api.put(f"/v1/video/render/{preview_id}", content_type="text/plain")

    assert response.status_code == 200
    assert set(response.json()["data"]) == {"job_id"}


def test_render_from_unknown_preview_is_job_not_found(api):
    missing = "00000000-0000-4000-8000-000000000001"

    response = api.put(f"/v2/video/render/{missing}")

    assert response.status_code == 404
    assert response.json()["data"]["error_message"] == "JOB_NOT_FOUND"


def test_render_from_unfinished_preview_is_refused(api, settings):
    settings.PICTORY_SANDBOX_JOB_SECONDS = 60
    preview_id = api.create(story_body(), render=False)

    response = api.put(f"/v2/video/render/{preview_id}")

    assert response.status_code == 400
    assert "not completed" in response.json()["message"]
    assert SandboxJob.objects.count() == 1


def test_render_from_failed_preview_is_refused(api):
    preview_id = api.create(story_body(videoName="x __fail__"), render=False)
    make_due(preview_id)

    response = api.put(f"/v2/video/render/{preview_id}")

    assert response.status_code == 400
    assert "failed" in response.json()["message"]


def test_render_job_id_is_not_a_preview(api):
    render_id = api.create(story_body())
    make_due(render_id)

    response = api.put(f"/v2/video/render/{render_id}")

    assert response.status_code == 400
    assert "preview" in response.json()["message"]


def test_due_preview_is_finished_by_the_put_itself(api):
    preview_id = api.create(story_body(), render=False)
    make_due(preview_id)

    response = api.put(f"/v2/video/render/{preview_id}")

    assert response.status_code == 200
