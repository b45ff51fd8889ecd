"""Jobs as GET /v1/jobs/{id} and GET /v1/jobs report them (contract §4)."""

import base64
import json
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from pictory_studio.sandbox.models import SandboxJob

from .conftest import make_due, story_body

pytestmark = pytest.mark.django_db


def set_clock(job_id, *, elapsed: float, remaining: float) -> None:
    now = timezone.now()
    SandboxJob.objects.filter(pk=job_id).update(
        created_at=now - timedelta(seconds=elapsed), due_at=now + timedelta(seconds=remaining)
    )


def test_create_returns_a_job_id_and_the_job_starts_in_progress(api):
    response = api.post("/v2/video/storyboard/render", story_body())

    assert response.status_code == 200
    assert response.json()["success"] is True
    job_id = response.json()["data"]["jobId"]
    body = api.job(job_id).json()
    assert body == {"job_id": job_id, "success": True, "data": {"status": "in-progress"}}


def test_render_progress_appears_after_the_start_and_rises(api):
    job_id = api.create(story_body())

    set_clock(job_id, elapsed=1, remaining=9)  # 10 %: still queued
    queued = api.job(job_id).json()["data"]
    set_clock(job_id, elapsed=4, remaining=6)  # 40 %
    early = api.job(job_id).json()["data"]
    set_clock(job_id, elapsed=9, remaining=1)  # 90 %
    late = api.job(job_id).json()["data"]

    assert queued == {"status": "in-progress"}
    assert early["renderState"] == "RUNNING"
    assert 0 <= early["renderProgress"] < late["renderProgress"] <= 99
    assert early["renderProgressMessage"] == "Generating voice-over"
    assert late["renderProgressMessage"] == "Encoding video"


def test_job_completes_by_wall_clock(api, settings):
    settings.PICTORY_SANDBOX_JOB_SECONDS = 0.2
    job_id = api.create(story_body(), render=False)  # previews take half the time

    time.sleep(0.15)

    assert api.job(job_id).json()["data"]["status"] == "completed"


def test_completed_preview_has_preview_page_render_params_and_storyboard(api):
    job_id = api.create(story_body(), render=False)

    body = api.finished(job_id)

    data = body["data"]
    assert body["success"] is True
    assert data["status"] == "completed"
    assert data["preview"].startswith("http://testserver/sandbox/preview/")
    assert data["storyboard"]["videoName"] == "spring-launch-teaser"
    params = data["renderParams"]
    assert params["output"]["width"] == 1280 and params["output"]["height"] == 720
    ids = [element["id"] for element in params["elements"]]
    assert sum(i.startswith("SceneText_") for i in ids) == 2  # the colour card has no text
    assert sum(i.startswith("backgroundElement_") for i in ids) == 3
    assert "voiceOver" in ids
    voice_over = next(e for e in params["elements"] if e["id"] == "voiceOver")
    assert voice_over["elementType"] == "audioElement" and voice_over["type"] == "audio"
    assert voice_over["url"].startswith("http://testserver/")
    texts = [e for e in params["elements"] if e["elementType"] == "SceneText"]
    assert texts[0]["startTime"] == 0
    assert texts[1]["startTime"] == pytest.approx(texts[0]["duration"])


def test_background_music_element_only_when_music_is_on(api):
    with_music = api.create(
        story_body(backgroundMusic={"enabled": True, "autoMusic": True, "volume": 0.2}),
        render=False,
    )
    without_music = api.create(story_body(), render=False)

    music_ids = [e["id"] for e in api.finished(with_music)["data"]["renderParams"]["elements"]]
    plain_ids = [e["id"] for e in api.finished(without_music)["data"]["renderParams"]["elements"]]

    assert "bgMusic" in music_ids
    assert "bgMusic" not in plain_ids


def test_preview_page_lists_scenes_with_text_and_duration(api, client):
    job_id = api.create(story_body(), render=False)
    preview_url = api.finished(job_id)["data"]["preview"]

    page = client.get(preview_url)

    assert page.status_code == 200
    html = page.content.decode()
    assert "Our spring collection lands on Friday morning." in html
    assert "Scene 3 · 2.0 s" in html
    assert "spring flowers close up" in html


@pytest.mark.parametrize("status", [404, 200])
def test_unknown_job_is_job_not_found(api, settings, status):
    settings.PICTORY_SANDBOX_JOB_NOT_FOUND_STATUS = status
    missing = "00000000-0000-4000-8000-000000000000"

    response = api.job(missing)

    assert response.status_code == status
    assert response.json() == {
        "job_id": missing,
        "success": False,
        "data": {"error_code": "5000", "error_message": "JOB_NOT_FOUND"},
    }


def test_malformed_job_id_is_job_not_found(api):
    response = api.job("not-a-uuid")

    assert response.status_code == 404
    assert response.json()["data"]["error_message"] == "JOB_NOT_FOUND"


def test_terminal_bodies_never_contain_in_progress_text(api):
    completed = api.create(story_body(videoName="work in-progress"))
    failed = api.create(story_body(videoName="in-progress __fail__"))
    preview = api.create(
        story_body(scenes=[{"story": "Our launch is in-progress right now."}]), render=False
    )

    for job_id in (completed, failed, preview):
        make_due(job_id)
        response = api.job(job_id)
        assert b"in-progress" not in response.content
        # The user's text survives: the escape only changes how the JSON is written.
        assert json.loads(response.content)["data"]["status"] in ("completed", "failed")
    preview_story = api.job(preview).json()["data"]["storyboard"]["scenes"][0]["story"]
    assert preview_story == "Our launch is in-progress right now."


