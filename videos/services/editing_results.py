"""Where a finished transcription or highlights job's words go: the recording's transcript, or
the cut that asked for the highlights. (A bulk run's row starts its next stage once the job
reads as completed: videos/receivers.py.)"""
from videos.models import JobKind, Recording, RenderJob
from videos.services.highlight_cuts import cut_apply_highlights
from videos.services.transcripts import transcript_store


def editing_result_store(*, job: RenderJob, result) -> None:
    if job.kind == JobKind.TRANSCRIPTION:
        for recording in Recording.objects.filter(transcription_job=job):
            transcript_store(recording=recording, result=result)
    elif job.kind == JobKind.HIGHLIGHTS:
        cut_apply_highlights(job=job, result=result)
