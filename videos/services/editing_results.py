"""Where a finished transcription or highlights job's words go: the recording's transcript, or
the cut that asked for the highlights; then a bulk run's row starts its next stage."""
from videos.models import JobKind, Recording, RenderJob
from videos.services.highlight_cuts import cut_apply_highlights
from videos.services.recording_batches import recording_batch_result_stored
from videos.services.transcripts import transcript_store


def editing_result_store(*, job: RenderJob, result) -> None:
    if job.kind == JobKind.TRANSCRIPTION:
        for recording in Recording.objects.filter(transcription_job=job):
            transcript_store(recording=recording, result=result)
    elif job.kind == JobKind.HIGHLIGHTS:
        cut_apply_highlights(job=job, result=result)
    recording_batch_result_stored(job=job)
