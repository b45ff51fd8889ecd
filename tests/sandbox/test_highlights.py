"""Highlights (contract §4.2, §5.5): whole sentences chosen to fill a length, from a transcription
job or from a transcript in the body, in both transcript shapes."""

import pytest

from pictory_studio.sandbox import highlights
from pictory_studio.sandbox.models import JobKind, SandboxJob
from pictory_studio.sandbox.spoken_words import SpokenWord

from .conftest import story_body
from .media_files import file_text
from .media_files import transcript as sentence_transcript
from .test_transcription import carrying_mp4, transcribe, uploaded

pytestmark = pytest.mark.django_db


def sentence(text: str, start: float, seconds: float, *, pause_after: float = 0.0) -> dict:
    """A transcript sentence whose words share `seconds` evenly; a pause marker after it if asked."""
    texts = text.split()
    step = seconds / len(texts)
    words = [{"uid": f"{start}-{i}", "word": word, "start_time": round(start + i * step, 3),
              "end_time": round(start + (i + 1) * step, 3), "speakerId": 0, "sentence_index": 0}
             for i, word in enumerate(texts)]
    if pause_after:
        words.append({"uid": f"{start}-p", "word": "", "is_pause": True, "pause_size": "small",
                      "start_time": round(start + seconds, 3), "end_time": round(start + seconds + pause_after, 3),
                      "speakerId": 0, "sentence_index": 0})
    return {"uid": f"s{start}", "speakerId": 0, "words": words}


def talk(*texts_and_seconds) -> list[dict]:
    """Sentences one after another, 0.5 s apart."""
    sentences, at = [], 0.0
    for text, seconds in texts_and_seconds:
        sentences.append(sentence(text, at, seconds, pause_after=0.5))
        at += seconds + 0.5
    return sentences


BRAND_TALK = talk(
    ("Good morning everyone and thanks for joining.", 3.0),
    ("The brand kit keeps your logo and brand colours.", 4.0),
    ("We had sandwiches for lunch yesterday afternoon.", 4.0),
    ("Every video can use the brand kit and its logo.", 4.0),
    ("The weather was nice on the way in.", 3.0),
    ("Your brand colours follow the subtitles and the logo.", 4.0),
)


def seconds_of(sentences, indexes) -> float:
    return sum(s["words"][-2]["end_time"] - s["words"][0]["start_time"] for s in (sentences[i] for i in indexes))


# --- the choice --------------------------------------------------------------------------------


def test_the_sentences_about_the_topic_are_chosen_in_order_within_the_length():
    choice = highlights.highlight_choose(sentences=BRAND_TALK, target_seconds=9)

    assert choice.indexes == (1, 3)
    assert choice.seconds == pytest.approx(8.0)


@pytest.mark.parametrize("target", [3, 5, 7, 9, 11, 15, 20, 30])
def test_the_total_never_exceeds_the_length_and_keeps_the_order(target):
    choice = highlights.highlight_choose(sentences=BRAND_TALK, target_seconds=target)

    assert choice.seconds <= target
    assert choice.seconds == pytest.approx(seconds_of(BRAND_TALK, choice.indexes))
    assert list(choice.indexes) == sorted(choice.indexes)
    assert choice.indexes  # every length here fits at least one sentence


def test_a_sentence_that_does_not_fit_is_skipped_for_one_that_does():
    choice = highlights.highlight_choose(sentences=BRAND_TALK, target_seconds=11)

    # The two brand sentences (8 s) and then the best one that still fits: a 3 s sentence.
    assert 1 in choice.indexes and 3 in choice.indexes
    assert choice.seconds == pytest.approx(11.0)


def test_a_long_sentence_is_not_chosen_only_for_its_length():
    sentences = talk(
        ("The studio makes highlights.", 2.0),
        ("Yesterday seventeen colleagues travelled through beautiful mountains, tasting regional cheeses, "
         "admiring ancient castles, photographing waterfalls, collecting postcards.", 2.0),
        ("The studio picks highlights quickly.", 2.0),
        ("Highlights from the studio save time.", 2.0),
    )

    choice = highlights.highlight_choose(sentences=sentences, target_seconds=2)

    assert choice.indexes == (0,)


