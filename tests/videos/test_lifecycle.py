"""Render jobs through their whole life against the sandbox over real HTTP.

One click is at most one paid render, even when a task runs twice or a submission is ambiguous.
"""
import socket
import time

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tests.factories import ProjectFactory, SceneFactory
from tests.helpers import refresh_until, sandbox_calls
from videos.models import QuotaSnapshot, RenderJob
from videos.services.estimates import scene_seconds
from videos.services.job_requests import render_job_request
from videos.services.job_status import render_job_problems
from videos.services.job_submission import render_job_submit
from videos.services.pacing import RATE_LIMIT_CACHE_KEY
from videos.tasks import render_job_submit_task

pytestmark = pytest.mark.django_db(transaction=True)
RENDER_PATH = "/v2/video/storyboard/render"


def request_job(project, kind="render", user=None):
    return render_job_request(project=project, kind=kind, user=user or project.owner).job


def test_preview_then_render_from_that_preview(sandbox, project):
    preview = refresh_until(request_job(project, "preview"), "completed")
    assert [s["text"] for s in preview.preview_scenes][0].startswith("Our spring collection")
    assert len(preview.preview_scenes) == 2 and preview.preview_url

    render = request_job(project, "render")
    assert render.source_preview == preview and render.endpoint.startswith("PUT /v2/video/render/")
    render = refresh_until(render, "completed")
    assert render.version == 1 and render.video_url.endswith(".mp4") and render.thumbnail_url
    assert render.srt_url and render.vtt_url
    expected = sum(scene_seconds(narration=s.narration) for s in project.scenes.all())
    assert render.duration_seconds == pytest.approx(expected, rel=0.2)
    assert sandbox_calls("POST", RENDER_PATH) == 0  # rendered from the preview, not re-sent


def test_the_same_lifecycle_through_the_lowcodeapi_gateway(sandbox, project, settings, caplog):
    """The studio reaches the sandbox through its LowCodeAPI imitation: nothing above the
    client knows, and the job goes from preview to finished video the same way."""
    settings.PICTORY_SANDBOX_CONNECTION = "gateway"
    settings.PICTORY_SANDBOX_GATEWAY_URL_FORMATS = "old"  # ids in the query: the client must fall back

    preview = refresh_until(request_job(project, "preview"), "completed")
    render = refresh_until(request_job(project, "render"), "completed")

    assert preview.preview_url and render.video_url.endswith(".mp4") and render.thumbnail_url
    from pictory_studio.sandbox.models import SandboxRequest

    paths = list(SandboxRequest.objects.values_list("method", "path", "credential_kind"))
    assert ("PUT", f"/sandbox/pictoryapis/v2/video/render/{preview.pictory_job_id}", "key") in paths
    gateway = "path=/sandbox/lowcode/pictory/pictoryapis"
    assert f"method=PUT {gateway}/v2/video/render/{preview.pictory_job_id} status=404" in caplog.text
    assert f"method=PUT {gateway}/v2/video/render/jobid status=200" in caplog.text
    assert "lowcode_sandbox_token" not in caplog.text


def test_a_changed_storyboard_renders_directly_not_from_a_stale_preview(sandbox, project):
    refresh_until(request_job(project, "preview"), "completed")
    scene = project.scenes.first()
    scene.narration = "A different opening line."
    scene.save()
    render = request_job(project, "render")
    assert render.source_preview is None and render.endpoint == f"POST {RENDER_PATH}"
    assert render.payload["scenes"][0]["story"] == "A different opening line."


def test_versions_are_numbered_and_keep_the_payload_they_sent(sandbox, project):
    first = request_job(project)
    project.scenes.update(narration="Rewritten for version two.")
    second = request_job(project)
    assert (first.version, second.version) == (1, 2)
    first.refresh_from_db()
    assert first.payload["scenes"][0]["story"] == "Our spring collection lands on Friday."
    assert second.payload["scenes"][0]["story"] == "Rewritten for version two."
    assert first.payload["webhookInput"] == {"marker": str(first.marker)}


def test_a_submit_task_delivered_twice_posts_once(sandbox, project):
    job = request_job(project)  # the worker (sync in tests) already ran the task once
    assert render_job_submit_task(job.pk) == "in_progress"
    render_job_submit_task(job.pk)
    assert sandbox_calls("POST", RENDER_PATH) == 1


def test_the_same_click_twice_makes_one_job(sandbox, project):
    token = "5f1c0f5e-6a53-4bd6-9b1e-6c9f4b3bb0f1"
    first = render_job_request(project=project, kind="render", user=project.owner, request_token=token)
    again = render_job_request(project=project, kind="render", user=project.owner, request_token=token)
    assert first.created and not again.created and again.job == first.job
    assert RenderJob.objects.count() == 1 and sandbox_calls("POST", RENDER_PATH) == 1


def test_double_click_on_render_through_the_view_makes_one_job(sandbox, project, client, known_voices):
    client.force_login(project.owner)
    token = "0e8f7a5e-1c2d-4e3f-9a0b-1c2d3e4f5a6b"
    for _ in range(2):
        client.post(reverse("videos:project_render", args=[project.pk]), {"request_token": token},
                    HTTP_HX_REQUEST="true")
    assert RenderJob.objects.filter(kind="render").count() == 1
    assert sandbox_calls("POST", RENDER_PATH) == 1


def test_an_ambiguous_submit_is_reconciled_without_posting_again(sandbox, user):
    project = ProjectFactory(owner=user, title="Teaser __500_after_create__")
    SceneFactory(project=project)
    job = request_job(project)
    job.refresh_from_db()
    assert job.status == "submit_unknown" and not job.pictory_job_id
    render_job_submit(job_id=job.pk)  # a redelivered submit must not send it again
    job = refresh_until(job, "in_progress", "completed")
    assert job.pictory_job_id
    refresh_until(job, "completed")
    assert sandbox_calls("POST", RENDER_PATH) == 1


