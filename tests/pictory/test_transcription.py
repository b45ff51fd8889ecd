"""Transcription and highlights: what is sent, what is refused before sending, how transcripts are read."""
import pytest

from pictory_studio.pictory import TranscriptionResult

from .conftest import Reply

CREATED = {"success": True, "data": {"jobId": "7d1f0c2e-3b4a-4c5d-8e6f-0a1b2c3d4e5f"}}
# Contract §4.2: sentences of words with start_time/end_time, pause markers, highlight flags.
COMPLETED = {
    "job_id": "7d1f0c2e-3b4a-4c5d-8e6f-0a1b2c3d4e5f", "success": True,
    "data": {
        "status": "completed", "txt": "https://cdn.test/t.txt", "srt": "https://cdn.test/t.srt",
        "vtt": "https://cdn.test/t.vtt", "mediaInfo": {"duration": 12.5, "width": 1280, "height": 720},
        "transcript": [
            {"uid": "s1", "speakerId": 1, "words": [
                {"uid": "w1", "word": "Welcome", "start_time": 0.4, "end_time": 0.9, "speakerId": 1,
                 "sentence_index": 0, "highlight": True},
                {"uid": "w2", "word": "", "is_pause": True, "pause_size": "small", "start_time": 0.9,
                 "end_time": 1.1},
                {"uid": "w3", "word": "everyone.", "start_time": 1.1, "end_time": 1.6, "speakerId": 1,
                 "sentence_index": 0, "highlight": False},
            ]},
            {"uid": "s2", "speakerId": 2, "words": [
                {"uid": "w4", "word": "Thanks!", "start_time": 2.0, "end_time": 2.4, "speakerId": 2,
                 "sentence_index": 1},
            ]},
        ],
    },
}


def test_create_transcription_sends_the_recording_and_returns_the_job(pictory_server, make_client):
    pictory_server.add("POST", "/v2/transcription", Reply(json=CREATED))
    ref = make_client().create_transcription(file_url="https://cdn.test/talk.mp4", language="en-GB",
                                             webhook="https://studio.test/hook", webhook_input={"pk": 3})
    assert ref.job_id == CREATED["data"]["jobId"]
    [request] = pictory_server.requests
    assert request.json() == {"fileUrl": "https://cdn.test/talk.mp4", "mediaType": "video", "language": "en-GB",
                              "webhook": "https://studio.test/hook", "webhookInput": {"pk": 3}}


@pytest.mark.parametrize(("values", "message"), [
    ({"file_url": "ftp://cdn.test/talk.mp4"}, "must start with http"),
    ({"file_url": ""}, "must start with http"),
    ({"media_type": "image"}, "“video” or “audio”"),
    ({"language": "en"}, "does not transcribe “en”"),
    ({"language": "xx-XX"}, "does not transcribe"),
])
def test_bad_transcription_requests_are_refused_before_sending(pictory_server, make_client, values, message):
    arguments = {"file_url": "https://cdn.test/talk.mp4", **values}
    with pytest.raises(ValueError, match=message):
        make_client().create_transcription(**arguments)
    assert pictory_server.requests == []


def test_highlights_name_the_transcription_job_and_the_length(pictory_server, make_client):
    pictory_server.add("POST", "/v2/transcription/job%2F1/highlights", Reply(json=CREATED))
    make_client().create_highlights("job/1", highlight_duration=60, language="en")
    [request] = pictory_server.requests
    assert request.json() == {"highlight_duration": 60, "language": "en"}


@pytest.mark.parametrize("seconds", [0, -5, 4, 30.5, "60", True, 3601])
def test_a_highlight_length_that_is_not_whole_seconds_is_refused(pictory_server, make_client, seconds):
    with pytest.raises(ValueError, match="whole number of seconds"):
        make_client().create_highlights("job-1", highlight_duration=seconds)
    assert pictory_server.requests == []


def test_a_completed_transcript_reads_sentences_words_pauses_and_files(pictory_server, make_client):
    pictory_server.add("GET", "/v1/jobs/job-1", Reply(json=COMPLETED))
    result = make_client().get_transcription("job-1")
    assert result.status.is_completed
    first, second = result.sentences
    assert first.text == "Welcome everyone." and (first.start, first.end) == (0.4, 1.6)
    assert [w.highlight for w in first.words] == [True, False, False]
    assert first.words[1].is_pause and first.words[1].pause_size == "small"
    assert second.speaker_id == 2 and second.text == "Thanks!"
    assert (result.txt_url, result.srt_url, result.vtt_url) == ("https://cdn.test/t.txt", "https://cdn.test/t.srt",
                                                                 "https://cdn.test/t.vtt")
    assert result.media_info["duration"] == 12.5


def test_a_transcript_still_in_progress_has_no_sentences():
    result = TranscriptionResult.from_body({"job_id": "j", "success": True, "data": {"status": "in-progress"}})
    assert not result.status.is_final and result.sentences == ()


def test_odd_transcript_items_are_skipped_and_other_spellings_read():
    words = [{"word": "Hi", "startTime": "1.5", "endTime": 2}, 7]
    body = {"data": {"status": "completed", "txtFile": "https://cdn.test/a.txt",
                     "transcript": ["noise", {"uid": "s", "words": words}]}}
    result = TranscriptionResult.from_body(body)
    [sentence] = result.sentences
    assert sentence.words[0].start == 1.5 and sentence.words[0].end == 2.0
    assert result.txt_url == "https://cdn.test/a.txt"
