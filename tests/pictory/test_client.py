"""Each endpoint method: method, path, body and parsed result, over the loopback server."""
import pytest

from pictory_studio.pictory import NamedItem, QuotaLine

from .conftest import Reply

JOB_ID = "b7e2a9d4-11c3-4f5e-9a80-6d2c7f0e1a55"
CREATED = {"success": True, "data": {"jobId": JOB_ID}}
STORYBOARD = {
    "videoName": "spring-launch-teaser",
    "webhook": "https://studio.example.test/hooks/pictory",
    "webhookInput": {"studioJobPk": 4182},
    "scenes": [{"story": "Our spring collection lands Friday."}],
}
VOICES = [
    {"id": 1, "name": "Martin", "voice": "Matthew", "language": "en-US", "service": "aws"},
    {"id": 2, "name": "Gabriel", "voice": "fr-voice", "language": "fr-FR", "service": "google"},
]


def test_create_storyboard_preview(pictory_server, make_client):
    pictory_server.add("POST", "/v2/video/storyboard", Reply(json=CREATED))

    job = make_client().create_storyboard_preview(STORYBOARD)

    assert job.job_id == JOB_ID
    [request] = pictory_server.requests
    assert request.json() == STORYBOARD
    assert request.header("Content-Type") == "application/json"


def test_render_storyboard(pictory_server, make_client):
    pictory_server.add("POST", "/v2/video/storyboard/render", Reply(json=CREATED))

    assert make_client().render_storyboard(STORYBOARD).job_id == JOB_ID
    assert pictory_server.requests[0].json() == STORYBOARD


HOOK = "https://studio.example.test/hooks/pictory"


@pytest.mark.parametrize(("webhook", "body"), [("", {}), (HOOK, {"webhook": HOOK})])
def test_render_preview(pictory_server, make_client, webhook, body):
    created = {"success": True, "data": {"jobId": "render-1"}}
    pictory_server.add("PUT", "/v2/video/render/preview-1", Reply(json=created))

    job = make_client().render_preview("preview-1", webhook=webhook)

    assert job.job_id == "render-1"
    assert pictory_server.requests[0].json() == body


def test_get_job_escapes_the_id(pictory_server, make_client):
    in_progress = {"data": {"status": "in-progress"}}
    pictory_server.add("GET", "/v1/jobs/..%2Fquota", Reply(json=in_progress))

    make_client().get_job("../quota")

    assert pictory_server.requests[0].path == "/v1/jobs/..%2Fquota"


def test_get_job_requires_an_id(make_client):
    with pytest.raises(ValueError):
        make_client().get_job("")


def test_list_jobs_follows_page_keys(pictory_server, make_client):
    first_page = {
        "items": [{"success": True, "data": {"jobId": "newest", "status": "in-progress"}}],
        "nextPageKey": "eyJwYWdlIjoyfQ==",
    }
    last_page = {
        "items": [{"success": True, "data": {"jobId": "oldest", "status": "completed"}}],
        "nextPageKey": None,
    }
    pictory_server.add("GET", "/v1/jobs", Reply(json=first_page), Reply(json=last_page))
    client = make_client()

    page_one = client.list_jobs()
    page_two = client.list_jobs(page_key=page_one.next_page_key)

    assert [job.job_id for job in page_one.items] == ["newest"]
    assert page_one.next_page_key == "eyJwYWdlIjoyfQ=="
    assert [job.job_id for job in page_two.items] == ["oldest"]
    assert page_two.next_page_key == ""
    first, second = pictory_server.requests
    assert first.query == {}
    assert second.query == {"nextPageKey": ["eyJwYWdlIjoyfQ=="]}


@pytest.mark.parametrize("body", [VOICES, {"data": VOICES}])
def test_list_voices_bare_or_wrapped(pictory_server, make_client, body):
    pictory_server.add("GET", "/v1/voiceovers/tracks", Reply(json=body))

    voices = make_client().list_voices()

    assert [(voice.id, voice.name, voice.voice_id) for voice in voices] == [
        ("1", "Martin", "Matthew"),
        ("2", "Gabriel", "fr-voice"),
    ]


def test_list_subtitle_styles(pictory_server, make_client):
    pictory_server.add("GET", "/v1/styles", Reply(json=[{"id": "s-1", "name": "Bold Pop"}]))

    assert make_client().list_subtitle_styles() == [NamedItem(id="s-1", name="Bold Pop")]


def test_list_video_brands(pictory_server, make_client):
    pictory_server.add("GET", "/v1/brands/video", Reply(json=[{"id": "b-1", "name": "Acme"}]))

    assert make_client().list_video_brands() == [NamedItem(id="b-1", name="Acme")]


def test_get_quota(pictory_server, make_client):
    body = {
        "videoMinutes": {"used": 12.5, "limit": 120},
        "transcriptionMinutes": {"used": 3, "limit": 60},
        "elevenLabsVoiceOverMinutes": {"used": 0, "limit": 30},
        "aiCredits": {"used": 40, "limit": 500},
    }
    pictory_server.add("GET", "/v1/quota", Reply(json=body))

    quota = make_client().get_quota()

    assert quota.video_minutes == QuotaLine(used=12.5, limit=120)
    assert quota.transcription_minutes == QuotaLine(used=3, limit=60)
    assert quota.elevenlabs_minutes == QuotaLine(used=0, limit=30)
    assert quota.ai_credits == QuotaLine(used=40, limit=500)


def test_accept_and_user_agent_on_every_call(pictory_server, make_client):
    pictory_server.add("GET", "/v1/styles", Reply(json=[]))

    make_client(user_agent="Mozilla/5.0 (compatible; PictoryStudio)").list_subtitle_styles()

    request = pictory_server.requests[0]
    assert request.header("Accept") == "application/json"
    assert request.header("User-Agent") == "Mozilla/5.0 (compatible; PictoryStudio)"
