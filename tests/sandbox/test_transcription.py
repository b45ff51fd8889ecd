"""Transcription jobs (contract §4.2, §5.5): validation, the sandbox's own videos transcribed
exactly, English speech recognised offline, failures, files and the quota."""

import difflib
import subprocess
import time

import imageio_ffmpeg
import pytest

from pictory_studio.sandbox import background, spoken_words
from pictory_studio.sandbox.models import JobKind, SandboxJob
from pictory_studio.sandbox.spoken_words import SpokenWord

from .conftest import local_path, make_due, story_body
from .english_speech import english_clip, plain
from .media_files import file_text, make_media, upload
from .test_webhooks import Receiver

pytestmark = pytest.mark.django_db

FFMPEG = imageio_ffmpeg.get_ffmpeg_exe()
ENGLISH_ONLY = (
    "The sandbox recognises English speech (en-US, en-GB, …); it transcribes its own videos in any "
    "language. Upload English audio or use real Pictory credentials."
)
# Words a sandbox video carries: two speakers, a pause inside the first sentence and between them.
CARRIED = [
    SpokenWord("Bonjour", 0.2, 0.6, 0, 0),
    SpokenWord("à", 0.65, 0.8, 0, 0),
    SpokenWord("tous.", 1.4, 1.9, 0, 0),  # 0.6 s pause before: small
    SpokenWord("Work", 2.9, 3.2, 1, 1),  # 1.0 s pause before: medium
    SpokenWord("in-progress", 3.25, 3.9, 1, 1),
    SpokenWord("today!", 3.95, 4.4, 1, 1),
]


def transcribe(api, file_url, **extra) -> str:
    response = api.post("/v2/transcription", {"fileUrl": file_url, **extra})
    assert response.status_code == 200, response.content
    return response.json()["data"]["jobId"]


