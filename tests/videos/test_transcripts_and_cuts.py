"""Transcript corrections kept apart from Pictory's original, highlight cuts' length, and the
render request built from a cut, field by field against the contract (§6, §11.5)."""
import pytest

from tests.factories import BrandFactory
from videos.models import HighlightCut, JobKind, JobStatus, Recording, RenderJob, Transcript
from videos.services.highlight_cuts import (
    CutRefused,
    cut_problems,
    cut_project,
    cut_request,
    cut_storyboard_body,
    cut_toggle_sentence,
    cut_view,
)
from videos.services.job_requests import request_plan
from videos.services.transcripts import (
    TranscriptEditRefused,
    transcript_correct_word,
    transcript_merge_sentences,
    transcript_revert,
    transcript_sentences,
    transcript_split_sentence,
)

SPOKEN = [
    ("s1", [("Welcome", 0.0, 0.4), ("to", 0.4, 0.55), ("the", 0.55, 0.7), ("webinar.", 0.7, 1.3)]),
    ("s2", [("Brand", 2.0, 2.4), ("kits", 2.4, 2.8), ("save", 2.8, 3.1), ("hours.", 3.1, 3.8)]),
    ("s3", [("Thanks", 5.0, 5.5), ("for", 5.5, 5.7), ("watching.", 5.7, 6.4)]),
]


def _items():
    items = []
    for index, (uid, words) in enumerate(SPOKEN):
        entries = [{"uid": f"{uid}-w{n}", "word": w, "start_time": start, "end_time": end, "speakerId": 0,
                    "sentence_index": index} for n, (w, start, end) in enumerate(words)]
        if index == 0:
            entries.append({"uid": "p1", "word": "", "is_pause": True, "pause_size": "medium",
                            "start_time": 1.3, "end_time": 2.0, "speakerId": 0, "sentence_index": 0})
        items.append({"uid": uid, "speakerId": 0, "words": entries})
    return items


@pytest.fixture
def recording(user):
    job = RenderJob.objects.create(kind=JobKind.TRANSCRIPTION, status=JobStatus.COMPLETED, pictory_job_id="tx-1")
    recording = Recording.objects.create(title="Spring webinar", url="https://cdn.example.test/webinar.mp4",
                                         duration_seconds=7.0, transcription_job=job, created_by=user)
    Transcript.objects.create(recording=recording, original=_items())
    return recording


def _texts(recording):
    return [s.text for s in transcript_sentences(Transcript.objects.get(recording=recording))]


def test_a_corrected_word_reads_corrected_while_pictorys_original_is_kept(recording, user):
    transcript = recording.transcript
    sentence = transcript_correct_word(transcript=transcript, word_uid="s2-w0", text="Brand-new", user=user)

    assert sentence.text == "Brand-new kits save hours."
    assert sentence.corrected and sentence.original_text == "Brand kits save hours."
    word = sentence.words[0]
    assert (word.text, word.original, word.start, word.end) == ("Brand-new", "Brand", 2.0, 2.4)
    transcript.refresh_from_db()
    assert transcript.original == _items()  # untouched
    assert transcript.corrected_by == user


def test_dropping_the_corrections_reads_as_pictory_heard_again(recording, user):
    transcript_correct_word(transcript=recording.transcript, word_uid="s1-w0", text="Hello", user=user)
    transcript_revert(transcript=recording.transcript)
    assert _texts(recording)[0] == "Welcome to the webinar."


def test_joining_two_sentences_keeps_the_first_uid_and_every_word(recording, user):
    transcript_merge_sentences(transcript=recording.transcript, sentence_uid="s1", user=user)
    sentences = transcript_sentences(Transcript.objects.get(recording=recording))
    assert [s.uid for s in sentences] == ["s1", "s3"]
    assert sentences[0].text == "Welcome to the webinar. Brand kits save hours."
    assert (sentences[0].start, sentences[0].end) == (0.0, 3.8)


