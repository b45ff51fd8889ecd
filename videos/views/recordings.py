"""Recordings: add one, transcribe it, correct the transcript, pick highlight cuts and render them."""
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRefresh

from videos.job_states import ACTIVE_STATUSES
from videos.models import HighlightCut, MediaAsset, MediaKind, Recording
from videos.permissions import Action, role_allows
from videos.recording_forms import CutRenderForm, RecordingForm
from videos.selectors import recording_list
from videos.services.highlight_cuts import (
    TARGET_CHOICES,
    CutRefused,
    cut_project,
    cut_request,
    cut_reset,
    cut_toggle_sentence,
    cut_view,
    cut_whole_recording,
)
from videos.services.job_requests import StoryboardNotReady, render_job_request
from videos.services.job_status import render_job_nudge
from videos.services.media import accept_attribute, allowed_types_text, media_assets_ready
from videos.services.recordings import RecordingRefused, recording_create, recording_transcribe
from videos.services.transcripts import (
    TranscriptEditRefused,
    transcript_correct_word,
    transcript_merge_sentences,
    transcript_revert,
    transcript_sentences,
    transcript_split_sentence,
)
from videos.views.common import require

PAGE = "videos/recording_detail.html"
RECORDING_MEDIA = (MediaKind.VIDEO, MediaKind.AUDIO)


def _token(request):
    try:
        return uuid.UUID(request.POST.get("request_token", ""))
    except ValueError:
        return None


def _recording(request, pk: int, *, action: str = Action.VIEW) -> Recording:
    recording = get_object_or_404(
        Recording.objects.select_related("transcription_job", "transcript", "media"), pk=pk)
    require(request.user, action)
    return recording


def _cut(request, pk: int, *, action: str = Action.EDIT) -> HighlightCut:
    cut = get_object_or_404(HighlightCut.objects.select_related("recording__transcript", "highlights_job"), pk=pk)
    require(request.user, action)
    return cut


@login_required
@require_http_methods(["GET", "POST"])
def recording_list_page(request):
    can_add = role_allows(request.user, Action.RENDER)
    form = RecordingForm(request.POST or None)
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied("Your role does not allow you to add recordings.")
        if form.is_valid():
            data = form.cleaned_data
            media = MediaAsset.objects.filter(pk=data["media"]).first() if data["media"] else None
            token = _token(request)
            try:
                recording = recording_create(title=data["title"], language=data["language"], user=request.user,
                                             media=media, url=data["url"], request_token=token)
                if data["transcribe"]:
                    recording_transcribe(recording=recording, user=request.user, request_token=token)
                return redirect(recording)
            except RecordingRefused as refused:
                form.add_error(None, str(refused))
    return render(request, "videos/recording_list.html", {
        "recordings": recording_list(), "form": form, "can_add": can_add, "request_token": uuid.uuid4(),
        "media_choices": media_assets_ready(kinds=RECORDING_MEDIA).only("id", "name", "kind")[:200],
        "accept": ",".join(accept_attribute(kind) for kind in RECORDING_MEDIA),
        "types": " · ".join(allowed_types_text(kind) for kind in RECORDING_MEDIA),
    })


def _cut_from_query(request, recording: Recording) -> HighlightCut | None:
    raw = request.GET.get("cut", "")
    cuts = list(recording.cuts.select_related("highlights_job"))
    chosen = next((c for c in cuts if str(c.pk) == raw), None)
    return chosen or (cuts[-1] if cuts else None)


def page_context(request, recording: Recording, *, cut: HighlightCut | None = None, form_error: str = "",
                 render_form=None) -> dict:
    transcript = getattr(recording, "transcript", None)
    sentences = transcript_sentences(transcript)
    view = cut_view(cut=cut, sentences=sentences) if cut is not None else None
    kept = {s.uid for s in view.kept} if view else set()
    project = getattr(cut, "project", None) if cut is not None else None
    if cut is not None and render_form is None:
        render_form = CutRenderForm(initial=CutRenderForm.initial_for(cut=cut, project=project))
    return {
        "recording": recording, "transcript": transcript, "sentences": sentences, "cuts": list(recording.cuts.all()),
        "cut": cut, "cut_view": view, "kept": kept, "cut_project": project, "render_form": render_form,
        "target_choices": TARGET_CHOICES, "request_token": uuid.uuid4(), "form_error": form_error,
        "can_edit": role_allows(request.user, Action.EDIT), "can_render": role_allows(request.user, Action.RENDER),
        "job": recording.transcription_job,
        "watching": _watching(recording, cut),
    }


def _watching(recording: Recording, cut: HighlightCut | None) -> bool:
    """Whether a job the page waits for is still running (the status strip then polls)."""
    jobs = [recording.transcription_job, cut.highlights_job if cut is not None else None]
    return any(job is not None and job.status in ACTIVE_STATUSES for job in jobs)


@login_required
@require_GET
def recording_detail(request, pk: int):
    recording = _recording(request, pk)
    return render(request, PAGE, page_context(request, recording, cut=_cut_from_query(request, recording)))


@login_required
@require_GET
def recording_status(request, pk: int):
    """The status strip; once what it waited for has finished, the page reloads to show the words."""
    recording = _recording(request, pk)
    cut = _cut_from_query(request, recording)
    for job in (recording.transcription_job, cut.highlights_job if cut is not None else None):
        if job is not None and job.status in ACTIVE_STATUSES:
            render_job_nudge(job=job)  # a page watching a job keeps it moving, as on a project page
    recording = _recording(request, pk)
    cut = _cut_from_query(request, recording)
    if request.GET.get("watching") == "1" and not _watching(recording, cut):
        return HttpResponseClientRefresh()
    return render(request, f"{PAGE}#status-strip", page_context(request, recording, cut=cut))


