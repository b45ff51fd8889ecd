"""Parsing of job bodies whose field names drift between API versions (contract §4.3)."""
import pytest

from pictory_studio.pictory import JobPage, JobRef, JobStatus, PictoryError, Quota, Voice

JOB_ID = "b7e2a9d4-11c3-4f5e-9a80-6d2c7f0e1a55"

COMPLETED_RENDER = {
    "job_id": JOB_ID,
    "success": True,
    "data": {
        "status": "completed",
        "progress": 100,
        "videoURL": "http://cdn.example.test/out/b7e2.mp4",
        "videoShareURL": "http://share.example.test/b7e2",
        "shareVideoURL": "http://share.example.test/b7e2-legacy",
        "thumbnail": "http://cdn.example.test/out/b7e2.jpg",
        "srtFile": "http://cdn.example.test/out/b7e2.srt",
        "vttFile": "http://cdn.example.test/out/b7e2.vtt",
        "txtFile": "http://cdn.example.test/out/b7e2.txt",
        "audioURL": "http://cdn.example.test/out/b7e2.mp3",
        "videoDuration": 42.7,
        "aiCreditsUsed": 0,
    },
}


def test_completed_render():
    job = JobStatus.from_body(COMPLETED_RENDER)

    assert job.job_id == JOB_ID
    assert job.status == "completed"
    assert job.is_final and job.is_completed and not job.is_failed
    assert job.progress == 100.0
    assert job.video_url == "http://cdn.example.test/out/b7e2.mp4"
    assert job.share_url == "http://share.example.test/b7e2"
    assert job.thumbnail_url.endswith(".jpg")
    assert job.srt_url.endswith(".srt")
    assert job.vtt_url.endswith(".vtt")
    assert job.txt_url.endswith(".txt")
    assert job.audio_url.endswith(".mp3")
    assert job.duration_seconds == 42.7
    assert job.credits_used == 0.0
    assert job.error_code == job.error_message == ""
    assert job.raw is COMPLETED_RENDER


def test_completed_legacy_render_with_share_video_url_only():
    body = {
        "job_id": JOB_ID,
        "success": True,
        "data": {"status": "completed", "shareVideoURL": "http://share.example.test/legacy"},
    }

    assert JobStatus.from_body(body).share_url == "http://share.example.test/legacy"


@pytest.mark.parametrize("key", ["videoUrl", "url"])
def test_video_url_spelling_variants(key):
    body = {"success": True, "data": {"jobId": JOB_ID, "status": "completed", key: "http://v/1.mp4"}}

    job = JobStatus.from_body(body)

    assert job.video_url == "http://v/1.mp4"
    assert job.job_id == JOB_ID


def test_video_url_prefers_videoURL_over_other_spellings():
    data = {"status": "completed", "url": "http://c", "videoUrl": "http://b", "videoURL": "http://a"}

    assert JobStatus.from_body({"data": data}).video_url == "http://a"


def test_completed_preview():
    render_params = {"output": {"width": 1080}, "elements": [{"id": "voiceOver"}]}
    storyboard = {"videoName": "spring-launch", "scenes": [{"story": "Hello"}]}
    body = {
        "job_id": JOB_ID,
        "success": True,
        "data": {
            "status": "completed",
            "preview": "http://preview.example.test/b7e2",
            "renderParams": render_params,
            "storyboard": storyboard,
        },
    }

    job = JobStatus.from_body(body)

    assert job.is_completed
    assert job.preview_url == "http://preview.example.test/b7e2"
    assert job.render_params == render_params
    assert job.storyboard == storyboard
    assert job.video_name == "spring-launch"
    assert job.video_url == ""


def test_failed_job():
    body = {
        "job_id": JOB_ID,
        "success": False,
        "data": {
            "status": "failed",
            "error_code": "TEXT_TO_VIDEO_FAILED",
            "error_message": "Voice speaker [Zorblax] could not be resolved",
        },
    }

    job = JobStatus.from_body(body)

    assert job.is_failed and job.is_final and not job.is_completed
    assert job.error_code == "TEXT_TO_VIDEO_FAILED"
    assert job.error_message == "Voice speaker [Zorblax] could not be resolved"


