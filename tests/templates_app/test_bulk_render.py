"""Bulk renders through the sandbox over real HTTP: capped, retried, cancelled, crash-safe, exported."""
import csv
import io
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from pictory_studio.sandbox.models import SandboxJob
from templates_app.models import BatchStatus
from templates_app.selectors import batch_summary
from templates_app.services.batches import batch_apply_mapping, batch_row_update, batch_start_upload
from templates_app.services.dispatch import pooled_dispatch
from templates_app.services.launch import batch_cancel, batch_launch, batch_preview_rows, batch_retry_failed
from templates_app.services.results import results_csv, video_links
from templates_app.services.templates import template_import_file
from tests.helpers import sandbox_calls
from tests.templates_app.conftest import FIXTURES
from videos.models import ACTIVE_STATUSES, JobStatus, RenderJob
from videos.services.job_status import render_job_refresh, render_jobs_sweep

pytestmark = pytest.mark.django_db(transaction=True)
RENDER = "/v2/video/storyboard/render"


@pytest.fixture
def template(sandbox, admin_user):
    return template_import_file(data=(FIXTURES / "welcome-variables.pictai").read_bytes(), user=admin_user)


def make_batch(template, user, csv_text: str):
    batch = batch_start_upload(template=template, user=user, name="Welcome", data=csv_text.encode(),
                               filename="rows.csv")
    batch_apply_mapping(batch=batch, mapping={0: "first_name", 1: "company"})
    return batch


FIVE = (FIXTURES / "five-rows-one-bad.csv").read_text()


def drain(batch, timeout=30.0):
    """Play the worker: send what the cap allows, read statuses, until no row is on its way."""
    deadline = time.monotonic() + timeout
    while RenderJob.objects.filter(batch_row__batch=batch, status__in=ACTIVE_STATUSES).exists():
        assert time.monotonic() < deadline, batch_summary(batch)
        pooled_dispatch()
        for job_id in RenderJob.objects.filter(batch_row__batch=batch, status__in=ACTIVE_STATUSES) \
                .values_list("id", flat=True):
            render_job_refresh(job_id=job_id)
        time.sleep(0.1)


def in_flight(batch):
    return RenderJob.objects.filter(batch_row__batch=batch, status__in=(JobStatus.SUBMITTING,
                                                                         JobStatus.IN_PROGRESS)).count()


def test_launch_renders_every_valid_row_within_the_cap_and_tells_the_launcher_once(template, admin_user, settings):
    settings.BULK_MAX_IN_FLIGHT = 2
    batch = make_batch(template, admin_user, FIVE)
    assert batch_launch(batch=batch, user=admin_user) == 4
    assert in_flight(batch) == 2 and sandbox_calls("POST", RENDER) == 2  # the cap holds the rest back
    drain(batch)
    summary = batch_summary(batch)
    assert summary.states["done"] == 4 and summary.states["invalid"] == 1
    assert sandbox_calls("POST", RENDER) == 4
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FINISHED
    [message] = mail.outbox
    assert message.to == ["admin@studio.test"] and "4 ready, 0 failed" in message.subject
    assert f"/batches/{batch.pk}/" in message.body
    render_jobs_sweep()
    pooled_dispatch()
    assert len(mail.outbox) == 1


def test_variables_reach_the_video(template, admin_user):
    batch = make_batch(template, admin_user, "first_name,company\nAda,Analytical Engines\n")
    batch_launch(batch=batch, user=admin_user)
    drain(batch)
    job = batch.rows.get().render_job
    created = SandboxJob.objects.get(id=job.pictory_job_id)
    assert "Hi Ada, welcome to Analytical Engines!" in str(created.storyboard)
    assert job.video_url.endswith(".mp4")


def test_previews_of_sample_rows_cost_no_render(template, admin_user):
    batch = make_batch(template, admin_user, FIVE)
    rows = list(batch.rows.filter(is_valid=True)[:2])
    batch_preview_rows(batch=batch, row_ids=[row.pk for row in rows], user=admin_user)
    deadline = time.monotonic() + 20
    while RenderJob.objects.filter(batch_row_preview__batch=batch, status__in=ACTIVE_STATUSES).exists():
        assert time.monotonic() < deadline
        for job in RenderJob.objects.filter(batch_row_preview__batch=batch, status=JobStatus.IN_PROGRESS):
            render_job_refresh(job_id=job.pk)
        time.sleep(0.1)
    for row in rows:
        row.refresh_from_db()
        assert row.preview_job.status == "completed" and row.preview_job.preview_url
        assert row.render_job is None
    assert sandbox_calls("POST", RENDER) == 0 and sandbox_calls("POST", "/v2/video/storyboard") == 2