def test_a_read_timeout_after_sending_is_never_resent(sandbox, settings, user):
    settings.PICTORY_READ_TIMEOUT = 0.5
    settings.PICTORY_SANDBOX_SLOW_SECONDS = 1.5
    project = ProjectFactory(owner=user, title="Slow __slow__")
    SceneFactory(project=project)
    job = request_job(project)
    job.refresh_from_db()
    assert job.status == "submit_unknown"
    assert "connection dropped" in job.progress_message
    time.sleep(1.2)  # let the slow request finish on the sandbox side
    assert sandbox_calls("POST", RENDER_PATH) == 1
    refresh_until(job, "completed")
    assert sandbox_calls("POST", RENDER_PATH) == 1


def test_a_job_pictory_fails_shows_its_reason(sandbox, user):
    project = ProjectFactory(owner=user, voice_speaker="Zorblax")
    SceneFactory(project=project)
    job = refresh_until(request_job(project), "failed")
    assert job.error_code == "TEXT_TO_VIDEO_FAILED" and "Zorblax" in job.error_message


def test_missing_stock_footage_fails_with_advice(sandbox, user, client):
    project = ProjectFactory(owner=user)
    SceneFactory(project=project, visual_kind="search", visual_query="__novisual__ unicorn")
    job = refresh_until(request_job(project), "failed")
    client.force_login(user)
    html = client.get(reverse("videos:job_status", args=[job.pk])).content.decode()
    assert "found no stock footage" in html and "broader stock search" in html


def test_pictory_validation_errors_land_on_the_scene_they_concern(sandbox, project):
    job = RenderJob.objects.create(project=project, kind="render", version=1, endpoint=f"POST {RENDER_PATH}",
                                   payload={"videoName": "x", "aspectRatio": "21:9",
                                            "scenes": [{"story": "ok"}, {"story": "y" * 15001}]})
    render_job_submit(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and job.error_code == "INVALID_REQUEST_BODY"
    placed = {(p.scene_id, p.field) for p in render_job_problems(job=job)}
    second = project.scenes.all()[1]
    assert (second.pk, "narration") in placed and (None, "aspect_ratio") in placed


def test_a_429_storm_defers_every_job_instead_of_hammering_pictory(sandbox, settings, user):
    settings.PICTORY_SANDBOX_REQUESTS_PER_MINUTE = 1
    # A fresh quota reading, so the render clicks spend the one request a minute on renders.
    QuotaSnapshot.objects.create(video_minutes_limit=600, fetched_at=timezone.now())
    projects = []
    for n in range(3):
        project = ProjectFactory(owner=user, title=f"Storm {n}")
        SceneFactory(project=project)
        projects.append(project)
    jobs = [request_job(p) for p in projects]
    for job in jobs:
        job.refresh_from_db()
    assert [j.status for j in jobs] == ["in_progress", "queued", "queued"]
    assert "slow down" in jobs[1].progress_message and jobs[1].next_attempt_at
    assert cache.get(RATE_LIMIT_CACHE_KEY)
    # The third job never reached Pictory: the shared pause held it back.
    assert sandbox_calls("POST", RENDER_PATH) == 2
    render_job_submit(job_id=jobs[1].pk)  # too early: nothing is sent
    assert sandbox_calls("POST", RENDER_PATH) == 2


def test_pictory_down_keeps_the_job_queued_with_a_clear_message(settings, project):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.STUDIO_BASE_URL = f"http://127.0.0.1:{port}"
    settings.PICTORY_CONNECT_TIMEOUT = 0.5
    job = request_job(project)
    job.refresh_from_db()
    assert job.status == "queued" and "could not be reached" in job.progress_message
    assert project.scenes.count() == 2


def test_wrong_credentials_fail_the_job_with_advice_for_the_admin(sandbox, settings, project, client):
    settings.PICTORY_API_KEY = "pictai_wrong_key"
    settings.PICTORY_API_BASE_URL = sandbox.url + "/sandbox/pictoryapis"
    job = request_job(project)
    job.refresh_from_db()
    assert job.status == "failed" and job.error_code == "AUTHENTICATION"
    client.force_login(project.owner)
    html = client.get(reverse("videos:job_status", args=[job.pk])).content.decode()
    assert "refused the studio&#x27;s credentials" in html and "PICTORY_API_KEY" in html
    assert "pictai_wrong_key" not in html


def test_webhook_finishes_the_job_without_polling(sandbox, settings, project):
    settings.PICTORY_WEBHOOK_BASE_URL = sandbox.url
    settings.PICTORY_SANDBOX_BACKGROUND_FINISH = True
    job = request_job(project)
    assert "masked" in job.payload["webhook"]
    deadline = time.monotonic() + 20
    while job.status != "completed" and time.monotonic() < deadline:
        time.sleep(0.2)
        job.refresh_from_db()
    assert job.status == "completed" and job.video_url
    assert sandbox_calls("GET", f"/v1/jobs/{job.pictory_job_id}") == 1
    # The webhook's request may still be finishing its work: let it end before the test does.
    from pictory_studio.sandbox.models import SandboxWebhookDelivery

    while not SandboxWebhookDelivery.objects.filter(job_id=job.pictory_job_id).exists():
        assert time.monotonic() < deadline + 10
        time.sleep(0.1)


def test_a_webhook_with_a_wrong_secret_is_ignored(sandbox, client, project):
    job = request_job(project)
    response = client.post(reverse("videos:pictory_webhook", args=[job.marker, "not-the-secret"]), data="{}",
                           content_type="application/json")
    assert response.status_code == 404