def test_when_every_sentence_is_too_long_the_shortest_one_is_the_highlight():
    sentences = talk(("The brand kit keeps your logo.", 9.0), ("Brand colours everywhere.", 7.0),
                     ("The brand kit again and again.", 8.0))

    choice = highlights.highlight_choose(sentences=sentences, target_seconds=5)

    assert choice.indexes == (1,)
    assert choice.seconds == pytest.approx(7.0)


def test_of_equal_sentences_the_earlier_one_wins():
    sentences = talk(("Studio highlights save time.", 2.0), ("Weather report.", 2.0),
                     ("Studio highlights save time.", 2.0))

    assert highlights.highlight_choose(sentences=sentences, target_seconds=3).indexes == (0,)


def test_the_same_transcript_and_length_give_the_same_choice():
    first = highlights.highlight_choose(sentences=BRAND_TALK, target_seconds=12)
    second = highlights.highlight_choose(sentences=[dict(s) for s in BRAND_TALK], target_seconds=12)

    assert first == second


def test_other_languages_find_their_function_words_without_a_list():
    sentences = talk(
        ("Bienvenidos a la reunión de hoy.", 3.0),
        ("La marca tiene colores propios.", 3.0),
        ("El logo de la marca aparece siempre.", 3.0),
        ("Es la de la tarde.", 3.0),  # "la" and "de" would make it the best sentence
    )

    choice = highlights.highlight_choose(sentences=sentences, target_seconds=6, language="es")

    assert choice.indexes == (1, 2)


def test_every_word_is_marked_and_pauses_of_chosen_sentences_too():
    choice = highlights.highlight_choose(sentences=BRAND_TALK, target_seconds=9)

    marked = highlights.highlight_mark(sentences=BRAND_TALK, choice=choice)

    for index, item in enumerate(marked):
        assert [w["highlight"] for w in item["words"]] == [index in (1, 3)] * len(item["words"])
    assert marked[1]["words"][-1]["is_pause"] is True
    assert "highlight" not in BRAND_TALK[1]["words"][0]  # the input is left as it was


# --- from a transcription job ------------------------------------------------------------------

SPOKEN = [
    ("Good", "morning", "everyone."),
    ("The", "brand", "kit", "keeps", "your", "logo", "and", "brand", "colours."),
    ("We", "had", "lunch."),
    ("Every", "video", "can", "use", "the", "brand", "kit."),
]


def carried_talk() -> list[SpokenWord]:
    words, at = [], 0.2
    for index, texts in enumerate(SPOKEN):
        for text in texts:
            words.append(SpokenWord(text, round(at, 3), round(at + 0.4, 3), 0, index))
            at += 0.5
        at += 0.6
    return words


@pytest.fixture
def transcription_job(api, client, tmp_path) -> str:
    url = uploaded(api, client, carrying_mp4(tmp_path / "talk.mp4", carried_talk(), language="en", seconds=14))
    job_id = transcribe(api, url)
    assert api.finished(job_id)["data"]["status"] == "completed"
    return job_id


def highlights_from(api, job_id, body) -> str:
    response = api.post(f"/v2/transcription/{job_id}/highlights", body)
    assert response.status_code == 200, response.content
    return response.json()["data"]["jobId"]


def test_highlights_of_a_transcription_job_mark_whole_sentences(api, client, transcription_job):
    source = api.job(transcription_job).json()["data"]

    body = api.finished(highlights_from(api, transcription_job, {"highlight_duration": 8}))

    data = body["data"]
    assert body["success"] is True and data["status"] == "completed"
    kept = [[w["word"] for w in s["words"] if not w.get("is_pause")]
            for s in data["transcript"] if all(w["highlight"] for w in s["words"])]
    assert kept == [list(SPOKEN[1]), list(SPOKEN[3])]
    assert all(not any(w["highlight"] for w in s["words"]) for s in (data["transcript"][0], data["transcript"][2]))
    assert data["highlightDuration"] == 8
    assert data["highlightedDuration"] == pytest.approx(4.4 + 3.4) and data["highlightedDuration"] <= 8
    assert data["mediaInfo"] == source["mediaInfo"]
    assert [s["uid"] for s in data["transcript"]] == [s["uid"] for s in source["transcript"]]
    assert file_text(client, data["txt"]).splitlines() == [" ".join(SPOKEN[1]), " ".join(SPOKEN[3])]
    assert SandboxJob.objects.get(pk=body["job_id"]).kind == JobKind.HIGHLIGHTS