def test_retry_sends_only_the_failed_rows(template, admin_user):
    batch = make_batch(template, admin_user, "first_name,company\nAda,Acme\nBob,__fail__ Corp\nCy,Acme\n")
    batch_launch(batch=batch, user=admin_user)
    drain(batch)
    assert batch_summary(batch).states["failed"] == 1
    failed = batch.rows.get(number=2)
    batch_row_update(row=failed, values={"company": "Fixed Corp"})
    assert batch_retry_failed(batch=batch, user=admin_user) == 1
    drain(batch)
    assert batch_summary(batch).states["done"] == 3
    assert sandbox_calls("POST", RENDER) == 4


def test_cancel_stops_what_was_not_sent(template, admin_user, settings):
    settings.BULK_MAX_IN_FLIGHT = 1
    batch = make_batch(template, admin_user, "first_name,company\nA,X\nB,X\nC,X\nD,X\n")
    batch_launch(batch=batch, user=admin_user)
    assert batch_cancel(batch=batch) == 3
    drain(batch)
    summary = batch_summary(batch)
    assert (summary.states["done"], summary.states["cancelled"]) == (1, 3)
    assert sandbox_calls("POST", RENDER) == 1
    assert len(mail.outbox) == 1 and "Cancelled: 3" in mail.outbox[0].body


def test_a_worker_killed_mid_batch_leaves_every_row_accounted_for_and_none_sent_twice(template, admin_user,
                                                                                      settings):
    from pictory_studio.pictory.factory import client_from_settings
    from videos.services.webhooks import outgoing_body

    settings.BULK_MAX_IN_FLIGHT = 0  # the launch only queues; we play the dying worker by hand
    batch = make_batch(template, admin_user, "first_name,company\n" + "".join(f"P{n},C{n}\n" for n in range(6)))
    batch_launch(batch=batch, user=admin_user)
    jobs = list(RenderJob.objects.filter(batch_row__batch=batch).order_by("id"))
    long_ago = timezone.now() - timedelta(minutes=10)
    client = client_from_settings()
    for job in jobs[:2]:  # claimed and sent, then the worker died before recording the answer
        client.render_storyboard(outgoing_body(job))
        RenderJob.objects.filter(pk=job.pk).update(status=JobStatus.SUBMITTING, submitted_at=long_ago, send_count=1)
    # claimed, then the worker died before sending
    RenderJob.objects.filter(pk=jobs[2].pk).update(status=JobStatus.SUBMITTING, submitted_at=long_ago, send_count=1)

    settings.BULK_MAX_IN_FLIGHT = 10  # the restarted cluster
    render_jobs_sweep()
    drain(batch)

    assert batch_summary(batch).states["done"] == 6
    for job in RenderJob.objects.filter(batch_row__batch=batch):
        assert SandboxJob.objects.filter(webhook_input__marker=str(job.marker)).count() == 1
    assert sandbox_calls("POST", RENDER) == 6


def test_results_export_escapes_formulas_and_lists_links(template, admin_user):
    batch = make_batch(template, admin_user, "first_name,company\n=HYPERLINK(1),-Acme\nBob,@Corp\n")
    batch_launch(batch=batch, user=admin_user)
    drain(batch)
    rows = list(csv.reader(io.StringIO(results_csv(batch).decode("utf-8-sig"))))
    assert rows[0] == ["first_name", "company", "status", "video_url", "share_url", "error"]
    assert rows[1][:3] == ["'=HYPERLINK(1)", "'-Acme", "done"] and rows[1][3].endswith(".mp4")
    assert rows[2][1] == "'@Corp"
    links = video_links(batch).splitlines()
    assert len(links) == 2 and all(link.endswith(".mp4") for link in links)


def test_a_row_a_dead_worker_was_sending_is_taken_back_by_the_next_dispatcher_run(template, admin_user, settings):
    settings.BULK_MAX_IN_FLIGHT = 0
    batch = make_batch(template, admin_user, "first_name,company\nAda,Acme\nBob,Beta\n")
    batch_launch(batch=batch, user=admin_user)
    stuck, waiting = RenderJob.objects.filter(batch_row__batch=batch).order_by("id")
    claimed_at = timezone.now() - timedelta(seconds=settings.STUDIO_CLAIM_TIMEOUT_SECONDS + 1)
    RenderJob.objects.filter(pk=stuck.pk).update(status=JobStatus.SUBMITTING, submitted_at=claimed_at, send_count=1)
    recent = RenderJob.objects.filter(pk=waiting.pk)

    settings.BULK_MAX_IN_FLIGHT = 10
    pooled_dispatch()  # no sweep: the dispatcher itself looks for claims older than the timeout

    stuck.refresh_from_db()
    assert stuck.status in (JobStatus.SUBMIT_UNKNOWN, JobStatus.IN_PROGRESS)
    assert recent.get().status == JobStatus.IN_PROGRESS
    drain(batch)
    assert batch_summary(batch).states["done"] == 2
    assert sandbox_calls("POST", RENDER) == 2  # the stuck row had never reached Pictory: sent once


