"""429 with Retry-After, and the request log the studio's tests count calls with."""

import pytest

from pictory_studio.sandbox.models import SandboxRequest

from .conftest import KEY, story_body

pytestmark = pytest.mark.django_db


def test_budget_per_minute_answers_429_with_retry_after(api, settings):
    settings.PICTORY_SANDBOX_REQUESTS_PER_MINUTE = 3

    statuses = [api.get("/v1/styles").status_code for _ in range(4)]
    refused = api.get("/v1/styles")

    assert statuses == [200, 200, 200, 429]
    assert refused.status_code == 429
    assert refused.json() == {"message": "Too Many Requests"}
    assert 1 <= int(refused["Retry-After"]) <= 60


def test_budget_is_per_credential(api, settings):
    settings.PICTORY_SANDBOX_REQUESTS_PER_MINUTE = 1
    token = api.post(
        "/v1/oauth2/token",
        {
            "client_id": settings.PICTORY_SANDBOX_CLIENT_ID,
            "client_secret": settings.PICTORY_SANDBOX_CLIENT_SECRET,
        },
        auth=None,
    ).json()["access_token"]

    assert api.get("/v1/styles", auth=KEY).status_code == 200
    assert api.get("/v1/styles", auth=KEY).status_code == 429
    assert api.get("/v1/styles", auth=token).status_code == 200


def test_polling_one_job_too_fast_answers_429(api, settings):
    settings.PICTORY_SANDBOX_MIN_POLL_SECONDS = 5
    settings.PICTORY_SANDBOX_JOB_SECONDS = 60
    job_id = api.create(story_body())
    other_id = api.create(story_body())

    first = api.job(job_id)
    second = api.job(job_id)
    other = api.job(other_id)

    assert first.status_code == 200
    assert second.status_code == 429
    assert int(second["Retry-After"]) in range(1, 6)
    assert other.status_code == 200  # the spacing is per job


def test_every_api_call_is_logged(api):
    job_id = api.create(story_body())
    api.job(job_id)
    api.get("/v1/quota", auth="wrong")

    rows = list(SandboxRequest.objects.order_by("created_at", "id"))

    assert [(r.method, r.endpoint, r.status_code) for r in rows] == [
        ("POST", "storyboard_render", 200),
        ("GET", "job_detail", 200),
        ("GET", "quota", 401),
    ]
    assert rows[0].path == "/sandbox/pictoryapis/v2/video/storyboard/render"
    assert str(rows[0].job_id) == job_id and str(rows[1].job_id) == job_id
    assert rows[0].credential_kind == "key" and rows[2].credential_kind == ""
    assert KEY not in rows[0].credential  # a fingerprint, not the secret


def test_render_posts_can_be_counted(api):
    for _ in range(3):
        api.create(story_body())
    api.create(story_body(), render=False)

    renders = SandboxRequest.objects.filter(
        method="POST", path__iendswith="/v2/video/storyboard/render"
    )

    assert renders.count() == 3


def test_paths_match_in_any_case_and_with_trailing_slash(api):
    assert api.get("/V1/Quota").status_code == 200
    assert api.get("/v1/quota/").status_code == 200


def test_unknown_api_path_is_404_json(api):
    response = api.get("/v1/nothing-here")

    assert response.status_code == 404
    assert response.json() == {"message": "Not Found"}


def test_wrong_method_is_405(api):
    response = api.get("/v2/video/storyboard/render")

    assert response.status_code == 405