def test_asking_twice_gives_the_same_highlights(api, transcription_job):
    first = api.finished(highlights_from(api, transcription_job, {"highlight_duration": 6}))["data"]
    second = api.finished(highlights_from(api, transcription_job, {"highlight_duration": 6}))["data"]

    assert first["transcript"] == second["transcript"]


@pytest.mark.parametrize("status", [404, 200])
def test_an_unknown_job_is_job_not_found(api, settings, status):
    settings.PICTORY_SANDBOX_JOB_NOT_FOUND_STATUS = status
    for missing in ("00000000-0000-4000-8000-000000000000", "not-a-job"):
        response = api.post(f"/v2/transcription/{missing}/highlights", {"highlight_duration": 30})

        assert response.status_code == status
        assert response.json() == {"job_id": missing, "success": False,
                                   "data": {"error_code": "5000", "error_message": "JOB_NOT_FOUND"}}


def test_a_render_job_cannot_give_highlights(api):
    render_id = api.create(story_body(), render=False)

    response = api.post(f"/v2/transcription/{render_id}/highlights", {"highlight_duration": 30})

    assert response.status_code == 400
    assert response.json()["message"] == (
        f"Job {render_id} is a preview job; highlights are made from a completed transcription job")
    assert SandboxJob.objects.filter(kind=JobKind.HIGHLIGHTS).count() == 0


def test_an_unfinished_or_failed_transcription_cannot_give_highlights(api):
    running = transcribe(api, "https://cdn.example.com/talk.mp4")
    failed = transcribe(api, "https://cdn.example.com/talk__fail__.mp4")
    api.finished(failed)

    early = api.post(f"/v2/transcription/{running}/highlights", {"highlight_duration": 30})
    late = api.post(f"/v2/transcription/{failed}/highlights", {"highlight_duration": 30})

    assert early.status_code == 400 and late.status_code == 400
    assert early.json()["fields"] == [{"name": "jobId", "errors": (
        f"Transcription job {running} is not completed yet; highlights are made from a completed transcription job")}]
    assert "is failed" in late.json()["message"]


@pytest.mark.parametrize(
    "body, field, message",
    [
        ({}, "highlight_duration", "is required"),
        ({"highlight_duration": 4}, "highlight_duration", "must be between 5 and 3600"),
        ({"highlight_duration": 3601}, "highlight_duration", "must be between 5 and 3600"),
        ({"highlight_duration": 30.5}, "highlight_duration", "must be an integer"),
        ({"highlight_duration": "30"}, "highlight_duration", "must be an integer"),
        ({"highlight_duration": True}, "highlight_duration", "must be an integer"),
        ({"highlight_duration": 30, "language": "english"}, "language", "must be a language code"),
        ({"highlight_duration": 30, "language": "xx"}, "language", "must be a language code"),
        ({"highlight_duration": 30, "language": "en-USA"}, "language", "must be a language code"),
        ({"highlight_duration": 30, "webhook": "mailto:me"}, "webhook", "must be an http(s) URL"),
    ],
)
def test_bad_highlight_bodies_are_refused_per_field(api, transcription_job, body, field, message):
    response = api.post(f"/v2/transcription/{transcription_job}/highlights", body)

    assert response.status_code == 400
    [entry] = response.json()["fields"]
    assert entry["name"] == field and entry["errors"].startswith(message)


