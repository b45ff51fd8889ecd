"""Fixtures for the sandbox tests: settings, an API helper, and helpers for probing outputs."""

import json
import re
import subprocess
from datetime import timedelta

import imageio_ffmpeg
import pytest
from django.utils import timezone

from pictory_studio.sandbox import background
from pictory_studio.sandbox.models import SandboxJob

API = "/sandbox/pictoryapis"
KEY = "pictai_sandbox_test_key"
CLIENT_ID = "sandbox-test-client"
CLIENT_SECRET = "sandbox-test-secret"


@pytest.fixture(autouse=True)
def sandbox_settings(settings, tmp_path):
    settings.ROOT_URLCONF = "tests.sandbox.urls"
    settings.PICTORY_SANDBOX_API_KEY = KEY
    settings.PICTORY_SANDBOX_CLIENT_ID = CLIENT_ID
    settings.PICTORY_SANDBOX_CLIENT_SECRET = CLIENT_SECRET
    settings.PICTORY_SANDBOX_JOB_SECONDS = 0.2
    settings.PICTORY_SANDBOX_TOKEN_SECONDS = 3600
    settings.PICTORY_SANDBOX_MIN_POLL_SECONDS = 0
    settings.PICTORY_SANDBOX_REQUESTS_PER_MINUTE = 0
    settings.PICTORY_SANDBOX_REQUIRE_USER_ID = False
    settings.PICTORY_SANDBOX_JOB_NOT_FOUND_STATUS = 404
    settings.PICTORY_SANDBOX_MEDIA_ROOT = tmp_path / "sandbox-media"
    settings.PICTORY_SANDBOX_BACKGROUND_FINISH = False
    settings.PICTORY_SANDBOX_SLOW_SECONDS = 0.4
    yield settings
    assert background.wait_idle(15), "sandbox background threads still running"


def story_body(**overrides) -> dict:
    """A small valid storyboard: two narrated scenes and one colour card."""
    body = {
        "videoName": "spring-launch-teaser",
        "aspectRatio": "16:9",
        "language": "en",
        "voiceOver": {"enabled": True, "aiVoices": [{"speaker": "Martin", "speed": 100}]},
        "webhookInput": {"studioJobPk": 4182},
        "scenes": [
            {
                "story": "Our spring collection lands on Friday morning.",
                "background": {"searchFilter": {"query": "spring flowers close up"}},
            },
            {
                "story": "Pre-order today and save twenty percent.",
                "background": {"color": "#1A2B3C"},
            },
            {"background": {"color": "rgb(250, 240, 200)"}, "minimumDuration": 2},
        ],
    }
    body.update(overrides)
    return body


class Api:
    """The sandbox's HTTP API through Django's test client, authenticated with the test key."""

    def __init__(self, client):
        self.client = client

    def _headers(self, auth, headers):
        extra = dict(headers or {})
        if auth is not None:
            extra["HTTP_AUTHORIZATION"] = auth
        return extra

    def post(self, path, body, *, auth=KEY, headers=None):
        data = body if isinstance(body, str) else json.dumps(body)
        return self.client.post(
            API + path, data=data, content_type="application/json", **self._headers(auth, headers)
        )

    def put(self, path, body=None, *, auth=KEY, content_type="application/json"):
        data = "" if body is None else json.dumps(body)
        return self.client.put(
            API + path, data=data, content_type=content_type, **self._headers(auth, None)
        )

    def get(self, path, *, auth=KEY, headers=None, **params):
        return self.client.get(API + path, params, **self._headers(auth, headers))

    def delete(self, path, *, auth=KEY):
        return self.client.delete(API + path, **self._headers(auth, None))

    def upload(self, data: bytes, *, auth=KEY):
        """POST /v1/templates with the raw bytes of a .pictai file."""
        return self.client.post(
            API + "/v1/templates",
            data=data,
            content_type="application/octet-stream",
            **self._headers(auth, None),
        )

    def create(self, body, *, render=True) -> str:
        path = "/v2/video/storyboard/render" if render else "/v2/video/storyboard"
        response = self.post(path, body)
        assert response.status_code == 200, response.content
        return response.json()["data"]["jobId"]

    def job(self, job_id, **kwargs):
        return self.get(f"/v1/jobs/{job_id}", **kwargs)

    def finished(self, job_id) -> dict:
        """Make the job due now and read it: the read finishes it."""
        make_due(job_id)
        response = self.job(job_id)
        assert response.status_code == 200, response.content
        return response.json()


@pytest.fixture
def api(client):
    return Api(client)


def make_due(job_id) -> None:
    """Move a job's clock forward so it is due now, instead of sleeping in the test."""
    now = timezone.now()
    SandboxJob.objects.filter(pk=job_id).update(
        created_at=now - timedelta(seconds=10), due_at=now - timedelta(milliseconds=1)
    )


def probe_media(path) -> dict:
    """Codec, size and duration of a media file, read from `ffmpeg -i` output."""
    result = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-i", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    info = result.stderr
    duration = re.search(r"Duration: (\d+):(\d+):(\d+\.\d+)", info)
    video = re.search(r"Video: (\w+).*?, (\d+)x(\d+)", info)
    hours, minutes, seconds = duration.groups()
    return {
        "codec": video.group(1),
        "width": int(video.group(2)),
        "height": int(video.group(3)),
        "duration": int(hours) * 3600 + int(minutes) * 60 + float(seconds),
        "has_audio": "Audio: aac" in info,
        "pixel_format": "yuv420p" in info,
    }


def local_path(settings, url: str):
    """Where the sandbox keeps the file behind one of its /sandbox/files/ URLs."""
    job_id, name = url.rstrip("/").split("/")[-2:]
    return settings.PICTORY_SANDBOX_MEDIA_ROOT / job_id / name
