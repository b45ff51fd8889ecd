"""The review workflow: send a version for review, withdraw, comment, decide.

State rules and who may decide are in review_policy; role rules in permissions. These functions
assume roles and state were checked by the caller, refuse a decision the policy forbids, and keep
the data consistent (one open request per project version,
decisions counted once per reviewer, the approved version recorded as final).
"""
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from videos.models import (
    ActivityVerb,
    Comment,
    Decision,
    NotificationKind,
    RenderJob,
    Review,
    ReviewDecision,
    ReviewStatus,
    Role,
)
from videos.services.activity import activity_log
from videos.services.notifications import notify
from videos.services.review_policy import decide_refusal, review_move

R = ReviewStatus


class ReviewError(ValueError):
    """The action cannot be taken; the message says why and what to do."""


def review_path(job: RenderJob) -> str:
    return reverse("videos:version_review", args=[job.pk])


def _reviewers_to_notify(review: Review):
    named = list(review.reviewers.all())
    if named:
        return named
    return list(get_user_model().objects.filter(groups__name=Role.REVIEWER, is_active=True).distinct())


def review_send(*, job: RenderJob, user, reviewers=(), message: str = "") -> Review:
    """Ask for a review of one version; an open request on another version is superseded."""
    project = job.project
    with transaction.atomic():
        for open_review in project.reviews.filter(status=R.IN_REVIEW).exclude(job=job):
            review_move(review_id=open_review.pk, source=R.IN_REVIEW, target=R.SUPERSEDED)
        review = Review.objects.create(job=job, project=project, requested_by=user, message=message.strip(),
                                       require_all=project.require_all_reviewers)
        review.reviewers.set(reviewers)
        activity_log(project=project, verb=ActivityVerb.SENT_FOR_REVIEW, actor=user, job=job,
                     detail=message.strip())
    for reviewer in _reviewers_to_notify(review):
        if reviewer.pk not in (user.pk, job.created_by_id):  # the author does not decide on it
            notify(user=reviewer, kind=NotificationKind.REVIEW_REQUESTED,
                   subject=f"Review requested: {project.title} · {job.label}",
                   lines=[f"{user.get_username()} asks you to review {job.label} of “{project.title}”.",
                          *([f"“{review.message}”"] if review.message else [])],
                   path=review_path(job))
    return review


def open_review(job: RenderJob) -> Review | None:
    return job.reviews.filter(status=R.IN_REVIEW).first()


def review_withdraw(*, job: RenderJob, user) -> None:
    review = open_review(job)
    if review is None or not review_move(review_id=review.pk, source=R.IN_REVIEW, target=R.WITHDRAWN):
        raise ReviewError("There is no open review request on this version.")
    activity_log(project=job.project, verb=ActivityVerb.WITHDRAWN, actor=user, job=job)


def review_decide(*, job: RenderJob, user, decision: str, note: str = "") -> Review:
    """Record one reviewer's decision; close the request when it is settled."""
    note = note.strip()
    if decision == Decision.REQUEST_CHANGES and not note:
        raise ReviewError("Say what should change: the editor needs a note to act on.")
    review = open_review(job)
    if review is None:
        raise ReviewError("This version is not waiting for a review.")
    named = list(review.reviewers.all())
    refusal = decide_refusal(user=user, job=job, review=review, named=named)
    if refusal:
        raise ReviewError(refusal)
    with transaction.atomic():
        ReviewDecision.objects.update_or_create(review=review, reviewer=user,
                                                defaults={"decision": decision, "note": note})
        if decision == Decision.REQUEST_CHANGES:
            settled = review_move(review_id=review.pk, source=R.IN_REVIEW, target=R.CHANGES_REQUESTED)
            verb = ActivityVerb.CHANGES_REQUESTED
        else:
            approvers = set(review.decisions.filter(decision=Decision.APPROVE).values_list("reviewer_id", flat=True))
            everyone = not review.require_all or not named or {r.pk for r in named} <= approvers
            settled = everyone and review_move(review_id=review.pk, source=R.IN_REVIEW, target=R.APPROVED)
            if settled:
                job.project.final_job = job
                job.project.save(update_fields=["final_job"])
            verb = ActivityVerb.APPROVED
        activity_log(project=job.project, verb=verb, actor=user, job=job, detail=note)
    review.refresh_from_db()
    if settled:
        outcome = "approved" if review.status == R.APPROVED else "asked for changes to"
        notify(user=review.requested_by, kind=NotificationKind.REVIEW_DECIDED,
               subject=f"{job.project.title} · {job.label}: {review.get_status_display().lower()}",
               lines=[f"{user.get_username()} {outcome} {job.label} of “{job.project.title}”.",
                      *([f"“{note}”"] if note else [])],
               path=review_path(job))
    return review


def comment_add(*, job: RenderJob, user, body: str, timecode: float | None = None,
                parent: Comment | None = None) -> Comment:
    body = body.strip()
    if not body:
        raise ReviewError("Write something before posting.")
    if timecode is not None and (timecode < 0 or (job.duration_seconds and timecode > job.duration_seconds + 1)):
        raise ReviewError("That moment is outside the video.")
    if parent is not None:
        parent = parent.parent or parent  # replies stay one level deep
        timecode = None
    comment = Comment.objects.create(job=job, author=user, body=body, timecode=timecode, parent=parent)
    activity_log(project=job.project, verb=ActivityVerb.COMMENTED, actor=user, job=job, detail=body[:120])
    return comment


def comment_resolve(*, comment: Comment, user, resolved: bool = True) -> Comment:
    comment.resolved = resolved
    comment.resolved_by = user if resolved else None
    comment.save(update_fields=["resolved", "resolved_by"])
    return comment
