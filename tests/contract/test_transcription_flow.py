"""Contract tests of the video-editing flow (contract §11.5): the real client uploads a spoken
recording to the real sandbox over HTTP, has it transcribed, then asks for highlights; in both
auth modes."""

import pytest

from pictory_studio.pictory import NotFoundError
from pictory_studio.sandbox.models import SandboxRequest
from tests.helpers import wait_final
from tests.sandbox.english_speech import english_clip, plain
from tests.sandbox.media_files import media_seconds

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def recording(client, tmp_path) -> tuple[str, list[tuple[str, float]]]:
    """An English talk uploaded through the signed URL, as the browser does; (url, words spoken)."""
    spoken = english_clip(tmp_path / "meeting.mp4")
    target = client.create_upload_url(file_name="meeting.mp4", content_type="video/mp4")
    client.upload_file(target, content_type="video/mp4", stream_or_bytes=(tmp_path / "meeting.mp4").read_bytes())
    return target.url, spoken


def test_upload_transcribe_and_pick_highlights(client, recording, tmp_path):
    url, spoken = recording

    ref = client.create_transcription(file_url=url, language="en-US")
    transcription = wait_final(client.get_transcription, ref.job_id)

    assert transcription.status.is_completed, transcription.status.error_message
    heard = [plain(w.word) for s in transcription.sentences for w in s.words if not w.is_pause]
    assert len(set(heard) & {word for word, _ in spoken}) >= 0.5 * len({word for word, _ in spoken})
    assert len(transcription.sentences) >= 5
    assert transcription.txt_url and transcription.srt_url and transcription.vtt_url
    assert transcription.media_info["mediaType"] == "video"
    # The file's own length (ffmpeg's -shortest may leave it a little longer than the speech).
    assert transcription.media_info["duration"] == pytest.approx(media_seconds(tmp_path / "meeting.mp4"), abs=0.2)
    assert transcription.media_info["duration"] > spoken[-1][1]

    job_id = client.create_highlights(transcription.status.job_id, highlight_duration=10, language="en").job_id
    picked = wait_final(client.get_transcription, job_id)

    assert picked.status.is_completed, picked.status.error_message
    chosen = [s for s in picked.sentences if any(w.highlight for w in s.words)]
    assert chosen and all(all(w.highlight for w in s.words) for s in chosen)
    assert sum(s.end - s.start for s in chosen) <= 10
    assert [s.uid for s in picked.sentences] == [s.uid for s in transcription.sentences]
    assert client.get_quota().transcription_minutes.used == pytest.approx(
        transcription.media_info["duration"] / 60, abs=0.01)
    assert SandboxRequest.objects.filter(path__iendswith="/v2/transcription", status_code=200).count() == 1


def test_a_recording_the_sandbox_does_not_hold_fails_the_job(client):
    ref = client.create_transcription(file_url="https://cdn.example.com/elsewhere.mp4")

    result = wait_final(client.get_transcription, ref.job_id)

    assert result.status.is_failed and result.status.error_code == "TRANSCRIPTION_FAILED"
    assert "only reads files uploaded to it" in result.status.error_message


def test_highlights_of_an_unknown_job_are_not_found(client):
    with pytest.raises(NotFoundError):
        client.create_highlights("00000000-0000-4000-8000-000000000000", highlight_duration=30)
