"""Contract tests: the real client against the real sandbox over HTTP, in both auth modes.

The two were written apart from pictory-api.md; these tests are where they must agree.
"""
import json
import time
import uuid
from pathlib import Path

import pytest

from pictory_studio.pictory import (
    AuthenticationError,
    InMemoryTokenCache,
    NotFoundError,
    PictoryClient,
    PictoryConfig,
    RateLimitedError,
    ValidationError,
)
from pictory_studio.sandbox import background
from pictory_studio.sandbox.models import SandboxRequest
from tests.helpers import wait_final
from videos.services.webhooks import MASK, request_extras, webhook_token

pytestmark = pytest.mark.django_db(transaction=True)

STORYBOARD = {
    "videoName": "contract check",
    "aspectRatio": "16:9",
    "language": "en",
    "voiceOver": {"enabled": True, "aiVoices": [{"speaker": "Martin", "speed": 100}]},
    "backgroundMusic": {"enabled": True, "autoMusic": True, "volume": 0.1},
    "scenes": [
        {"story": "The first scene has exactly eight words in it.", "background": {"color": "#1F3A5F"}},
        {"story": "Second scene.", "background": {"searchFilter": {"query": "ocean"}}, "madeUpField": 1},
    ],
}


def test_preview_then_render_from_preview(client):
    ref = client.create_storyboard_preview(STORYBOARD)
    preview = wait_final(client.get_job, ref.job_id)
    assert preview.is_completed and preview.preview_url
    assert preview.render_params and preview.render_params.get("elements")
    assert "madeUpField" not in preview.storyboard["scenes"][1]  # unknown fields are stripped

    render = wait_final(client.get_job, client.render_preview(ref.job_id).job_id)
    assert render.is_completed
    assert render.video_url.endswith(".mp4") and render.share_url and render.thumbnail_url
    assert render.srt_url and render.vtt_url and render.txt_url
    # 8 words at 150 wpm + pause, 2 words + pause
    assert render.duration_seconds == pytest.approx(3.7 + 1.3, rel=0.1)


def test_direct_render_and_job_listing(client):
    ref = client.render_storyboard(STORYBOARD)
    assert wait_final(client.get_job, ref.job_id).is_completed
    page = client.list_jobs()
    assert ref.job_id in [item.job_id for item in page.items]


def test_validation_errors_come_back_per_field(client):
    body = {**STORYBOARD, "aspectRatio": "21:9", "scenes": [{"story": "x" * 15001}]}
    with pytest.raises(ValidationError) as caught:
        client.render_storyboard(body)
    names = {field.name for field in caught.value.fields}
    assert any("aspectRatio" in n for n in names) and any("scenes[0]" in n for n in names)


def test_unknown_voice_fails_the_job(client):
    body = {**STORYBOARD, "voiceOver": {"enabled": True, "aiVoices": [{"speaker": "Zorblax"}]}}
    status = wait_final(client.get_job, client.render_storyboard(body).job_id)
    assert status.is_failed and status.error_code == "TEXT_TO_VIDEO_FAILED"


def test_unknown_job_is_not_found(client):
    with pytest.raises(NotFoundError):
        client.get_job("00000000-0000-4000-8000-000000000000")


def test_catalogues_and_quota(client):
    voices = client.list_voices()
    assert "Martin" in {v.name for v in voices}
    assert client.list_subtitle_styles() and client.list_video_brands()
    quota = client.get_quota()
    assert quota.video_minutes.limit > 0


def test_wrong_credentials_are_an_authentication_error(sandbox):
    base = sandbox.url + "/sandbox/pictoryapis"
    for config in (PictoryConfig(base_url=base, api_key="pictai_not_ours"),
                   PictoryConfig(base_url=base, client_id="nobody", client_secret="nothing")):
        with pytest.raises(AuthenticationError):
            PictoryClient(config).list_voices()


def test_expired_tokens_are_renewed(sandbox, settings):
    settings.PICTORY_SANDBOX_TOKEN_SECONDS = 1
    config = PictoryConfig(base_url=sandbox.url + "/sandbox/pictoryapis",
                           client_id=settings.PICTORY_SANDBOX_CLIENT_ID,
                           client_secret=settings.PICTORY_SANDBOX_CLIENT_SECRET)
    client = PictoryClient(config, token_cache=InMemoryTokenCache())
    client.list_voices()
    time.sleep(1.2)
    assert client.list_voices()
    assert SandboxRequest.objects.filter(path__endswith="/v1/oauth2/token").count() == 2