def test_splitting_a_sentence_keeps_both_halves_in_the_cuts_that_kept_it(recording, user):
    cut = HighlightCut.objects.create(recording=recording, name="Teaser", target_seconds=30, sentence_uids=["s2"])
    new_uid = transcript_split_sentence(transcript=recording.transcript, word_uid="s2-w2", user=user)

    assert _texts(recording) == ["Welcome to the webinar.", "Brand kits", "save hours.", "Thanks for watching."]
    cut.refresh_from_db()
    assert cut.sentence_uids == ["s2", new_uid]
    assert cut_view(cut=cut).seconds == pytest.approx(0.8 + 1.0)


@pytest.mark.parametrize("edit, message", [
    (lambda t, u: transcript_correct_word(transcript=t, word_uid="s1-w0", text="   ", user=u), "cannot be empty"),
    (lambda t, u: transcript_correct_word(transcript=t, word_uid="s1-w0", text="x" * 61, user=u), "under 60"),
    (lambda t, u: transcript_correct_word(transcript=t, word_uid="nope", text="Hi", user=u), "no longer"),
    (lambda t, u: transcript_correct_word(transcript=t, word_uid="p1", text="Hi", user=u), "no longer"),
    (lambda t, u: transcript_merge_sentences(transcript=t, sentence_uid="s3", user=u), "nothing after it"),
    (lambda t, u: transcript_split_sentence(transcript=t, word_uid="s2-w0", user=u), "already starts"),
])
def test_edits_that_cannot_be_made_say_why_and_change_nothing(recording, user, edit, message):
    with pytest.raises(TranscriptEditRefused, match=message):
        edit(recording.transcript, user)
    recording.transcript.refresh_from_db()
    assert recording.transcript.corrected is None


def test_a_cut_lasts_the_sum_of_its_kept_sentences_and_follows_ticks(recording):
    cut = HighlightCut.objects.create(recording=recording, name="Teaser", target_seconds=5, sentence_uids=["s1"])
    assert cut_view(cut=cut).seconds == pytest.approx(1.3)

    cut = cut_toggle_sentence(cut=cut, sentence_uid="s3", keep=True)
    view = cut_view(cut=cut)
    assert [s.uid for s in view.kept] == ["s1", "s3"]  # in the recording's order, not the ticking order
    assert view.seconds == pytest.approx(1.3 + 1.4)
    assert view.words == 7
    cut = cut_toggle_sentence(cut=cut, sentence_uid="s1", keep=False)
    assert cut_view(cut=cut).seconds == pytest.approx(1.4)
    with pytest.raises(CutRefused, match="no longer in the transcript"):
        cut_toggle_sentence(cut=cut, sentence_uid="s9", keep=True)


def test_an_empty_cut_cannot_render_and_says_what_to_do(recording):
    cut = HighlightCut.objects.create(recording=recording, name="Teaser", target_seconds=30)
    [problem] = cut_problems(cut=cut)
    assert "Keep at least one sentence" in problem.message


@pytest.mark.parametrize("seconds, message", [("abc", "whole seconds"), (2, "between 5 and 600"),
                                              (601, "between 5 and 600"), ("", "whole seconds")])
def test_a_cut_length_out_of_range_is_refused(recording, user, seconds, message):
    with pytest.raises(CutRefused, match=message):
        cut_request(recording=recording, seconds=seconds, user=user)
    assert not HighlightCut.objects.exists()


def test_a_cut_needs_a_finished_transcription(user):
    recording = Recording.objects.create(title="Raw", url="https://cdn.example.test/raw.mp4", created_by=user)
    with pytest.raises(CutRefused, match="Transcribe the recording first"):
        cut_request(recording=recording, seconds=30, user=user)


