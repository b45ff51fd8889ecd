"""Reviewing a batch: sample, contact sheet, send a row back, approve all except flagged."""
import pytest
from django.core import mail
from django.urls import reverse

from templates_app.models import RowReview
from templates_app.services.batch_review import (
    BatchReviewError,
    batch_approve_rest,
    batch_review_sample,
    row_flag,
)
from templates_app.services.batches import batch_start_grid
from tests.factories import UserFactory
from videos.models import RenderJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished_batch(welcome_template, user):
    batch = batch_start_grid(template=welcome_template, user=user, name="Wave", rows=6)
    for row in batch.rows.all():
        row.values = {"first_name": f"P{row.number}", "company": "Acme"}
        row.is_valid = True
        row.render_job = RenderJob.objects.create(kind="template_render", status="completed", pooled=True,
                                                  video_url=f"http://cdn.test/{row.number}.mp4",
                                                  thumbnail_url=f"http://cdn.test/{row.number}.jpg",
                                                  duration_seconds=8)
        row.save()
    return batch


@pytest.fixture
def reviewer(db):
    return UserFactory(username="rita", roles=["Reviewer"])


def test_a_random_sample_is_drawn_from_finished_videos(finished_batch):
    sample = batch_review_sample(batch=finished_batch, size=3, seed=7)
    assert len(sample) == 3 and len({row.pk for row in sample}) == 3
    assert batch_review_sample(batch=finished_batch, size=3, seed=7) == sample
    assert len(batch_review_sample(batch=finished_batch, size=50)) == 6


def test_sending_a_row_back_needs_a_note_and_tells_its_editor(finished_batch, reviewer, user):
    row = finished_batch.rows.get(number=2)
    with pytest.raises(BatchReviewError):
        row_flag(row=row, user=reviewer, note=" ")
    row_flag(row=row, user=reviewer, note="Name is misspelled")
    row.refresh_from_db()
    assert row.review_state == RowReview.FLAGGED and row.review_note == "Name is misspelled"
    [message] = mail.outbox
    assert message.to == [user.email] and "Name is misspelled" in message.body and f"#row-{row.pk}" in message.body


def test_approve_all_except_flagged(finished_batch, reviewer):
    row_flag(row=finished_batch.rows.get(number=4), user=reviewer, note="Wrong logo")
    assert batch_approve_rest(batch=finished_batch, user=reviewer) == 5
    states = dict(finished_batch.rows.values_list("number", "review_state"))
    assert states[4] == RowReview.FLAGGED and [states[n] for n in (1, 2, 3, 5, 6)] == [RowReview.APPROVED] * 5


def test_a_fixed_and_rerun_row_goes_back_to_the_reviewer(finished_batch, reviewer, user, settings):
    from templates_app.services.launch import batch_row_rerun

    settings.BULK_MAX_IN_FLIGHT = 0  # queue only
    row = finished_batch.rows.get(number=1)
    row_flag(row=row, user=reviewer, note="Typo")
    batch_row_rerun(row=row, user=user)
    row.refresh_from_db()
    assert row.review_state == RowReview.PENDING and row.render_job.status == "queued"


def test_contact_sheet_shows_every_finished_video(finished_batch, reviewer, client):
    client.force_login(reviewer)
    page = client.get(reverse("templates_app:batch_review", args=[finished_batch.pk]) + "?sample=2").content
    html = page.decode()
    assert html.count('class="sheet-item') == 6 and html.count('<video class="player"') == 2
    assert "http://cdn.test/3.jpg" in html
    assert "6 finished videos" in html and "6 not reviewed" in html


def test_editors_see_sent_back_rows_in_their_grid(finished_batch, reviewer, client, user):
    row_flag(row=finished_batch.rows.get(number=3), user=reviewer, note="Say hello first")
    client.force_login(user)
    html = client.get(finished_batch.get_absolute_url()).content.decode()
    assert "Sent back" in html and "Say hello first" in html