def test_in_progress_render():
    body = {
        "job_id": JOB_ID,
        "success": True,
        "data": {
            "status": "in-progress",
            "renderProgress": 35,
            "renderProgressMessage": "Compositing scenes",
            "renderState": "RUNNING",
        },
    }

    job = JobStatus.from_body(body)

    assert job.status == "in-progress"
    assert not job.is_final
    assert job.progress == 35.0
    assert job.progress_message == "Compositing scenes"
    assert job.render_state == "RUNNING"


def test_in_progress_without_progress_fields():
    body = {"job_id": JOB_ID, "success": True, "data": {"status": "in-progress"}}

    job = JobStatus.from_body(body)

    assert job.progress is None
    assert job.duration_seconds is None
    assert job.render_params is None


def test_webhook_body_carries_name_and_webhook_input():
    body = {
        "job_id": JOB_ID,
        "success": True,
        "data": {"status": "completed", "videoName": "row-17", "videoURL": "http://v/17.mp4"},
        "webhookInput": {"studioJobPk": 4182},
    }

    job = JobStatus.from_body(body)

    assert job.video_name == "row-17"
    assert job.webhook_input == {"studioJobPk": 4182}


def test_unknown_status_is_kept_and_not_final():
    job = JobStatus.from_body({"data": {"jobId": JOB_ID, "status": "queued-for-review"}})

    assert job.status == "queued-for-review"
    assert not job.is_final


def test_cleaned_is_final():
    assert JobStatus.from_body({"data": {"status": "cleaned"}}).is_final


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"preview": "http://p", "renderParams": {"scenes": []}}, "completed"),
        ({}, "in-progress"),
    ],
)
def test_legacy_bodies_without_status(data, status):
    assert JobStatus.from_body({"job_id": JOB_ID, "success": True, "data": data}).status == status


def test_non_numeric_duration_string_is_read():
    job = JobStatus.from_body({"data": {"status": "completed", "duration": "8s"}})

    assert job.duration_seconds == 8


def test_job_status_rejects_non_objects():
    with pytest.raises(PictoryError):
        JobStatus.from_body(["not", "a", "job"])


@pytest.mark.parametrize(
    "body",
    [
        {"success": True, "data": {"jobId": JOB_ID}},
        {"success": True, "data": {"job_id": JOB_ID}},
        {"success": True, "jobId": JOB_ID, "data": {}},
        {"job_id": JOB_ID},
    ],
)
def test_job_ref_spellings(body):
    assert JobRef.from_body(body) == JobRef(job_id=JOB_ID)


def test_job_ref_without_id_is_an_error():
    with pytest.raises(PictoryError, match="no job id"):
        JobRef.from_body({"success": True, "data": {}})


def test_job_page():
    body = {
        "items": [
            {"success": True, "data": {"jobId": "a", "status": "completed", "videoName": "one"}},
            {"success": False, "data": {"jobId": "b", "status": "failed", "error_code": "X"}},
        ],
        "nextPageKey": None,
    }

    page = JobPage.from_body(body)

    assert [job.job_id for job in page.items] == ["a", "b"]
    assert page.items[0].video_name == "one"
    assert page.items[1].is_failed
    assert page.next_page_key == ""


def test_voice_fields():
    item = {
        "id": 117,
        "name": "Martin",
        "voice": "Matthew",
        "gender": "Male",
        "accent": "American",
        "language": "en-US",
        "engine": "neural",
        "service": "aws",
        "category": "Narration",
        "sample": "http://cdn.example.test/voices/martin.mp3",
    }

    [voice] = Voice.list_from_body([item])

    assert voice == Voice(
        id="117",
        name="Martin",
        voice_id="Matthew",
        gender="Male",
        accent="American",
        language="en-US",
        service="aws",
        engine="neural",
        category="Narration",
        sample_url="http://cdn.example.test/voices/martin.mp3",
    )


def test_quota_with_missing_lines_defaults_to_zero():
    quota = Quota.from_body({"videoMinutes": {"used": 3.5, "limit": 60}})

    assert quota.video_minutes.used == 3.5
    assert quota.video_minutes.limit == 60
    assert quota.ai_credits.used == quota.ai_credits.limit == 0