def test_asking_for_highlights_freezes_the_call_with_the_transcription_job(recording, user,
                                                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        cut = cut_request(recording=recording, seconds=30, user=user)
    job = cut.highlights_job
    assert (cut.name, cut.target_seconds) == ("30 s teaser", 30)
    assert job.kind == JobKind.HIGHLIGHTS and job.status == JobStatus.QUEUED
    assert job.endpoint == "POST /v2/transcription/tx-1/highlights"
    assert job.payload["highlight_duration"] == 30 and job.payload["language"] == "en"


def test_the_render_of_a_video_cut_sends_one_video_scene_with_the_marked_transcript(recording, user):
    brand = BrandFactory(name="Acme", pictory_brand_id="br-1")
    cut = HighlightCut.objects.create(recording=recording, name="Teaser", target_seconds=30, sentence_uids=["s2"])
    transcript_correct_word(transcript=recording.transcript, word_uid="s2-w3", text="hours!", user=user)
    project = cut_project(cut=cut, user=user)
    project.brand = brand
    project.save()

    body = cut_storyboard_body(project=project, cut=cut)

    assert body["videoName"] == "Spring webinar — Teaser"
    assert body["aspectRatio"] == "9:16" and body["language"] == "en"
    assert body["brandId"] == "br-1"
    assert "voiceOver" not in body  # the recording's own sound
    [scene] = body["scenes"]
    assert scene["videoUrl"] == "https://cdn.example.test/webinar.mp4"
    assert scene["audioLanguage"] == "en-US"
    assert scene["mediaRepurposeSettings"] == {"useHighlights": True}
    kept_words = [w["word"] for s in scene["transcript"] for w in s["words"] if w["highlight"]]
    assert kept_words == ["Brand", "kits", "save", "hours!"]  # the correction, not what Pictory heard
    assert [s["uid"] for s in scene["transcript"]] == ["s1", "s2", "s3"]
    pause = next(w for w in scene["transcript"][0]["words"] if w.get("is_pause"))
    assert pause["highlight"] is False


def test_a_cut_read_by_a_voice_sends_the_projects_voice(recording, user):
    cut = HighlightCut.objects.create(recording=recording, name="Teaser", target_seconds=30, sentence_uids=["s1"],
                                      voice_over=True)
    project = cut_project(cut=cut, user=user)
    body = cut_storyboard_body(project=project, cut=cut)
    assert body["voiceOver"] == {"enabled": True, "aiVoices": [{"speaker": project.voice_speaker,
                                                                "speed": project.voice_speed}]}


def test_a_whole_podcast_becomes_scenes_narrated_by_the_recording(recording, user):
    Recording.objects.filter(pk=recording.pk).update(kind="audio", url="https://cdn.example.test/episode.mp3")
    recording.refresh_from_db()
    cut = HighlightCut.objects.create(recording=recording, name="Episode", target_seconds=600,
                                      sentence_uids=["s1", "s2", "s3"])
    project = cut_project(cut=cut, user=user)
    body = cut_storyboard_body(project=project, cut=cut)

    assert body["voiceOver"] == {"enabled": True, "externalVoice": {"voiceUrl": "https://cdn.example.test/episode.mp3",
                                                                     "syncVoice": True}}
    assert " ".join(s["story"] for s in body["scenes"]) == (
        "Welcome to the webinar. Brand kits save hours. Thanks for watching.")


def test_part_of_a_podcast_is_an_audio_scene_of_the_kept_sentences(recording, user):
    Recording.objects.filter(pk=recording.pk).update(kind="audio", url="https://cdn.example.test/episode.mp3")
    recording.refresh_from_db()
    cut = HighlightCut.objects.create(recording=recording, name="Clip", target_seconds=30, sentence_uids=["s3"])
    body = cut_storyboard_body(project=cut_project(cut=cut, user=user), cut=cut)
    [scene] = body["scenes"]
    assert scene["audioUrl"] == "https://cdn.example.test/episode.mp3" and "videoUrl" not in scene


def test_the_cut_project_is_made_once_and_its_plan_uses_the_cut(recording, user):
    cut = HighlightCut.objects.create(recording=recording, name="Teaser", target_seconds=30, sentence_uids=["s1", "s2"])
    project = cut_project(cut=cut, user=user)
    assert cut_project(cut=HighlightCut.objects.get(pk=cut.pk), user=user) == project

    plan = request_plan(project=project, voice_names=None)
    assert plan.problems == []
    assert plan.seconds == pytest.approx(1.3 + 1.8)
    assert plan.body["scenes"][0]["videoUrl"] == recording.url
