"""The review workflow: send, supersede, withdraw, decide; comments at a timecode; version diff;
one email per event to the person it concerns."""
import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import ProjectFactory, UserFactory
from videos.models import Activity, Comment, RenderJob, ReviewStatus
from videos.services.diff import scenes_diff, settings_diff
from videos.services.notifications import notification_settings_save
from videos.services.reviews import ReviewError, comment_add, review_decide, review_send, review_withdraw

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(db):
    editor = UserFactory(username="eddie", roles=["Editor"])
    reviewer = UserFactory(username="rita", roles=["Reviewer"])
    second = UserFactory(username="ravi", roles=["Reviewer"])
    return editor, reviewer, second


def version(project, number, **fields):
    return RenderJob.objects.create(project=project, kind="render", version=number, status="completed",
                                    video_url=f"http://cdn.test/v{number}.mp4", duration_seconds=30,
                                    created_by=project.owner, **fields)


def test_send_then_approve_marks_the_version_final(team):
    editor, reviewer, _ = team
    project = ProjectFactory(owner=editor)
    v1 = version(project, 1)
    review = review_send(job=v1, user=editor, reviewers=[reviewer], message="First cut")
    assert review.status == ReviewStatus.IN_REVIEW
    review = review_decide(job=v1, user=reviewer, decision="approve")
    project.refresh_from_db()
    assert review.status == ReviewStatus.APPROVED and project.final_job == v1
    verbs = list(Activity.objects.filter(project=project).values_list("verb", flat=True))
    assert verbs == ["approved", "sent_for_review"]


def test_requesting_changes_needs_a_note(team):
    editor, reviewer, _ = team
    v1 = version(ProjectFactory(owner=editor), 1)
    review_send(job=v1, user=editor)
    with pytest.raises(ReviewError, match="needs a note"):
        review_decide(job=v1, user=reviewer, decision="request_changes", note="  ")
    review = review_decide(job=v1, user=reviewer, decision="request_changes", note="Logo too small")
    assert review.status == ReviewStatus.CHANGES_REQUESTED


def test_a_new_request_supersedes_the_open_one(team):
    editor, reviewer, _ = team
    project = ProjectFactory(owner=editor)
    v1, v2 = version(project, 1), version(project, 2)
    first = review_send(job=v1, user=editor)
    review_send(job=v2, user=editor)
    first.refresh_from_db()
    assert first.status == ReviewStatus.SUPERSEDED
    with pytest.raises(ReviewError):
        review_decide(job=v1, user=reviewer, decision="approve")


def test_withdraw_reopens_rendering(team, client, known_voices):
    editor, _, _ = team
    project = ProjectFactory(owner=editor)
    v1 = version(project, 1)
    review_send(job=v1, user=editor)
    client.force_login(editor)
    assert client.post(reverse("videos:project_render", args=[project.pk])).status_code == 403
    review_withdraw(job=v1, user=editor)
    assert v1.reviews.get().status == ReviewStatus.WITHDRAWN
    assert client.post(reverse("videos:project_render", args=[project.pk])).status_code == 200


def test_a_project_setting_can_require_every_named_reviewer(team):
    editor, reviewer, second = team
    project = ProjectFactory(owner=editor, require_all_reviewers=True)
    v1 = version(project, 1)
    review_send(job=v1, user=editor, reviewers=[reviewer, second])
    assert review_decide(job=v1, user=reviewer, decision="approve").status == ReviewStatus.IN_REVIEW
    assert review_decide(job=v1, user=second, decision="approve").status == ReviewStatus.APPROVED


def test_comment_timecodes_round_trip_to_the_player(team, client):
    editor, reviewer, _ = team
    v1 = version(ProjectFactory(owner=editor), 1)
    client.force_login(reviewer)
    response = client.post(reverse("videos:comment_add", args=[v1.pk]),
                           {"body": "Logo clips here", "at_time": "1", "timecode": "12.34"}, HTTP_HX_REQUEST="true")
    comment = Comment.objects.get()
    assert comment.timecode == pytest.approx(12.34)
    html = response.content.decode()
    assert 'data-seek="12.34"' in html and ">0:12<" in html and "Logo clips here" in html
    page = client.get(reverse("videos:version_review", args=[v1.pk])).content.decode()
    assert 'data-seek="12.34"' in page and 'id="review-player"' in page


