"""What a project's or version's review state allows, and the review state machine.

A project is "in review" while any of its versions is; otherwise it takes the state of its
latest decision. Supersede and withdraw reopen it for work (draft). Who may decide on an open
request, beyond their role, is also settled here (`decide_refusal`).
"""
from django.db.models import Q, QuerySet
from django.utils import timezone

from videos.models import Project, RenderJob, Review, ReviewStatus
from videos.permissions import Action, role_allows

R = ReviewStatus
A = Action

# Review transitions: only open requests move, and only once.
REVIEW_TRANSITIONS: dict[str, set[str]] = {
    R.DRAFT: {R.IN_REVIEW},
    R.IN_REVIEW: {R.APPROVED, R.CHANGES_REQUESTED, R.SUPERSEDED, R.WITHDRAWN},
    R.APPROVED: set(),
    R.CHANGES_REQUESTED: set(),
    R.SUPERSEDED: set(),
    R.WITHDRAWN: set(),
}

_WORK = {A.VIEW, A.EDIT, A.RENDER, A.SEND_FOR_REVIEW, A.COMMENT, A.RESOLVE_COMMENT}
# Project-level: what each state allows (role checks come on top).
STATE_ALLOWS: dict[str, set[str]] = {
    R.DRAFT: _WORK,
    # No re-render while a request is open (withdraw first); another version may supersede it.
    R.IN_REVIEW: {A.VIEW, A.EDIT, A.SEND_FOR_REVIEW, A.WITHDRAW, A.COMMENT, A.RESOLVE_COMMENT, A.DECIDE},
    R.CHANGES_REQUESTED: _WORK,
    R.APPROVED: _WORK,
    R.SUPERSEDED: _WORK,
    R.WITHDRAWN: _WORK,
}
STATE_FREE = {A.RUN_BATCHES, A.REVIEW_BATCHES, A.MANAGE_TEMPLATES, A.MANAGE_PEOPLE}


def review_move(*, review_id: int, source: str, target: str, **fields) -> bool:
    if target not in REVIEW_TRANSITIONS[source]:
        raise ValueError(f"{source} -> {target}")
    return bool(Review.objects.filter(pk=review_id, status=source).update(
        status=target, closed_at=timezone.now(), **fields))


def project_review_state(project: Project, reviews: list[Review] | None = None) -> str:
    reviews = reviews if reviews is not None else list(project.reviews.order_by("-created_at", "-id"))
    if any(r.status == R.IN_REVIEW for r in reviews):
        return R.IN_REVIEW
    for review in reviews:
        if review.status in (R.APPROVED, R.CHANGES_REQUESTED):
            return review.status
    return R.DRAFT


def version_review_state(job: RenderJob, reviews: list[Review] | None = None) -> str:
    """The state of one version: its latest review's, or draft."""
    reviews = reviews if reviews is not None else list(job.reviews.order_by("-created_at", "-id")[:1])
    mine = [r for r in reviews if r.job_id == job.pk]
    return mine[0].status if mine else R.DRAFT


def state_allows(action: str, *, project: Project | None = None, job: RenderJob | None = None,
                 reviews: list[Review] | None = None) -> bool:
    """Whether the project's (and the version's) state permits `action` right now."""
    if action in STATE_FREE or project is None:
        return True
    if action not in STATE_ALLOWS[project_review_state(project, reviews)]:
        return False
    if job is None:
        return action not in (A.SEND_FOR_REVIEW, A.DECIDE, A.WITHDRAW)
    version = version_review_state(job, reviews)
    if action == A.SEND_FOR_REVIEW:
        return job.status == "completed" and job.kind == "render" and version not in (R.IN_REVIEW, R.APPROVED)
    if action in (A.DECIDE, A.WITHDRAW):
        return version == R.IN_REVIEW
    return True


AUTHOR_MAY_NOT_DECIDE = "You made this version, so someone else decides on it."
NAMED_REVIEWERS_ONLY = "Only the named reviewers decide on this version."


def decide_refusal(*, user, job: RenderJob, review: Review | None, named: list | None = None) -> str:
    """Why this person may not decide on the version's open request, or "" when they may.

    Role and state are checked apart (permissions, `state_allows`). On top of them: whoever made
    the version never decides on it, whatever their roles; when the request names reviewers, only
    they decide (admins too, as long as they did not make the version).
    """
    if job.created_by_id is not None and job.created_by_id == user.pk:
        return AUTHOR_MAY_NOT_DECIDE
    if review is None:
        return ""
    named = named if named is not None else list(review.reviewers.all())
    if named and user.pk not in {person.pk for person in named} and not role_allows(user, A.MANAGE_PEOPLE):
        return NAMED_REVIEWERS_ONLY
    return ""


def reviews_waiting_for(*, user) -> QuerySet[Review]:
    """Open requests this person may decide on and has not yet, oldest first."""
    mine = Q(reviewers=user) | Q(reviewers__isnull=True) if role_allows(user, A.DECIDE) else Q(reviewers=user)
    return (Review.objects.filter(status=R.IN_REVIEW).filter(mine)
            .exclude(job__created_by=user).exclude(decisions__reviewer=user)
            .select_related("job", "project", "requested_by").distinct().order_by("created_at"))
