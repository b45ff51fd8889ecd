"""Emails built from what people typed: subjects stay one line (no header injection), and a mail
that cannot be sent never undoes or hides the action behind it."""
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from templates_app.models import Batch, BatchStatus, VideoTemplate
from templates_app.services.dispatch import batch_check_finished
from tests.factories import ProjectFactory, UserFactory
from videos.models import RenderJob, Review, ReviewStatus
from videos.services.notifications import notify, subject_line
from videos.services.transitions import move

pytestmark = pytest.mark.django_db

HOSTILE = "Launch\nBcc: x@evil.example"


class RefusingBackend(BaseEmailBackend):
    """A mail server that drops the connection."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def team(db):
    return UserFactory(username="eddie", roles=["Editor"]), UserFactory(username="rita", roles=["Reviewer"])


def finished_version(project, editor):
    return RenderJob.objects.create(project=project, kind="render", version=1, status="completed",
                                    video_url="http://cdn.test/v1.mp4", duration_seconds=30, created_by=editor)


def assert_one_line_to(message, address):
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.recipients() == [address]
    headers = message.message()
    assert headers["Bcc"] is None and headers["Cc"] is None
    assert "Launch Bcc: x@evil.example" in message.subject


def test_review_request_and_decision_mail_one_line_subjects_and_the_review_is_saved(team, client):
    editor, reviewer = team
    project = ProjectFactory(owner=editor, title=HOSTILE)
    job = finished_version(project, editor)

    client.force_login(editor)
    response = client.post(reverse("videos:version_send_for_review", args=[job.pk]), {"reviewers": [reviewer.pk]})
    assert response.status_code == 302
    assert Review.objects.get(job=job).status == ReviewStatus.IN_REVIEW
    [request_mail] = mail.outbox
    assert_one_line_to(request_mail, reviewer.email)

    client.force_login(reviewer)
    response = client.post(reverse("videos:version_decide", args=[job.pk]), {"decision": "approve"})
    assert response.status_code == 302
    assert Review.objects.get(job=job).status == ReviewStatus.APPROVED
    assert_one_line_to(mail.outbox[1], editor.email)


def test_render_finished_mails_a_one_line_subject(team):
    editor, _ = team
    project = ProjectFactory(owner=editor, title=HOSTILE)
    job = RenderJob.objects.create(project=project, kind="render", version=1, status="in_progress", created_by=editor)
    assert move(job_id=job.pk, source="in_progress", target="completed")
    [message] = mail.outbox
    assert_one_line_to(message, editor.email)
    assert message.subject.endswith("is ready")


def test_batch_finished_mails_a_one_line_subject(team):
    editor, _ = team
    template = VideoTemplate.objects.create(pictory_template_id="t1", name="Welcome", scenes=[], variables={})
    batch = Batch.objects.create(template=template, name=HOSTILE, created_by=editor, launched_by=editor,
                                 status=BatchStatus.LAUNCHED)
    assert batch_check_finished(batch_id=batch.pk)
    [message] = mail.outbox
    assert_one_line_to(message, editor.email)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FINISHED and batch.notified_at is not None


def test_a_mail_server_fault_does_not_undo_or_hide_the_review(team, client, settings):
    settings.EMAIL_BACKEND = "tests.videos.test_notifications_headers.RefusingBackend"
    editor, reviewer = team
    job = finished_version(ProjectFactory(owner=editor, title="Spring"), editor)
    client.force_login(editor)
    response = client.post(reverse("videos:version_send_for_review", args=[job.pk]), {"reviewers": [reviewer.pk]},
                           follow=True)
    assert response.status_code == 200 and "was sent to rita for review" in response.content.decode()
    client.force_login(reviewer)
    response = client.post(reverse("videos:version_decide", args=[job.pk]),
                           {"decision": "request_changes", "note": "Louder"}, follow=True)
    assert response.status_code == 200
    assert Review.objects.get(job=job).status == ReviewStatus.CHANGES_REQUESTED


def test_a_stored_address_that_is_not_valid_is_skipped(team):
    editor, _ = team
    editor.email = "eddie@studio.test\nBcc: x@evil.example"
    editor.save()
    assert notify(user=editor, kind="render_done", subject="Hi", lines=["x"], path="/") is False
    assert mail.outbox == []


def test_subject_line_flattens_every_kind_of_line_break():
    assert subject_line("a\r\nb\tc\x0bd\x1ce\u2028f\x85g\x00h  i") == "a b c d e f g h i"
    assert len(subject_line("x" * 500)) == 200
