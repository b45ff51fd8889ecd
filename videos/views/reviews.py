"""Review pages: the queue, a version's review page, comments, decisions, compare, activity."""
import math

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import F, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from videos.models import Comment, Decision, JobKind, JobStatus, RenderJob, Review, ReviewStatus, Role
from videos.permissions import Action, role_allows
from videos.services import reviews as review_services
from videos.services.diff import scenes_diff, settings_diff, visual_label
from videos.services.review_policy import decide_refusal, reviews_waiting_for, state_allows, version_review_state
from videos.views.common import project_for, require, version_for
from videos.views.params import positive_number

REVIEW_PAGE = "videos/version_review.html"


def _reviewer_choices(job: RenderJob):
    """Who can be named as a reviewer of this version: not the person who made it."""
    return get_user_model().objects.filter(is_active=True).filter(
        Q(groups__name=Role.REVIEWER) | Q(groups__name=Role.ADMIN) | Q(is_superuser=True)).exclude(
        pk=job.created_by_id).distinct()


def _review_context(request, job: RenderJob, **extra) -> dict:
    project = job.project
    reviews = list(job.reviews.select_related("requested_by").prefetch_related("reviewers", "decisions__reviewer"))
    comments = (Comment.objects.filter(job=job, parent__isnull=True).select_related("author", "resolved_by")
                .prefetch_related(Prefetch("replies", queryset=Comment.objects.select_related("author")))
                .order_by(F("timecode").asc(nulls_last=True), "created_at"))
    user = request.user
    open_review = next((r for r in reviews if r.status == ReviewStatus.IN_REVIEW), None)
    named = list(open_review.reviewers.all()) if open_review else []
    can = {
        action: role_allows(user, action) and state_allows(action, project=project, job=job)
        for action in (Action.COMMENT, Action.DECIDE, Action.SEND_FOR_REVIEW, Action.WITHDRAW,
                       Action.RESOLVE_COMMENT)
    }
    refusal = decide_refusal(user=user, job=job, review=open_review, named=named) if can[Action.DECIDE] else ""
    can[Action.DECIDE] = can[Action.DECIDE] and not refusal
    scenes = [{"number": n, "story": s.get("story", ""), "visual": visual_label(s)}
              for n, s in enumerate(job.storyboard.get("scenes") or [], start=1)]
    versions = project.render_jobs.filter(kind=JobKind.RENDER, status=JobStatus.COMPLETED).order_by("-version")
    return {"job": job, "project": project, "reviews": reviews, "open_review": open_review, "named": named,
            "comments": comments, "can": can, "scenes": scenes, "version_state": version_review_state(job, reviews),
            "decide_refusal": refusal, "reviewer_choices": _reviewer_choices(job), "versions": versions, **extra}


@login_required
@require_GET
def version_review(request, pk: int):
    job = version_for(request, pk)
    return render(request, REVIEW_PAGE, _review_context(request, job))


@login_required
@require_POST
def version_send_for_review(request, pk: int):
    job = version_for(request, pk, action=Action.SEND_FOR_REVIEW)
    picked = [pk for pk in map(positive_number, request.POST.getlist("reviewers")) if pk]
    reviewers = list(_reviewer_choices(job).filter(pk__in=picked))
    review_services.review_send(job=job, user=request.user, reviewers=reviewers,
                                message=request.POST.get("message", ""))
    who = ", ".join(r.get_username() for r in reviewers) or "the reviewers"
    messages.success(request, f"{job.label} was sent to {who} for review.")
    return redirect("videos:version_review", pk=job.pk)


@login_required
@require_POST
def version_withdraw(request, pk: int):
    job = version_for(request, pk, action=Action.WITHDRAW)
    review_services.review_withdraw(job=job, user=request.user)
    messages.success(request, "Review request withdrawn. You can edit and render again.")
    return redirect("videos:version_review", pk=job.pk)