def test_a_claim_younger_than_the_timeout_is_left_to_its_worker(template, admin_user, settings):
    settings.BULK_MAX_IN_FLIGHT = 0
    batch = make_batch(template, admin_user, "first_name,company\nAda,Acme\n")
    batch_launch(batch=batch, user=admin_user)
    job = RenderJob.objects.get(batch_row__batch=batch)
    RenderJob.objects.filter(pk=job.pk).update(status=JobStatus.SUBMITTING, submitted_at=timezone.now(), send_count=1)
    settings.BULK_MAX_IN_FLIGHT = 10
    pooled_dispatch()
    assert RenderJob.objects.get(pk=job.pk).status == JobStatus.SUBMITTING
    assert sandbox_calls("POST", RENDER) == 0


def test_a_dispatcher_lease_left_by_a_dead_worker_is_taken_over_when_it_lapses(template, admin_user):
    from templates_app.models import DispatchLease

    batch = make_batch(template, admin_user, "first_name,company\nAda,Acme\n")
    from templates_app.services.dispatch import STALLED_AFTER_SECONDS, _lease_seconds

    # Renewed for the last time more than a few seconds ago, lapsing in a second and a half.
    assert _lease_seconds() - 1.5 > STALLED_AFTER_SECONDS
    DispatchLease.objects.update_or_create(name="pooled", defaults={"owner": "4242@gone-machine:dead",
                                                                    "expires_at": time.time() + 1.5})
    batch_launch(batch=batch, user=admin_user)  # its dispatcher run finds the lease taken, and waits
    assert RenderJob.objects.get(batch_row__batch=batch).status == JobStatus.IN_PROGRESS
    assert DispatchLease.objects.get(name="pooled").owner == ""  # released after sending


def test_a_run_that_finds_a_busy_dispatcher_leaves_the_work_to_it(template, admin_user):
    from templates_app.models import DispatchLease
    from templates_app.services.dispatch import _lease_seconds

    batch = make_batch(template, admin_user, "first_name,company\nAda,Acme\n")
    DispatchLease.objects.update_or_create(name="pooled", defaults={"owner": "4242@busy-machine:live",
                                                                    "expires_at": time.time() + _lease_seconds()})
    started = time.monotonic()
    batch_launch(batch=batch, user=admin_user)  # the holder just renewed: it will look for this row itself
    assert time.monotonic() - started < 2
    assert RenderJob.objects.get(batch_row__batch=batch).status == JobStatus.QUEUED


def test_a_row_that_never_reached_pictory_is_sent_again_even_with_many_jobs_since(template, admin_user, settings):
    """Pictory lists jobs newest first, 20 to a page; 70 jobs arrived after the dying worker's
    claim, so finding out that its request never arrived means reading every page back."""
    from pictory_studio.pictory.factory import client_from_settings
    from tests.sandbox.conftest import story_body

    settings.BULK_MAX_IN_FLIGHT = 0
    settings.PICTORY_SANDBOX_BACKGROUND_FINISH = False  # the filler jobs need no video
    batch = make_batch(template, admin_user, "first_name,company\nAda,Acme\n")
    batch_launch(batch=batch, user=admin_user)
    job = RenderJob.objects.get(batch_row__batch=batch)
    claimed_at = timezone.now() - timedelta(seconds=settings.STUDIO_CLAIM_TIMEOUT_SECONDS + 1)
    RenderJob.objects.filter(pk=job.pk).update(status=JobStatus.SUBMITTING, submitted_at=claimed_at, send_count=1)
    client = client_from_settings()
    for n in range(70):
        client.create_storyboard_preview(story_body(videoName=f"another team's video {n}", webhookInput={}))

    settings.BULK_MAX_IN_FLIGHT = 10
    pooled_dispatch()

    job.refresh_from_db()
    assert (job.status, job.send_count) == (JobStatus.IN_PROGRESS, 2)
    assert SandboxJob.objects.filter(webhook_input__marker=str(job.marker)).count() == 1
    assert sandbox_calls("POST", RENDER) == 1


def test_any_status_read_takes_back_a_claim_a_dead_worker_left(template, admin_user, settings):
    settings.BULK_MAX_IN_FLIGHT = 0
    batch = make_batch(template, admin_user, "first_name,company\nAda,Acme\n")
    batch_launch(batch=batch, user=admin_user)
    stuck = RenderJob.objects.get(batch_row__batch=batch)
    claimed_at = timezone.now() - timedelta(seconds=settings.STUDIO_CLAIM_TIMEOUT_SECONDS + 1)
    RenderJob.objects.filter(pk=stuck.pk).update(status=JobStatus.SUBMITTING, submitted_at=claimed_at, send_count=1)
    other = RenderJob.objects.create(kind="render", status=JobStatus.COMPLETED)

    render_job_refresh(job_id=other.pk)  # some other job's status read, in some worker

    assert RenderJob.objects.get(pk=stuck.pk).status != JobStatus.SUBMITTING
