"""Every role × every action × every relevant review state, through the views (plain and htmx).

The expectations are written out by hand below, independently of the code's maps: a denial is
a 403, anything else means the action was allowed through.
"""
import itertools

import pytest
from django.urls import reverse

from templates_app.models import Batch, VideoTemplate
from tests.factories import ProjectFactory, UserFactory
from videos.models import Comment, RenderJob, Review, ReviewStatus
from videos.permissions import ROLE_ACTIONS, Action
from videos.services.review_policy import REVIEW_TRANSITIONS, STATE_ALLOWS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("known_voices")]

ROLES = ["Admin", "Editor", "Reviewer", None]
PROJECT_ACTIONS = ["view", "edit", "render", "send_for_review", "withdraw", "comment", "decide", "resolve_comment"]
STATE_FREE_ACTIONS = ["run_batches", "review_batches", "manage_templates", "manage_people", "manage_brands",
                      "manage_media", "manage_voices", "manage_account"]
STATES = ["draft", "in_review", "changes_requested", "approved"]

ROLE_MAY = {
    "Admin": set(PROJECT_ACTIONS) | set(STATE_FREE_ACTIONS),
    "Editor": {"view", "edit", "render", "send_for_review", "withdraw", "comment", "resolve_comment", "run_batches",
               "manage_media"},
    "Reviewer": {"view", "comment", "decide", "resolve_comment", "review_batches"},
    None: set(),
}
STATE_MAY = {  # for version 1, the version under review
    "draft": {"view", "edit", "render", "send_for_review", "comment", "resolve_comment"},
    "in_review": {"view", "edit", "withdraw", "comment", "decide", "resolve_comment"},
    "changes_requested": {"view", "edit", "render", "send_for_review", "comment", "resolve_comment"},
    "approved": {"view", "edit", "render", "comment", "resolve_comment"},
}


def world(role, state):
    """A project with a finished version 1 in `state`, a comment on it, and a person with `role`."""
    requester = UserFactory(username="requester")
    person = UserFactory(username="person", roles=[role] if role else [])
    project = ProjectFactory(owner=requester, title="Matrix")  # no scenes: render stops before Pictory
    job = RenderJob.objects.create(project=project, kind="render", version=1, status="completed",
                                   video_url="http://cdn.test/v1.mp4", duration_seconds=20,
                                   storyboard={"scenes": [{"story": "One."}]})
    if state != "draft":
        Review.objects.create(job=job, project=project, requested_by=requester, status=state)
    comment = Comment.objects.create(job=job, author=requester, body="Look at 0:05", timecode=5)
    return person, project, job, comment


def attempt(client, action, project, job, comment, htmx):
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    if action == "view":
        return client.get(project.get_absolute_url(), **extra)
    if action == "edit":
        return client.post(reverse("videos:scene_add", args=[project.pk]), **extra)
    if action == "render":
        return client.post(reverse("videos:project_render", args=[project.pk]), **extra)
    if action == "send_for_review":
        return client.post(reverse("videos:version_send_for_review", args=[job.pk]), **extra)
    if action == "withdraw":
        return client.post(reverse("videos:version_withdraw", args=[job.pk]), **extra)
    if action == "comment":
        return client.post(reverse("videos:comment_add", args=[job.pk]), {"body": "Nice"}, **extra)
    if action == "decide":
        return client.post(reverse("videos:version_decide", args=[job.pk]), {"decision": "approve"}, **extra)
    if action == "resolve_comment":
        return client.post(reverse("videos:comment_resolve", args=[comment.pk]), **extra)
    if action == "run_batches":
        return client.get(reverse("templates_app:batch_new"), **extra)
    if action == "review_batches":
        template = VideoTemplate.objects.create(pictory_template_id="t", name="T", scenes=[], variables={})
        batch = Batch.objects.create(template=template, name="B", created_by=project.owner)
        return client.get(reverse("templates_app:batch_review", args=[batch.pk]), **extra)
    if action == "manage_templates":
        return client.post(reverse("templates_app:template_delete", args=[999_999]), **extra)
    if action == "manage_people":
        return client.get(reverse("videos:people"), **extra)
    if action == "manage_brands":
        return client.get(reverse("videos:brand_create"), **extra)
    if action == "manage_media":
        return client.post(reverse("videos:media_upload_start"), {"name": "", "size": "0"}, **extra)
    if action == "manage_voices":
        return client.post(reverse("videos:voice_add"), {"name": ""}, **extra)
    if action == "manage_account":
        return client.get(reverse("videos:account"), **extra)
    raise AssertionError(action)


