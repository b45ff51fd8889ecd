"""Faults on demand: magic words in the request make jobs or create calls fail."""

import time

import pytest

from pictory_studio.sandbox.models import SandboxJob

from .conftest import story_body

pytestmark = pytest.mark.django_db


def voice(speaker) -> dict:
    return {"enabled": True, "aiVoices": [{"speaker": speaker}]}


def failure(api, body) -> dict:
    job_id = api.create(body)
    response = api.finished(job_id)
    assert response["success"] is False
    assert response["data"]["status"] == "failed"
    return response["data"]


def test_unknown_speaker_is_accepted_then_fails(api):
    data = failure(api, story_body(voiceOver=voice("Zorblax")))

    assert data["error_code"] == "TEXT_TO_VIDEO_FAILED"
    assert data["error_message"] == "Voice speaker [Zorblax] could not be resolved"


def test_unknown_speaker_in_a_scene_override_fails_too(api):
    body = story_body()
    body["scenes"][1]["voiceOver"] = voice("Nobody")

    assert failure(api, body)["error_message"] == "Voice speaker [Nobody] could not be resolved"


@pytest.mark.parametrize("speaker", [1002, "1002", "jackson", "JACKSON", "Joey"])
def test_speaker_resolves_by_id_name_any_case_or_provider_voice(api, speaker):
    job_id = api.create(story_body(voiceOver=voice(speaker)))

    assert api.finished(job_id)["data"]["status"] == "completed"


def test_no_visual_marker_fails_with_visual_not_found(api):
    body = story_body()
    body["scenes"][0]["background"]["searchFilter"]["query"] = "mountains __novisual__"

    assert failure(api, body)["error_code"] == "SCENE_BACKGROUND_VISUAL_NOT_FOUND"


def test_fail_marker_fails_with_text_to_video_failed(api):
    assert failure(api, story_body(videoName="demo __fail__"))["error_code"] == (
        "TEXT_TO_VIDEO_FAILED"
    )


def test_no_credits_marker_fails_with_insufficient_credits(api):
    assert failure(api, story_body(videoName="demo __nocredits__"))["error_code"] == (
        "INSUFFICIENT_CREDITS"
    )


def test_500_marker_answers_500_and_creates_no_job(api):
    response = api.post("/v2/video/storyboard/render", story_body(videoName="demo __500__"))

    assert response.status_code == 500
    assert response.json() == {"message": "Internal Server Error"}
    assert not SandboxJob.objects.exists()


def test_500_after_create_answers_502_but_the_job_exists_and_completes(api):
    body = story_body(videoName="demo __500_after_create__", webhookInput={"studioJobPk": 77})

    response = api.post("/v2/video/storyboard/render", body)

    assert response.status_code == 502
    # The caller can find its job by listing and matching webhookInput / videoName.
    items = api.get("/v1/jobs").json()["items"]
    matches = [item for item in items if item["data"]["webhookInput"] == {"studioJobPk": 77}]
    assert len(matches) == 1
    assert matches[0]["data"]["videoName"] == "demo __500_after_create__"
    assert api.finished(matches[0]["job_id"])["data"]["status"] == "completed"


def test_slow_marker_delays_the_answer_after_creating_the_job(api, settings):
    settings.PICTORY_SANDBOX_SLOW_SECONDS = 0.4
    started = time.monotonic()

    response = api.post("/v2/video/storyboard/render", story_body(videoName="demo __slow__"))

    assert time.monotonic() - started >= 0.4
    assert response.status_code == 200
    assert SandboxJob.objects.filter(pk=response.json()["data"]["jobId"]).exists()