def test_job_list_is_newest_first_with_pagination(api, settings):
    settings.PICTORY_SANDBOX_JOB_SECONDS = 60
    created = [
        api.create(story_body(videoName=f"video-{n}", webhookInput={"row": n})) for n in range(23)
    ]

    first = api.get("/v1/jobs").json()
    second = api.get("/v1/jobs", nextPageKey=first["nextPageKey"]).json()

    assert len(first["items"]) == 20
    assert first["nextPageKey"]
    base64.urlsafe_b64decode(first["nextPageKey"])  # an opaque base64 token
    assert len(second["items"]) == 3
    assert second["nextPageKey"] is None
    listed = [item["data"]["jobId"] for item in first["items"] + second["items"]]
    assert listed == list(reversed(created))


def test_job_list_items_carry_what_is_needed_to_match_a_request(api, settings):
    settings.PICTORY_SANDBOX_JOB_SECONDS = 60
    job_id = api.create(story_body(videoName="row-7 teaser", webhookInput={"row": 7}))

    item = api.get("/v1/jobs").json()["items"][0]

    assert item["job_id"] == job_id
    assert item["data"]["jobId"] == job_id
    assert item["data"]["videoName"] == "row-7 teaser"
    assert item["data"]["webhookInput"] == {"row": 7}
    assert item["data"]["status"] == "in-progress"


def test_job_list_rejects_a_forged_page_key(api):
    response = api.get("/v1/jobs", nextPageKey="!!not-base64!!")

    assert response.status_code == 400


def test_quota_counts_video_minutes_of_completed_renders(api):
    before = api.get("/v1/quota").json()
    job_id = api.create(story_body())
    duration = api.finished(job_id)["data"]["videoDuration"]

    after = api.get("/v1/quota").json()

    assert set(after) == {
        "videoMinutes",
        "transcriptionMinutes",
        "elevenLabsVoiceOverMinutes",
        "aiCredits",
    }
    assert before["videoMinutes"]["used"] == 0
    assert after["videoMinutes"]["used"] == pytest.approx(duration / 60, abs=0.01)
    assert after["videoMinutes"]["limit"] > 0


def test_used_up_video_minutes_make_new_jobs_fail_for_credits(api, settings):
    settings.PICTORY_SANDBOX_VIDEO_MINUTES_LIMIT = 0.01
    api.finished(api.create(story_body()))

    body = api.finished(api.create(story_body()))

    assert body["success"] is False
    assert body["data"]["error_code"] == "INSUFFICIENT_CREDITS"


def test_job_being_finished_elsewhere_reads_as_encoding(api):
    job_id = api.create(story_body())
    make_due(job_id)
    SandboxJob.objects.filter(pk=job_id).update(claim_token="other", claimed_at=timezone.now())

    data = api.job(job_id).json()["data"]

    assert data == {
        "status": "in-progress",
        "renderProgress": 99,
        "renderProgressMessage": "Encoding video",
        "renderState": "RUNNING",
    }


def test_abandoned_finish_is_taken_over(api):
    job_id = api.create(story_body())
    make_due(job_id)
    SandboxJob.objects.filter(pk=job_id).update(
        claim_token="crashed", claimed_at=timezone.now() - timedelta(hours=1)
    )

    assert api.job(job_id).json()["data"]["status"] == "completed"


WEBHOOK_SECRET = "9f8e7d6c5b4a39281706"
WEBHOOK = f"https://hooks.example.test/hooks/pictory/6f1c2d3e-4b5a-4c6d-8e7f-001122334455/{WEBHOOK_SECRET}/"
MASKED_WEBHOOK = "https://hooks.example.test/hooks/pictory/6f1c2d3e-4b5a-4c6d-8e7f-001122334455/masked/"


def test_job_answers_never_echo_a_webhook_secret(api):
    render_id = api.create(story_body(webhook=WEBHOOK))
    preview_id = api.create(story_body(webhook=WEBHOOK), render=False)
    make_due(preview_id)
    api.job(preview_id)
    chained_id = api.put(f"/v2/video/render/{preview_id}", {"webhook": WEBHOOK}).json()["data"]["jobId"]
    for job_id in (render_id, chained_id):
        api.finished(job_id)

    listed = api.get("/v1/jobs")
    details = [api.job(job_id) for job_id in (render_id, preview_id, chained_id)]

    for response in (listed, *details):
        assert response.status_code == 200
        assert WEBHOOK_SECRET.encode() not in response.content
    shown = [item["data"]["storyboard"]["webhook"] for item in listed.json()["items"]]
    assert shown == [MASKED_WEBHOOK] * 3
    assert SandboxJob.objects.get(pk=render_id).webhook == WEBHOOK  # kept whole for the delivery


def test_the_admin_shows_a_jobs_webhook_masked(api, admin_client, settings):
    settings.ROOT_URLCONF = "tests.sandbox.admin_urls"
    job_id = api.create(story_body(webhook=WEBHOOK))

    page = admin_client.get(f"/admin/sandbox/sandboxjob/{job_id}/change/")

    assert page.status_code == 200
    assert MASKED_WEBHOOK in page.content.decode()
    assert WEBHOOK_SECRET not in page.content.decode()