@login_required
@require_POST
def recording_transcribe_view(request, pk: int):
    recording = _recording(request, pk, action=Action.RENDER)
    try:
        recording_transcribe(recording=recording, user=request.user, request_token=_token(request))
    except RecordingRefused as refused:
        messages.error(request, str(refused))
    return redirect(recording)


def _transcript_answer(request, recording: Recording, *, error: str = ""):
    """The transcript (and the cut summary beside it) as they now are."""
    recording = _recording(request, recording.pk)
    cut = _cut_from_query(request, recording)
    context = page_context(request, recording, cut=cut, form_error=error)
    if not request.htmx:
        if error:
            messages.error(request, error)
        url = recording.get_absolute_url() + (f"?cut={cut.pk}" if cut else "")
        return redirect(url)
    response = render(request, f"{PAGE}#transcript", context)
    if cut is not None:
        response.content += render(request, f"{PAGE}#cut-summary", {**context, "oob": True}).content
    return response


@login_required
@require_POST
@vary_on_headers("HX-Request")
def transcript_word(request, pk: int):
    """Correct a word, or start a new sentence at it."""
    recording = _recording(request, pk, action=Action.EDIT)
    transcript = getattr(recording, "transcript", None)
    if transcript is None:
        return _transcript_answer(request, recording, error="There is no transcript to correct yet.")
    uid = request.POST.get("uid", "")
    try:
        if request.POST.get("action") == "split":
            transcript_split_sentence(transcript=transcript, word_uid=uid, user=request.user)
        else:
            transcript_correct_word(transcript=transcript, word_uid=uid, text=request.POST.get("text", ""),
                                    user=request.user)
    except TranscriptEditRefused as refused:
        return _transcript_answer(request, recording, error=str(refused))
    return _transcript_answer(request, recording)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def transcript_merge(request, pk: int):
    recording = _recording(request, pk, action=Action.EDIT)
    try:
        transcript_merge_sentences(transcript=recording.transcript, sentence_uid=request.POST.get("uid", ""),
                                   user=request.user)
    except (TranscriptEditRefused, Recording.transcript.RelatedObjectDoesNotExist) as refused:
        return _transcript_answer(request, recording, error=str(refused))
    return _transcript_answer(request, recording)


@login_required
@require_POST
def transcript_revert_view(request, pk: int):
    recording = _recording(request, pk, action=Action.EDIT)
    transcript = getattr(recording, "transcript", None)
    if transcript is not None:
        transcript_revert(transcript=transcript)
        messages.success(request, "The corrections were dropped: the transcript reads as Pictory heard it.")
    return redirect(recording)


@login_required
@require_POST
def cut_create(request, pk: int):
    recording = _recording(request, pk, action=Action.RENDER)
    seconds = request.POST.get("seconds", "")
    if seconds == "other":
        seconds = request.POST.get("other_seconds", "")
    try:
        cut = cut_request(recording=recording, seconds=seconds, name=request.POST.get("name", ""), user=request.user,
                          request_token=_token(request))
    except CutRefused as refused:
        messages.error(request, str(refused))
        return redirect(recording)
    return redirect(f"{recording.get_absolute_url()}?cut={cut.pk}")


@login_required
@require_POST
def cut_whole(request, pk: int):
    """An audio recording as a whole video: every sentence, narrated by the recording itself."""
    recording = _recording(request, pk, action=Action.RENDER)
    try:
        cut = cut_whole_recording(recording=recording, user=request.user)
    except CutRefused as refused:
        messages.error(request, str(refused))
        return redirect(recording)
    return redirect(f"{recording.get_absolute_url()}?cut={cut.pk}")


@login_required
@require_POST
@vary_on_headers("HX-Request")
def cut_sentence(request, pk: int):
    """Keep or drop one sentence of the cut."""
    cut = _cut(request, pk)
    try:
        cut_toggle_sentence(cut=cut, sentence_uid=request.POST.get("uid", ""), keep=request.POST.get("keep") == "on")
    except CutRefused as refused:
        return _cut_answer(request, cut, error=str(refused))
    return _cut_answer(request, cut)


def _cut_answer(request, cut: HighlightCut, *, error: str = ""):
    recording = _recording(request, cut.recording_id)
    cut = HighlightCut.objects.select_related("highlights_job").get(pk=cut.pk)
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect(f"{recording.get_absolute_url()}?cut={cut.pk}")
    context = page_context(request, recording, cut=cut, form_error=error)
    return render(request, f"{PAGE}#cut-summary", context)


@login_required
@require_POST
def cut_reset_view(request, pk: int):
    cut = _cut(request, pk)
    cut_reset(cut=cut)
    return redirect(f"{cut.recording.get_absolute_url()}?cut={cut.pk}")


@login_required
@require_POST
def cut_render(request, pk: int) -> HttpResponse:
    """Render the cut as the next version of its project (made on first use)."""
    cut = _cut(request, pk, action=Action.RENDER)
    recording = _recording(request, cut.recording_id)
    form = CutRenderForm(request.POST)
    if not form.is_valid():
        return render(request, PAGE, page_context(request, recording, cut=cut, render_form=form), status=400)
    project = cut_project(cut=cut, user=request.user)
    require(request.user, Action.RENDER, project=project)
    form.apply(cut=cut, project=project)
    try:
        render_job_request(project=project, kind="render", user=request.user, request_token=_token(request),
                           allow_repeat=request.POST.get("again") == "1")
    except StoryboardNotReady as exc:
        error = " ".join(p.message for p in exc.problems)
        return render(request, PAGE, page_context(request, recording, cut=cut, render_form=form, form_error=error),
                      status=400)
    return redirect(reverse("videos:project_detail", args=[project.pk]))