@login_required
@require_POST
def version_decide(request, pk: int):
    job = version_for(request, pk, action=Action.DECIDE)
    context = _review_context(request, job)
    if not context["can"][Action.DECIDE]:
        return render(request, REVIEW_PAGE, context, status=403)
    decision = request.POST.get("decision", "")
    note = request.POST.get("note", "")
    if decision not in Decision.values:
        return render(request, REVIEW_PAGE, {**context, "decision_error": "Choose approve or request changes.",
                                             "note": note}, status=400)
    try:
        review = review_services.review_decide(job=job, user=request.user, decision=decision, note=note)
    except review_services.ReviewError as exc:
        return render(request, REVIEW_PAGE, {**context, "decision_error": str(exc), "note": note}, status=400)
    if review.status == ReviewStatus.IN_REVIEW:
        messages.success(request, "Your approval is recorded; the version waits for the other named reviewers.")
    else:
        messages.success(request, f"{job.label}: {review.get_status_display().lower()}.")
    return redirect("videos:version_review", pk=job.pk)


def _timecode(raw: str) -> float | None:
    try:
        value = float(raw) if raw not in ("", None) else None
    except ValueError:
        return None
    return round(value, 2) if value is not None and math.isfinite(value) else None


def _reply_parent(job: RenderJob, raw: str) -> Comment | None:
    """The comment being answered, if `raw` names one on this version."""
    pk = positive_number(raw)
    return Comment.objects.filter(pk=pk, job=job).first() if pk else None


@login_required
@require_POST
@vary_on_headers("HX-Request")
def comment_add(request, pk: int):
    job = version_for(request, pk, action=Action.COMMENT)
    raw_parent = request.POST.get("parent", "").strip()
    parent = _reply_parent(job, raw_parent) if raw_parent else None
    timecode = _timecode(request.POST.get("timecode", "")) if request.POST.get("at_time") else None
    error = ""
    if raw_parent and parent is None:
        error = "The comment you replied to is not on this version any more. Reload the page and try again."
    else:
        try:
            review_services.comment_add(job=job, user=request.user, body=request.POST.get("body", ""),
                                        timecode=timecode, parent=parent)
        except review_services.ReviewError as exc:
            error = str(exc)
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect("videos:version_review", pk=job.pk)
    context = _review_context(request, job, comment_error=error,
                              typed=request.POST.get("body", "") if error else "")
    return render(request, f"{REVIEW_PAGE}#comments", context)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def comment_resolve(request, pk: int):
    comment = get_object_or_404(Comment.objects.select_related("job__project"), pk=pk)
    require(request.user, Action.RESOLVE_COMMENT, project=comment.job.project, job=comment.job)
    review_services.comment_resolve(comment=comment, user=request.user,
                                    resolved=request.POST.get("resolved", "1") == "1")
    if not request.htmx:
        return redirect("videos:version_review", pk=comment.job_id)
    return render(request, f"{REVIEW_PAGE}#comments", _review_context(request, comment.job))


@login_required
@require_GET
def review_queue(request):
    user = request.user
    waiting = reviews_waiting_for(user=user)
    requested = (Review.objects.filter(requested_by=user).select_related("job", "project")
                 .order_by("-created_at")[:20])
    return render(request, "videos/review_queue.html", {"waiting": waiting, "requested": requested})


@login_required
@require_GET
def project_compare(request, pk: int):
    project = project_for(request, pk)
    versions = list(project.render_jobs.filter(kind=JobKind.RENDER, status=JobStatus.COMPLETED)
                    .order_by("-version"))
    by_id = {str(v.pk): v for v in versions}
    a = by_id.get(request.GET.get("a", "")) or (versions[1] if len(versions) > 1 else None)
    b = by_id.get(request.GET.get("b", "")) or (versions[0] if versions else None)
    if a is None or b is None:
        messages.error(request, "Comparing needs two finished versions. Render another version first.")
        return redirect(project)
    return render(request, "videos/compare.html", {
        "project": project, "versions": versions, "a": a, "b": b,
        "settings_changes": settings_diff(a.storyboard, b.storyboard),
        "scene_changes": scenes_diff(a.storyboard, b.storyboard),
    })