def carrying_mp4(path, words, *, language="fr", seconds=5.0):
    """An MP4 made like a sandbox render: a picture, a sound track and the words it speaks."""
    listing = spoken_words.metadata_file(path.with_suffix(".ffmeta"), words, language=language)
    subprocess.run(
        [FFMPEG, "-v", "error", "-y", "-f", "lavfi", "-i", "color=c=black:size=640x360:rate=10",
         "-f", "lavfi", "-i", "anullsrc=r=22050:cl=mono", *spoken_words.ffmpeg_input_args(listing),
         "-t", str(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac",
         "-map", "0:v", "-map", "1:a", *spoken_words.ffmpeg_output_args(2), str(path)],
        check=True, capture_output=True,
    )
    return path


def uploaded(api, client, path, content_type="video/mp4") -> str:
    return upload(api, client, path.name, content_type, path.read_bytes())


def spoken(sentences) -> list[tuple[str, float, float, int]]:
    return [(w["word"], w["start_time"], w["end_time"], w["speakerId"])
            for s in sentences for w in s["words"] if not w.get("is_pause")]


# --- creating ----------------------------------------------------------------------------------


def test_create_answers_a_job_id_and_the_job_starts_in_progress(api):
    response = api.post("/v2/transcription", {"fileUrl": "https://cdn.example.com/talk.mp4"})

    assert response.status_code == 200
    job_id = response.json()["data"]["jobId"]
    assert response.json() == {"success": True, "data": {"jobId": job_id}}
    assert api.job(job_id).json() == {"job_id": job_id, "success": True, "data": {"status": "in-progress"}}
    job = SandboxJob.objects.get(pk=job_id)
    assert job.kind == JobKind.TRANSCRIPTION
    assert job.storyboard == {"fileUrl": "https://cdn.example.com/talk.mp4", "mediaType": "video",
                              "language": "en-US"}
    assert job.video_name == "talk.mp4"


def test_the_legacy_path_answers_both_id_spellings(api):
    response = api.post("/V1/Transcription/", {"fileUrl": "https://cdn.example.com/talk.mp4"})

    assert response.status_code == 200
    data = response.json()["data"]
    assert data["jobId"] == data["job_id"]
    assert SandboxJob.objects.get(pk=data["jobId"]).kind == JobKind.TRANSCRIPTION


def test_creating_needs_credentials(api):
    response = api.post("/v2/transcription", {"fileUrl": "https://cdn.example.com/talk.mp4"}, auth=None)

    assert response.status_code == 401
    assert not SandboxJob.objects.exists()


@pytest.mark.parametrize(
    "body, field, message",
    [
        ({}, "fileUrl", "is required"),
        ({"fileUrl": "ftp://cdn.example.com/talk.mp4"}, "fileUrl", "must be an http(s) URL"),
        ({"fileUrl": "talk.mp4"}, "fileUrl", "must be an http(s) URL"),
        ({"fileUrl": "https://cdn.example.com/" + "a" * 1000}, "fileUrl", "must be at most 1000 characters"),
        ({"fileUrl": 42}, "fileUrl", "must be a string"),
        ({"fileUrl": "https://cdn.example.com/a.mp4", "mediaType": "image"}, "mediaType",
         "must be one of: video, audio"),
        ({"fileUrl": "https://cdn.example.com/a.mp4", "language": "en"}, "language", "must be one of: en-US"),
        ({"fileUrl": "https://cdn.example.com/a.mp4", "language": "xx-XX"}, "language", "must be one of: en-US"),
        ({"fileUrl": "https://cdn.example.com/a.mp4", "webhook": "not a url"}, "webhook", "must be an http(s) URL"),
        ({"fileUrl": "https://cdn.example.com/a.mp4", "webhook": "https://h.example/" + "x" * 500}, "webhook",
         "must be at most 500 characters"),
        ({"fileUrl": "https://cdn.example.com/a.mp4", "webhookInput": [1]}, "webhookInput", "must be an object"),
    ],
)
def test_bad_bodies_are_refused_per_field(api, body, field, message):
    response = api.post("/v2/transcription", body)

    assert response.status_code == 400
    answer = response.json()
    assert answer["code"] == "INVALID_REQUEST_BODY"
    [entry] = answer["fields"]
    assert entry["name"] == field
    assert entry["errors"].startswith(message)
    assert not SandboxJob.objects.exists()


def test_every_violation_gets_its_own_entry(api):
    response = api.post("/v1/transcription", {"fileUrl": "nope", "mediaType": "gif", "language": "klingon"})

    assert response.status_code == 400
    assert [f["name"] for f in response.json()["fields"]] == ["fileUrl", "mediaType", "language"]


def test_a_body_that_is_not_json_is_refused(api):
    response = api.post("/v2/transcription", "{fileUrl:")

    assert response.status_code == 400
    assert response.json()["fields"] == [{"name": "body", "errors": "must be valid JSON"}]


def test_a_transcription_job_cannot_be_rendered_as_a_preview(api):
    job_id = transcribe(api, "https://cdn.example.com/talk.mp4")

    response = api.put(f"/v2/video/render/{job_id}")

    assert response.status_code == 400
    assert response.json()["message"] == (
        f"Job {job_id} is a transcription job; only completed preview (storyboard) jobs can be rendered")


# --- the sandbox's own videos ------------------------------------------------------------------


def test_a_video_carrying_its_words_is_transcribed_exactly_in_any_language(api, client, tmp_path):
    url = uploaded(api, client, carrying_mp4(tmp_path / "bonjour.mp4", CARRIED))

    body = api.finished(transcribe(api, url, language="fr-FR"))

    data = body["data"]
    assert body["success"] is True and data["status"] == "completed"
    sentences = data["transcript"]
    assert spoken(sentences) == [(w.word, w.start, w.end, w.speaker_id) for w in CARRIED]
    assert [[w["word"] for w in s["words"]] for s in sentences] == [
        ["Bonjour", "à", "", "tous.", ""], ["Work", "in-progress", "today!"]]
    assert [s["speakerId"] for s in sentences] == [0, 1]
    pauses = [w for s in sentences for w in s["words"] if w.get("is_pause")]
    assert [(p["start_time"], p["end_time"], p["pause_size"]) for p in pauses] == [
        (0.8, 1.4, "small"), (1.9, 2.9, "medium")]
    assert all(w["sentence_index"] == index for index, s in enumerate(sentences) for w in s["words"])
    assert data["mediaInfo"] == {"duration": pytest.approx(5.0, abs=0.1), "width": 640, "height": 360,
                                 "aspectRatio": "16:9", "mediaType": "video"}


def test_terminal_bodies_never_contain_the_in_progress_text(api, client, tmp_path):
    url = uploaded(api, client, carrying_mp4(tmp_path / "work.mp4", CARRIED))
    job_id = transcribe(api, url)
    make_due(job_id)

    raw = api.job(job_id).content.decode()

    assert "in-progress" not in raw
    assert api.job(job_id).json()["data"]["transcript"][1]["words"][1]["word"] == "in-progress"


def test_a_sentence_ends_at_its_punctuation_inside_one_scene(api, client, tmp_path):
    words = [SpokenWord("Hello", 0.1, 0.4), SpokenWord("there.", 0.45, 0.8), SpokenWord("Bye", 0.85, 1.1),
             SpokenWord("now", 1.15, 1.4)]
    url = uploaded(api, client, carrying_mp4(tmp_path / "hello.mp4", words, language="en", seconds=2))

    sentences = api.finished(transcribe(api, url))["data"]["transcript"]

    assert [[w["word"] for w in s["words"]] for s in sentences] == [["Hello", "there."], ["Bye", "now"]]


def test_a_video_rendered_by_the_sandbox_is_transcribed_exactly(api, client, settings):
    render = api.finished(api.create(story_body()))["data"]
    video = local_path(settings, render["videoURL"])
    _, carried = spoken_words.read(video)

    body = api.finished(transcribe(api, render["videoURL"]))

    words = spoken(body["data"]["transcript"])
    narration = [*story_body()["scenes"][0]["story"].split(), *story_body()["scenes"][1]["story"].split()]
    assert [w[0] for w in words] == narration
    assert [(w[1], w[2]) for w in words] == [(w.start, w.end) for w in carried]
    assert body["data"]["mediaInfo"]["duration"] == pytest.approx(render["videoDuration"], abs=0.2)


# --- English speech --------------------------------------------------------------------------------


@pytest.fixture
def english_upload(api, client, tmp_path):
    """An uploaded MP4 of English speech without words of its own; (URL, words as spoken)."""
    words = english_clip(tmp_path / "meeting.mp4")
    return uploaded(api, client, tmp_path / "meeting.mp4"), words


def matched_words(expected: list[tuple[str, float]], sentences: list[dict]) -> list[tuple[tuple, dict]]:
    """The recognised words that match the spoken ones in order (longest common subsequence)."""
    heard = [w for s in sentences for w in s["words"] if not w.get("is_pause")]
    matcher = difflib.SequenceMatcher(a=[w for w, _ in expected], b=[plain(w["word"]) for w in heard], autojunk=False)
    return [(expected[block.a + k], heard[block.b + k])
            for block in matcher.get_matching_blocks() for k in range(block.size)]


def test_english_speech_is_recognised_in_order_at_the_right_times(api, english_upload):
    url, expected = english_upload

    data = api.finished(transcribe(api, url, language="en-GB"))["data"]

    matched = matched_words(expected, data["transcript"])
    assert len(matched) >= 0.5 * len(expected), [w["word"] for s in data["transcript"] for w in s["words"]]
    assert all(abs(word["start_time"] - at) <= 1.5 for (_, at), word in matched)
    assert data["mediaInfo"]["mediaType"] == "video" and data["mediaInfo"]["width"] == 320


def test_recognised_sentences_are_written_as_sentences_with_pauses_between(api, english_upload):
    url, _ = english_upload

    sentences = api.finished(transcribe(api, url))["data"]["transcript"]

    assert len(sentences) >= 5  # eight sentences spoken, 0.8 s apart
    for sentence in sentences:
        words = [w["word"] for w in sentence["words"] if not w.get("is_pause")]
        assert words[0][0].isupper() and words[-1].endswith(".")
        assert not any(mark in w for w in words for mark in ("<", "[", "(2)"))
    between = [s["words"][-1] for s in sentences[:-1]]
    assert all(w.get("is_pause") and w["pause_size"] in ("medium", "small") for w in between)
    uids = [w["uid"] for s in sentences for w in s["words"]] + [s["uid"] for s in sentences]
    assert len(set(uids)) == len(uids)


def test_the_same_file_gives_the_same_words(api, english_upload):
    url, _ = english_upload

    first = api.finished(transcribe(api, url))["data"]["transcript"]
    second = api.finished(transcribe(api, url))["data"]["transcript"]

    assert spoken(first) == spoken(second)


def test_the_transcript_files_hold_the_sentences(api, client, english_upload):
    url, _ = english_upload
    data = api.finished(transcribe(api, url))["data"]
    first = " ".join(w["word"] for w in data["transcript"][0]["words"] if not w.get("is_pause"))

    txt, srt, vtt = (file_text(client, data[key]) for key in ("txt", "srt", "vtt"))

    assert txt.splitlines()[0] == first
    assert len(txt.splitlines()) == len(data["transcript"])
    assert srt.startswith("1\n00:00:0") and " --> " in srt and first.split()[0] in srt
    assert vtt.startswith("WEBVTT\n\n00:00:0")
    assert data["txt"].endswith("/transcript.txt") and data["vtt"].endswith("/transcript.vtt")


def test_the_edit_video_page_says_the_editor_is_not_in_the_sandbox(api, client, english_upload):
    url, _ = english_upload
    data = api.finished(transcribe(api, url))["data"]

    page = client.get(data["editVideoUrl"])

    assert page.status_code == 200
    html = page.content.decode()
    assert "The white-label video editor is not part of the sandbox." in html
    assert "meeting.mp4" in html
    assert data["txt"].removeprefix("http://testserver") in html


def test_the_edit_video_page_of_an_unfinished_job_is_not_found(api, client):
    job_id = transcribe(api, "https://cdn.example.com/talk.mp4")

    assert client.get(f"/sandbox/editor/{job_id}/").status_code == 404


# --- failures --------------------------------------------------------------------------------------


def test_speech_in_another_language_than_english_fails_with_the_reason(api, english_upload):
    url, _ = english_upload

    body = api.finished(transcribe(api, url, language="de-DE"))

    assert body["success"] is False
    assert body["data"] == {"status": "failed", "error_code": "TRANSCRIPTION_FAILED", "error_message": ENGLISH_ONLY}


@pytest.mark.parametrize(
    "url",
    ["https://cdn.example.com/talk.mp4",
     "http://testserver/sandbox/storage/media/uploads/7d1f0c5e-1f0e-4a51-9d8a-1c2b3d4e5f60/talk.mp4"],
)
def test_a_file_the_sandbox_does_not_hold_fails(api, url):
    body = api.finished(transcribe(api, url))

    assert body["success"] is False
    assert body["data"]["error_code"] == "TRANSCRIPTION_FAILED"
    message = body["data"]["error_message"]
    assert "only reads files uploaded to it" in message and "or rendered by it" in message


def test_a_file_that_is_not_media_fails(api, client):
    url = upload(api, client, "notes.mp4", "video/mp4", b"these are meeting notes, not a video")

    body = api.finished(transcribe(api, url))

    assert body["data"]["error_code"] == "TRANSCRIPTION_FAILED"
    assert "is not audio or video the sandbox can read" in body["data"]["error_message"]


def test_the_fail_marker_in_the_file_url_fails_the_job(api):
    body = api.finished(transcribe(api, "https://cdn.example.com/talk__fail__.mp4"))

    assert body["data"] == {"status": "failed", "error_code": "TRANSCRIPTION_FAILED",
                            "error_message": "Transcription failed"}


def test_the_500_marker_answers_500_and_makes_no_job(api):
    response = api.post("/v2/transcription", {"fileUrl": "https://cdn.example.com/talk__500__.mp4"})

    assert response.status_code == 500
    assert not SandboxJob.objects.exists()


# --- quota -----------------------------------------------------------------------------------------


def transcription_minutes(api) -> dict:
    return api.get("/v1/quota").json()["transcriptionMinutes"]


def test_a_completed_transcription_adds_its_length_to_the_quota(api, client, tmp_path):
    url = uploaded(api, client, carrying_mp4(tmp_path / "a.mp4", CARRIED, seconds=12))
    before = transcription_minutes(api)

    api.finished(transcribe(api, url))
    failed = api.finished(transcribe(api, "https://cdn.example.com/b.mp4"))

    assert failed["success"] is False
    assert before == {"used": 0, "limit": 600}
    assert transcription_minutes(api) == {"used": pytest.approx(0.2, abs=0.01), "limit": 600}


def test_a_file_longer_than_the_minutes_left_fails(api, client, settings, tmp_path):
    settings.PICTORY_SANDBOX_TRANSCRIPTION_MINUTES_LIMIT = 0.1  # six seconds
    url = uploaded(api, client, carrying_mp4(tmp_path / "a.mp4", CARRIED, seconds=7))

    body = api.finished(transcribe(api, url))

    assert body["data"] == {"status": "failed", "error_code": "INSUFFICIENT_CREDITS",
                            "error_message": "The file needs 0.12 transcription minutes; 0.10 are left"}
    assert transcription_minutes(api)["used"] == 0


def test_used_up_minutes_fail_new_transcriptions(api, client, settings, tmp_path):
    url = uploaded(api, client, carrying_mp4(tmp_path / "a.mp4", CARRIED, seconds=7))
    first = api.finished(transcribe(api, url))
    settings.PICTORY_SANDBOX_TRANSCRIPTION_MINUTES_LIMIT = 0.1  # six seconds: used up by the first

    second = api.finished(transcribe(api, url))

    assert first["data"]["status"] == "completed"
    assert second["data"] == {"status": "failed", "error_code": "INSUFFICIENT_CREDITS",
                              "error_message": "Not enough transcription minutes left to transcribe this file"}


def test_the_no_credits_marker_fails_with_insufficient_credits(api):
    body = api.finished(transcribe(api, "https://cdn.example.com/talk__nocredits__.mp4"))

    assert body["data"]["error_code"] == "INSUFFICIENT_CREDITS"


# --- in the background ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_transcript_is_made_in_the_background_and_posted_to_the_webhook(api, client, settings, tmp_path):
    settings.PICTORY_SANDBOX_BACKGROUND_FINISH = True
    settings.PICTORY_SANDBOX_JOB_SECONDS = 3
    url = uploaded(api, client, carrying_mp4(tmp_path / "a.mp4", CARRIED))
    receiver = Receiver()
    try:
        job_id = transcribe(api, url, webhook=receiver.url, webhookInput={"recording": 7})
        deadline = time.monotonic() + 2.5
        while SandboxJob.objects.get(pk=job_id).prepared is None and time.monotonic() < deadline:
            time.sleep(0.05)
        prepared = SandboxJob.objects.get(pk=job_id).prepared
        still_running = api.job(job_id).json()["data"]
        posted = receiver.wait_for(1)[0]
        assert background.wait_idle(15)
    finally:
        receiver.close()

    # Made before the job was due (no request waited for it), delivered when due.
    assert prepared["status"] == "completed" and still_running == {"status": "in-progress"}
    assert posted["job_id"] == job_id and posted["webhookInput"] == {"recording": 7}
    assert spoken(posted["data"]["transcript"]) == [(w.word, w.start, w.end, w.speaker_id) for w in CARRIED]


def test_an_audio_upload_is_transcribed_as_audio(api, client, tmp_path):
    path = make_media(tmp_path / "tone.m4a", seconds=2, video=False, tone=None)
    url = uploaded(api, client, path, "audio/mp4")

    data = api.finished(transcribe(api, url, mediaType="audio"))["data"]

    assert data["status"] == "completed"
    assert data["mediaInfo"] == {"duration": pytest.approx(2.0, abs=0.1), "width": None, "height": None,
                                 "aspectRatio": None, "mediaType": "audio"}
    assert data["transcript"] == []  # silence says nothing