def test_polling_too_fast_is_rate_limited_with_retry_after(sandbox, settings):
    settings.PICTORY_SANDBOX_MIN_POLL_SECONDS = 30
    config = PictoryConfig(base_url=sandbox.url + "/sandbox/pictoryapis",
                           api_key=settings.PICTORY_SANDBOX_API_KEY, max_retry_after=0.1)
    client = PictoryClient(config)
    job_id = client.render_storyboard(STORYBOARD).job_id
    client.get_job(job_id)
    with pytest.raises(RateLimitedError) as caught:
        client.get_job(job_id)
    assert caught.value.retry_after and caught.value.retry_after > 1


# --- templates ---------------------------------------------------------------------------------
WELCOME = Path(__file__).resolve().parents[1] / "templates_app" / "fixtures" / "welcome-variables.pictai"


def test_template_lifecycle(client):
    template = client.create_template(WELCOME.read_bytes())
    assert template.name == "Personal welcome" and list(template.variables) == ["first_name", "company"]
    assert template.template_id in [t.template_id for t in client.list_templates()]
    fetched = client.get_template(template.template_id)
    assert [s.text for s in fetched.scenes] == [s.text for s in template.scenes]
    scene = fetched.scenes[2]
    client.update_template(template.template_id, [{"sceneId": scene.scene_id, "subtitles": [{"text": "Bye {{x}}"}]}])
    assert client.get_template(template.template_id).scenes[2].text == "Bye {{x}}"
    client.delete_template(template.template_id)
    with pytest.raises(NotFoundError):
        client.get_template(template.template_id)


def test_a_broken_template_file_is_a_validation_error(client):
    with pytest.raises(ValidationError) as caught:
        client.create_template(b"not json at all")
    assert caught.value.code == "INVALID_TEMPLATE_FILE" and "JSON" in caught.value.message


def test_current_template_flow_renders_with_variables(client):
    template = client.create_template(WELCOME.read_bytes())
    body = {"videoName": "row 1", "templateId": template.template_id,
            "variables": {"first_name": "Ada", "company": "Analytical Engines"}}
    status = wait_final(client.get_job, client.render_storyboard(body).job_id)
    assert status.is_completed and status.video_url.endswith(".mp4")
    assert "Hi Ada, welcome to Analytical Engines!" in str(status.storyboard)


def test_legacy_template_flow_preview_then_render(client):
    template = client.create_template(WELCOME.read_bytes())
    preview = client.create_video_from_template({"templateId": template.template_id,
                                                 "variables": {"first_name": "Grace", "company": "Navy"}})
    done = wait_final(client.get_job, preview.job_id)
    assert done.is_completed and done.render_params
    render = wait_final(client.get_job, client.render_legacy_preview(preview.job_id).job_id)
    assert render.is_completed and render.share_url


def test_listed_jobs_show_the_studios_webhook_masked_as_the_studio_stores_it(client, sandbox, settings):
    settings.PICTORY_WEBHOOK_BASE_URL = sandbox.url
    marker = uuid.uuid4()
    stored = request_extras(marker)["webhook"]  # what the studio keeps: the secret masked
    token = webhook_token(marker)
    sent = stored.replace(f"/{MASK}/", f"/{token}/")
    ref = client.render_storyboard({**STORYBOARD, "webhook": sent, "webhookInput": {"marker": str(marker)}})
    assert wait_final(client.get_job, ref.job_id).is_completed

    listed = [job for job in client.list_jobs().items if job.job_id == ref.job_id]
    detail = client.get_job(ref.job_id)

    assert token in sent and token not in stored
    assert [job.storyboard["webhook"] for job in listed] == [stored]
    assert detail.storyboard["webhook"] == stored
    assert token not in json.dumps([job.raw for job in listed]) + json.dumps(detail.raw)
    assert background.wait_idle(15)  # the webhook call to the studio is done before teardown