CASES = [(r, a, s) for r, a, s in itertools.product(ROLES, PROJECT_ACTIONS, STATES)]
CASES += [(r, a, "any") for r, a in itertools.product(ROLES, STATE_FREE_ACTIONS)]


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize(("role", "action", "state"), CASES, ids=[f"{r}-{a}-{s}" for r, a, s in CASES])
def test_role_action_state(client, role, action, state, htmx):
    person, project, job, comment = world(role, "draft" if state == "any" else state)
    client.force_login(person)
    allowed = action in ROLE_MAY[role] and (state == "any" or action in STATE_MAY[state])
    response = attempt(client, action, project, job, comment, htmx)
    assert (response.status_code != 403) == allowed, (response.status_code, response.content[:300])


def test_the_matrix_covers_every_action_and_status():
    assert set(PROJECT_ACTIONS) | set(STATE_FREE_ACTIONS) == set(Action.values)
    assert set(ROLE_MAY) - {None} == set(ROLE_ACTIONS)
    for status in ReviewStatus.values:
        assert status in REVIEW_TRANSITIONS and status in STATE_ALLOWS
    assert set(STATES) | {"superseded", "withdrawn"} == set(ReviewStatus.values) - {"draft"} | {"draft"}


def test_anonymous_visitors_are_sent_to_sign_in(client, user):
    project = ProjectFactory(owner=user)
    for url in [project.get_absolute_url(), reverse("videos:review_queue"), reverse("videos:people")]:
        assert client.get(url)["Location"].startswith(reverse("login"))


def test_a_refusal_says_why_in_words(client, known_voices):
    person, project, job, _ = world("Reviewer", "draft")
    client.force_login(person)
    response = client.post(reverse("videos:project_render", args=[project.pk]))
    assert response.status_code == 403
    assert "Your role does not allow you to preview and render." in response.content.decode()


def test_someone_without_a_role_is_told_to_ask_an_admin(client, known_voices):
    person, project, _, _ = world(None, "draft")
    client.force_login(person)
    response = client.get(project.get_absolute_url())
    assert response.status_code == 403 and "Ask an admin to make you an Editor" in response.content.decode()


# Who may decide on an open request, beyond role and state: (roles, made the version, named reviewers)
# -> allowed. "me" stands for the person trying; "other" for another reviewer.
DECIDERS = {
    "admin-author": (["Admin"], True, [], False),
    "admin-author-named": (["Admin"], True, ["me"], False),
    "editor+reviewer-author": (["Editor", "Reviewer"], True, [], False),
    "editor+reviewer-author-named": (["Editor", "Reviewer"], True, ["me", "other"], False),
    "reviewer-not-named": (["Reviewer"], False, ["other"], False),
    "reviewer-named": (["Reviewer"], False, ["me", "other"], True),
    "reviewer-nobody-named": (["Reviewer"], False, [], True),
    "admin-not-named": (["Admin"], False, ["other"], True),
}


@pytest.mark.parametrize("case", list(DECIDERS))
def test_who_decides_on_an_open_request(client, case):
    roles, made_it, named, allowed = DECIDERS[case]
    person = UserFactory(username="person", roles=roles)
    other = UserFactory(username="other", roles=["Reviewer"])
    requester = UserFactory(username="requester")
    project = ProjectFactory(owner=requester, title="Matrix")
    job = RenderJob.objects.create(project=project, kind="render", version=1, status="completed",
                                   video_url="http://cdn.test/v1.mp4", duration_seconds=20,
                                   created_by=person if made_it else requester)
    review = Review.objects.create(job=job, project=project, requested_by=requester, status="in_review")
    review.reviewers.set([{"me": person, "other": other}[name] for name in named])
    client.force_login(person)

    page = client.get(reverse("videos:version_review", args=[job.pk])).content.decode()
    assert ('value="approve"' in page) == allowed
    response = client.post(reverse("videos:version_decide", args=[job.pk]), {"decision": "approve"})
    assert (response.status_code != 403) == allowed, (response.status_code, response.content[:300])
    review.refresh_from_db()
    assert (review.decisions.filter(reviewer=person).exists()) == allowed
    if made_it:
        assert "You made this version, so someone else decides on it." in page
        assert "You made this version, so someone else decides on it." in response.content.decode()
    elif not allowed:
        assert "Only the named reviewers decide on this version." in page