def test_a_comment_without_time_and_a_reply(team):
    editor, reviewer, _ = team
    v1 = version(ProjectFactory(owner=editor), 1)
    first = comment_add(job=v1, user=reviewer, body="General: too fast")
    reply = comment_add(job=v1, user=editor, body="Slowed it down", parent=first, timecode=3)
    assert first.timecode is None and reply.parent == first and reply.timecode is None
    with pytest.raises(ReviewError, match="outside the video"):
        comment_add(job=v1, user=reviewer, body="?", timecode=99)


def test_scene_diff_shows_added_removed_and_edited_scenes():
    old = {"aspectRatio": "16:9", "scenes": [
        {"story": "Intro.", "background": {"color": "#111111"}},
        {"story": "Old middle.", "background": {"color": "#222222"}},
        {"story": "Outro.", "background": {"color": "#333333"}},
    ]}
    new = {"aspectRatio": "9:16", "scenes": [
        {"story": "Intro, reworded.", "background": {"color": "#111111"}},
        {"story": "Outro.", "background": {"color": "#333333"}},
        {"story": "A new closing line.", "background": {"searchFilter": {"query": "sunset"}}},
    ]}
    kinds = [(c.kind, (c.old or {}).get("story"), (c.new or {}).get("story"), c.changes)
             for c in scenes_diff(old, new)]
    assert kinds == [
        ("edited", "Intro.", "Intro, reworded.", ["text"]),
        ("removed", "Old middle.", None, []),
        ("same", "Outro.", "Outro.", []),
        ("added", None, "A new closing line.", []),
    ]
    assert settings_diff(old, new) == [("Aspect ratio", "16:9", "9:16")]


def test_compare_page_shows_two_players_and_the_diff(team, client):
    editor, _, _ = team
    project = ProjectFactory(owner=editor)
    a = version(project, 1, storyboard={"scenes": [{"story": "Hello."}]})
    b = version(project, 2, storyboard={"scenes": [{"story": "Hello."}, {"story": "New scene."}]})
    client.force_login(editor)
    html = client.get(reverse("videos:project_compare", args=[project.pk]) + f"?a={a.pk}&b={b.pk}").content.decode()
    assert html.count('<video class="player"') == 2 and "Added" in html and "New scene." in html


def test_each_event_sends_one_email_to_the_person_it_concerns(team):
    editor, reviewer, second = team
    v1 = version(ProjectFactory(owner=editor), 1)
    review_send(job=v1, user=editor, reviewers=[reviewer])
    assert [m.to for m in mail.outbox] == [[reviewer.email]]
    assert f"/versions/{v1.pk}/review/" in mail.outbox[0].body
    review_decide(job=v1, user=reviewer, decision="request_changes", note="Louder music")
    assert [m.to for m in mail.outbox][1:] == [[editor.email]] and "Louder music" in mail.outbox[1].body


def test_a_muted_kind_is_not_sent(team):
    editor, reviewer, _ = team
    notification_settings_save(user=reviewer, enabled=set())
    review_send(job=version(ProjectFactory(owner=editor), 1), user=editor, reviewers=[reviewer])
    assert mail.outbox == []


def test_settings_page_turns_kinds_off(team, client):
    _, reviewer, _ = team
    client.force_login(reviewer)
    client.post(reverse("videos:notification_settings"), {"kinds": ["render_done", "batch_finished"]})
    page = client.get(reverse("videos:notification_settings")).content.decode()
    assert 'value="review_requested">' in page and 'value="render_done" checked' in page