@pytest.mark.parametrize("language", ["en", "en-US", "es", "pt-BR", "ZH"])
def test_two_letter_and_regional_languages_are_accepted(api, transcription_job, language):
    response = api.post(f"/v2/transcription/{transcription_job}/highlights",
                        {"highlight_duration": 30, "language": language})

    assert response.status_code == 200


# --- from a transcript in the body -----------------------------------------------------------------


def test_a_transcript_of_sentence_objects_gets_highlights(api):
    response = api.post("/v2/transcription/highlights", {"transcript": sentence_transcript(), "highlight_duration": 5})
    assert response.status_code == 200, response.content

    data = api.finished(response.json()["data"]["jobId"])["data"]

    chosen = [s for s in data["transcript"] if s["words"][0]["highlight"]]
    assert len(chosen) == 3  # 1.55 s each
    assert all(all(w["highlight"] for w in s["words"]) for s in chosen)
    assert data["highlightedDuration"] == pytest.approx(4.65) and data["highlightDuration"] == 5
    assert [s["uid"] for s in data["transcript"]] == [f"s{i}" for i in range(6)]  # the caller's uids kept
    assert data["mediaInfo"]["duration"] == pytest.approx(12.2)  # the end of the transcript


def test_a_transcript_of_segments_gets_highlights(api, client):
    segments = [
        {"text": "Welcome to the quarterly review.", "start": 0.0, "end": 2.0},
        {"text": "Revenue grew in every region this quarter.", "start": 2.5, "end": 5.5},
        {"text": "The coffee machine is broken.", "start": 6.0, "end": 8.0},
        {"text": "Next quarter we expect revenue to grow again.", "start": 8.5, "end": 11.5},
    ]
    response = api.post("/v1/transcription/highlights",
                        {"transcript": segments, "highlight_duration": 6, "duration": 12.0})
    assert response.status_code == 200, response.content
    data = response.json()["data"]
    assert data["jobId"] == data["job_id"]

    result = api.finished(data["jobId"])["data"]

    sentences = result["transcript"]
    assert [" ".join(w["word"] for w in s["words"]) for s in sentences] == [s["text"] for s in segments]
    assert sentences[1]["words"][0]["start_time"] == 2.5 and sentences[1]["words"][-1]["end_time"] == 5.5
    assert [s["words"][0]["highlight"] for s in sentences] == [False, True, False, True]
    assert result["highlightedDuration"] == pytest.approx(6.0)
    assert result["mediaInfo"]["duration"] == 12.0
    assert file_text(client, result["txt"]).splitlines() == [segments[1]["text"], segments[3]["text"]]


@pytest.mark.parametrize(
    "transcript, field, message",
    [
        (None, "transcript", "is required"),
        ([], "transcript", "must contain at least 1 item"),
        ("text", "transcript", "must be an array"),
        ([{"uid": "s0"}], "transcript[0]", "must be a sentence"),
        ([{"words": []}], "transcript[0].words", "must contain at least 1 item"),
        ([{"words": [{"word": "hi", "end_time": 1}]}], "transcript[0].words[0].start_time", "is required"),
        ([{"words": [{"word": "hi", "start_time": 2, "end_time": 1}]}], "transcript[0].words[0].end_time",
         "must not be before start_time"),
        ([{"words": [{"word": "hi", "start_time": -1, "end_time": 1}]}], "transcript[0].words[0].start_time",
         "must be at least 0"),
        ([{"text": "hello", "start": 0}], "transcript[0].end", "is required"),
        ([{"text": " ", "start": 0, "end": 1}], "transcript[0].text", "must not be empty"),
        ([{"text": "hi", "start": 3, "end": 1}], "transcript[0].end", "must not be before start"),
    ],
)
def test_bad_transcripts_are_refused_per_field(api, transcript, field, message):
    body = {"highlight_duration": 30}
    if transcript is not None:
        body["transcript"] = transcript

    response = api.post("/v2/transcription/highlights", body)

    assert response.status_code == 400
    [entry] = response.json()["fields"]
    assert entry["name"] == field and entry["errors"].startswith(message)
    assert not SandboxJob.objects.exists()
