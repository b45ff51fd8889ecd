"""Recordings: adding a long video or audio file and asking Pictory to transcribe it.

A transcription is a job like a render (design.md, "Render job lifecycle"): the click writes a
QUEUED RenderJob whose request is frozen, the submit task sends it once, and polling or the
webhook brings its status. One click = at most one transcription, even when clicked twice.
"""
from django.db import IntegrityError, transaction

from videos.job_states import HOLDS_A_VIDEO
from videos.models import JobKind, JobStatus, MediaAsset, MediaKind, MediaStatus, Recording, RecordingKind, RenderJob
from videos.services.account import quota_shortfall
from videos.services.queue import SUBMIT, enqueue
from videos.services.webhooks import request_extras

TRANSCRIBE_ENDPOINT = "POST /v2/transcription"
MEDIA_KINDS = {MediaKind.VIDEO: RecordingKind.VIDEO, MediaKind.AUDIO: RecordingKind.AUDIO}
_AUDIO_SUFFIXES = (".mp3", ".wav", ".m4a", ".aac", ".ogg", ".flac")


class RecordingRefused(Exception):
    """The recording or its transcription cannot be started; the message says what to do."""


def recording_kind_for_url(url: str) -> str:
    path = url.split("?", 1)[0].lower()
    return RecordingKind.AUDIO if path.endswith(_AUDIO_SUFFIXES) else RecordingKind.VIDEO


def recording_create(*, title: str, language: str, user, media: MediaAsset | None = None, url: str = "",
                     request_token=None) -> Recording:
    """A recording from a media-library file (ready video or audio) or a file address.

    The same `request_token` again (the form sent twice) returns the recording the first made.
    """
    if request_token:
        existing = Recording.objects.filter(request_token=request_token).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            return _create(title=title, language=language, user=user, media=media, url=url,
                           request_token=request_token)
    except IntegrityError:
        existing = Recording.objects.filter(request_token=request_token).first() if request_token else None
        if existing is None:
            raise
        return existing


def _create(*, title, language, user, media, url, request_token) -> Recording:
    if media is not None:
        if media.status != MediaStatus.READY or media.kind not in MEDIA_KINDS:
            raise RecordingRefused("Pick a video or audio file that has finished uploading.")
        return Recording.objects.create(
            title=title.strip() or media.name, kind=MEDIA_KINDS[media.kind], media=media, url=media.url,
            language=language, duration_seconds=media.duration_seconds, width=media.width, height=media.height,
            created_by=user, request_token=request_token,
        )
    url = url.strip()
    if not url.startswith(("https://", "http://")):
        raise RecordingRefused(
            "Give the address of the file (starting with https://), or pick one from the media library."
        )
    name = url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1] or "Recording"
    return Recording.objects.create(title=title.strip() or name, kind=recording_kind_for_url(url), url=url,
                                    language=language, created_by=user, request_token=request_token)


def _active_transcription(recording: Recording) -> RenderJob | None:
    job = recording.transcription_job
    return job if job is not None and job.status in HOLDS_A_VIDEO else None


def recording_transcribe(*, recording: Recording, user, request_token=None) -> RenderJob:
    """Queue the recording's transcription; a repeated click returns the job the first made.

    A transcription that is queued, running or done is returned as it is: transcribing the
    same file again gives the same words and uses transcription minutes again.
    """
    if request_token:
        existing = RenderJob.objects.filter(request_token=request_token).first()
        if existing:
            return existing
    minutes = (recording.duration_seconds or 0) / 60
    shortfall = quota_shortfall(transcription_minutes=minutes) if minutes else ""
    if shortfall:
        raise RecordingRefused(shortfall)
    try:
        with transaction.atomic():
            recording = Recording.objects.select_for_update(of=("self",)).select_related("transcription_job").get(
                pk=recording.pk)
            current = _active_transcription(recording)
            if current is not None:
                return current
            job = RenderJob(kind=JobKind.TRANSCRIPTION, created_by=user, endpoint=TRANSCRIBE_ENDPOINT)
            if request_token:
                job.request_token = request_token
            job.save()
            job.payload = {"fileUrl": recording.url, "mediaType": recording.kind, "language": recording.language,
                           **request_extras(job.marker)}
            job.save(update_fields=["payload"])
            recording.transcription_job = job
            recording.save(update_fields=["transcription_job", "updated_at"])
            enqueue(SUBMIT, job.pk, after_commit=True)
    except IntegrityError:
        existing = RenderJob.objects.filter(request_token=request_token).first() if request_token else None
        if existing is None:
            raise
        return existing
    return job


def recording_transcription_failed(recording: Recording) -> bool:
    job = recording.transcription_job
    return job is not None and job.status == JobStatus.FAILED