def test_queue_lists_what_waits_for_me(team, client):
    editor, reviewer, second = team
    project = ProjectFactory(owner=editor, title="Launch teaser")
    review_send(job=version(project, 1), user=editor, reviewers=[reviewer])
    client.force_login(reviewer)
    assert "Launch teaser" in client.get(reverse("videos:review_queue")).content.decode()
    client.force_login(second)
    assert "Nothing is waiting for you" in client.get(reverse("videos:review_queue")).content.decode()


def test_render_finished_mails_its_editor_once(team):
    from videos.services.transitions import move

    editor, _, _ = team
    project = ProjectFactory(owner=editor)
    job = RenderJob.objects.create(project=project, kind="render", version=1, status="in_progress", created_by=editor)
    assert move(job_id=job.pk, source="in_progress", target="completed")
    assert not move(job_id=job.pk, source="in_progress", target="completed")
    assert [m.to for m in mail.outbox] == [[editor.email]] and "is ready" in mail.outbox[0].subject
    assert Activity.objects.filter(project=project, verb="render_finished").count() == 1


@pytest.mark.parametrize("roles", [["Admin"], ["Editor", "Reviewer"]], ids=["admin", "editor+reviewer"])
def test_whoever_made_a_version_cannot_decide_on_it(roles):
    author = UserFactory(username="auth", roles=roles)
    v1 = version(ProjectFactory(owner=author), 1)
    review_send(job=v1, user=author)
    with pytest.raises(ReviewError, match="You made this version"):
        review_decide(job=v1, user=author, decision="approve")
    assert v1.reviews.get().status == ReviewStatus.IN_REVIEW


def test_the_author_is_not_offered_as_reviewer_nor_asked_in_the_queue(client):
    author = UserFactory(username="auth", roles=["Editor", "Reviewer"])
    UserFactory(username="rita", roles=["Reviewer"])
    project = ProjectFactory(owner=author, title="Own cut")
    v1 = version(project, 1)
    client.force_login(author)
    page = client.get(reverse("videos:version_review", args=[v1.pk])).content.decode()
    assert 'name="reviewers"' in page and "> rita</label>" in page and "> auth</label>" not in page
    client.post(reverse("videos:version_send_for_review", args=[v1.pk]), {"reviewers": [author.pk]})
    assert list(v1.reviews.get().reviewers.all()) == []
    assert mail.outbox and all(m.to != [author.email] for m in mail.outbox)
    queue = client.get(reverse("videos:review_queue")).content.decode()
    assert "Nothing is waiting for you" in queue


@pytest.mark.parametrize("parent", ["abc", "999999999999999999999", "-1", "1.5", "²"])
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_a_reply_to_a_comment_that_is_not_there_is_answered_with_a_message(team, client, parent, htmx):
    editor, reviewer, _ = team
    v1 = version(ProjectFactory(owner=editor), 1)
    client.force_login(reviewer)
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.post(reverse("videos:comment_add", args=[v1.pk]), {"body": "Agreed", "parent": parent},
                           follow=not htmx, **extra)
    assert response.status_code == 200
    assert "The comment you replied to is not on this version any more." in response.content.decode()
    assert not Comment.objects.exists()


def test_a_reply_to_a_comment_on_another_version_is_refused(team, client):
    editor, reviewer, _ = team
    project = ProjectFactory(owner=editor)
    v1, v2 = version(project, 1), version(project, 2)
    elsewhere = comment_add(job=v2, user=editor, body="On version 2")
    client.force_login(reviewer)
    response = client.post(reverse("videos:comment_add", args=[v1.pk]),
                           {"body": "Agreed", "parent": str(elsewhere.pk)}, follow=True)
    assert "The comment you replied to is not on this version any more." in response.content.decode()
    assert Comment.objects.count() == 1


def test_a_reply_lands_under_its_comment(team, client):
    editor, reviewer, _ = team
    v1 = version(ProjectFactory(owner=editor), 1)
    first = comment_add(job=v1, user=editor, body="Too fast?")
    client.force_login(reviewer)
    client.post(reverse("videos:comment_add", args=[v1.pk]), {"body": "A bit", "parent": str(first.pk)})
    assert Comment.objects.get(body="A bit").parent == first
