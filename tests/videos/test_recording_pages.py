"""The recordings pages through Django's test client: adding, correcting, cutting and rendering
(no Pictory needed: the jobs are only queued here; the sandbox journeys run them)."""
import uuid

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from videos.models import (
    HighlightCut,
    JobKind,
    JobStatus,
    MediaAsset,
    MediaStatus,
    Project,
    Recording,
    RenderJob,
    Transcript,
)

pytestmark = pytest.mark.django_db


def _as(client, *roles):
    person = UserFactory(username=roles[0].lower(), roles=list(roles))
    client.force_login(person)
    return person


def _items():
    words = [("s1", [("Welcome", 0.0, 0.5), ("everyone.", 0.5, 1.2)]),
             ("s2", [("Brand", 2.0, 2.5), ("kits", 2.5, 3.0), ("matter.", 3.0, 3.6)])]
    return [{"uid": uid, "speakerId": 0, "words": [
        {"uid": f"{uid}-{n}", "word": w, "start_time": a, "end_time": b, "speakerId": 0, "sentence_index": i}
        for n, (w, a, b) in enumerate(ws)]} for i, (uid, ws) in enumerate(words)]


@pytest.fixture
def transcribed():
    job = RenderJob.objects.create(kind=JobKind.TRANSCRIPTION, status=JobStatus.COMPLETED, pictory_job_id="tx-9")
    recording = Recording.objects.create(title="Founder talk", url="https://cdn.example.test/talk.mp4",
                                         duration_seconds=4.0, width=1280, height=720, transcription_job=job)
    Transcript.objects.create(recording=recording, original=_items(), srt_url="https://cdn.example.test/t.srt")
    return recording


def test_the_empty_list_explains_the_next_step(client):
    _as(client, "Editor")
    page = client.get(reverse("videos:recording_list")).content.decode()
    assert "No recordings yet." in page
    assert "Add a recording" in page and 'name="url"' in page


def test_adding_by_address_queues_one_transcription_even_when_sent_twice(client, django_capture_on_commit_callbacks):
    _as(client, "Editor")
    token = str(uuid.uuid4())
    form = {"title": "Q3 webinar", "url": "https://cdn.example.test/q3.mp4", "language": "en-GB",
            "transcribe": "on", "request_token": token}
    with django_capture_on_commit_callbacks():
        first = client.post(reverse("videos:recording_list"), form)
        client.post(reverse("videos:recording_list"), form)

    recording = Recording.objects.get(title="Q3 webinar")
    assert first.status_code == 302 and first["Location"] == recording.get_absolute_url()
    job = RenderJob.objects.get(kind=JobKind.TRANSCRIPTION)  # one job for the two posts
    assert job.endpoint == "POST /v2/transcription"
    assert {k: job.payload[k] for k in ("fileUrl", "mediaType", "language")} == {
        "fileUrl": "https://cdn.example.test/q3.mp4", "mediaType": "video", "language": "en-GB"}
    assert recording.transcription_job == job
    page = client.get(recording.get_absolute_url()).content.decode()
    assert "Transcribing…" in page and 'hx-trigger="every 2s"' in page


def test_an_mp3_address_is_an_audio_recording(client):
    _as(client, "Editor")
    client.post(reverse("videos:recording_list"), {"url": "https://cdn.example.test/ep12.mp3", "language": "en-US"})
    recording = Recording.objects.get()
    assert (recording.kind, recording.title, recording.transcription_job) == ("audio", "ep12.mp3", None)
    assert "<audio" in client.get(recording.get_absolute_url()).content.decode()


@pytest.mark.parametrize("form, message", [
    ({}, "Pick or upload a video or audio file, or give its address."),
    ({"url": "not a url"}, "That is not a web address."),
    ({"media": "999"}, "Pick a video or audio file from the list, or upload one."),
    ({"media": "abc"}, "Pick a video or audio file from the list"),
    ({"url": "https://x.test/a.mp4", "language": "xx-XX"}, "Select a valid choice."),
])
def test_bad_recordings_are_refused_with_what_was_typed_kept(client, form, message):
    _as(client, "Editor")
    response = client.post(reverse("videos:recording_list"), {"title": "Keep me", "language": "en-US", **form})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'value="Keep me"' in page
    assert not Recording.objects.exists()


def test_a_library_file_still_uploading_is_not_offered_and_refused(client):
    _as(client, "Editor")
    asset = MediaAsset.objects.create(name="talk.mp4", kind="video", content_type="video/mp4",
                                      url="https://cdn.example.test/talk.mp4", status=MediaStatus.UPLOADING)
    page = client.get(reverse("videos:recording_list")).content.decode()
    assert "talk.mp4" not in page
    response = client.post(reverse("videos:recording_list"), {"media": str(asset.pk), "language": "en-US"})
    assert "Pick a video or audio file from the list" in response.content.decode()


def test_a_ready_library_video_becomes_a_recording_with_its_size(client):
    _as(client, "Editor")
    asset = MediaAsset.objects.create(name="keynote.mp4", kind="video", content_type="video/mp4", width=1920,
                                      height=1080, duration_seconds=612.5, url="https://cdn.example.test/k.mp4",
                                      status=MediaStatus.READY)
    client.post(reverse("videos:recording_list"), {"media": str(asset.pk), "language": "en-US"})
    recording = Recording.objects.get()
    assert (recording.title, recording.url, recording.width, recording.duration_seconds) == (
        "keynote.mp4", "https://cdn.example.test/k.mp4", 1920, 612.5)
    page = client.get(reverse("videos:recording_list")).content.decode()
    assert "10:12" in page and "1920×1080" in page and "Not transcribed" in page


def test_reviewers_watch_but_do_not_add_or_edit(client, transcribed):
    _as(client, "Reviewer")
    page = client.get(reverse("videos:recording_list")).content.decode()
    assert "Editors and admins add recordings" in page
    assert client.post(reverse("videos:recording_list"), {"url": "https://x.test/a.mp4"}).status_code == 403
    detail = client.get(transcribed.get_absolute_url()).content.decode()
    assert "Welcome" in detail and "Correct words" not in detail and "Render this cut" not in detail
    word = client.post(reverse("videos:recording_word", args=[transcribed.pk]), {"uid": "s1-0", "text": "Hi"})
    assert word.status_code == 403


def test_the_transcript_shows_each_word_with_its_time_for_the_player(client, transcribed):
    _as(client, "Editor")
    page = client.get(transcribed.get_absolute_url()).content.decode()
    assert 'id="recording-player"' in page and 'src="https://cdn.example.test/talk.mp4"' in page
    assert 'data-uid="s2-1" data-start="2.5" data-end="3.0">kits</span>' in page
    assert "Speaker 1" in page and 'data-seek="2.0">0:02</button>' in page
    assert 'href="https://cdn.example.test/t.srt"' in page


def test_correcting_a_word_answers_with_the_transcript_and_keeps_the_original(client, transcribed):
    _as(client, "Editor")
    response = client.post(reverse("videos:recording_word", args=[transcribed.pk]),
                           {"uid": "s2-0", "text": "Brand-new", "action": "save"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert 'class="w corrected"' in page and "Brand-new" in page
    assert "Pictory heard: Brand kits matter." in page
    transcript = Transcript.objects.get()
    assert transcript.original == _items()


def test_an_empty_correction_is_refused_in_place(client, transcribed):
    _as(client, "Editor")
    response = client.post(reverse("videos:recording_word", args=[transcribed.pk]),
                           {"uid": "s2-0", "text": "  ", "action": "save"}, HTTP_HX_REQUEST="true")
    assert "A word cannot be empty." in response.content.decode()
    assert Transcript.objects.get().corrected is None


def test_splitting_at_a_word_starts_a_new_sentence(client, transcribed):
    _as(client, "Editor")
    client.post(reverse("videos:recording_word", args=[transcribed.pk]), {"uid": "s2-1", "action": "split"},
                HTTP_HX_REQUEST="true")
    page = client.get(transcribed.get_absolute_url()).content.decode()
    assert page.count('<li class="sentence') == 3


def test_ticking_a_sentence_updates_the_running_length(client, transcribed):
    _as(client, "Editor")
    cut = HighlightCut.objects.create(recording=transcribed, name="Teaser", target_seconds=30, sentence_uids=["s1"])
    page = client.get(f"{transcribed.get_absolute_url()}?cut={cut.pk}").content.decode()
    assert "<strong>0:01</strong> of 0:30 asked · 1 sentence, 2 words" in page

    response = client.post(reverse("videos:recording_cut_sentence", args=[cut.pk]),
                           {"uid": "s2", "keep": "on"}, HTTP_HX_REQUEST="true")
    assert "<strong>0:03</strong> of 0:30 asked · 2 sentences, 5 words" in response.content.decode()
    cut.refresh_from_db()
    assert cut.sentence_uids == ["s1", "s2"]


def test_asking_for_highlights_names_the_cut_and_opens_it(client, transcribed, django_capture_on_commit_callbacks):
    _as(client, "Editor")
    with django_capture_on_commit_callbacks():
        response = client.post(reverse("videos:recording_cut_create", args=[transcribed.pk]),
                               {"seconds": "other", "other_seconds": "45", "request_token": str(uuid.uuid4())})
    cut = HighlightCut.objects.get()
    assert response["Location"].endswith(f"?cut={cut.pk}")
    assert (cut.name, cut.target_seconds, cut.highlights_job.payload["highlight_duration"]) == (
        "45 s highlight", 45, 45)
    page = client.get(response["Location"]).content.decode()
    assert "Pictory is picking the sentences…" in page


def test_a_bad_length_is_refused_with_a_message(client, transcribed):
    _as(client, "Editor")
    response = client.post(reverse("videos:recording_cut_create", args=[transcribed.pk]),
                           {"seconds": "other", "other_seconds": "3"}, follow=True)
    assert "A highlight lasts between 5 and 600 seconds." in response.content.decode()
    assert not HighlightCut.objects.exists()


def test_rendering_a_cut_makes_one_version_of_its_project(client, transcribed, django_capture_on_commit_callbacks):
    _as(client, "Editor")
    cut = HighlightCut.objects.create(recording=transcribed, name="Teaser", target_seconds=30, sentence_uids=["s2"])
    form = {"aspect_ratio": "9:16", "brand": "", "sound": "original", "request_token": str(uuid.uuid4())}
    with django_capture_on_commit_callbacks():
        first = client.post(reverse("videos:recording_cut_render", args=[cut.pk]), form)
        again = client.post(reverse("videos:recording_cut_render", args=[cut.pk]), form)

    project = Project.objects.get(highlight_cut=cut)
    assert first["Location"] == again["Location"] == project.get_absolute_url()
    [job] = RenderJob.objects.filter(kind=JobKind.RENDER)
    assert (job.project, job.version) == (project, 1)
    assert job.payload["scenes"][0]["videoUrl"] == "https://cdn.example.test/talk.mp4"
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Highlight cut: Teaser" in page and ">Preview<" not in page
    assert "Change the sentences" in page
    assert '<span class="timecode muted small">0:02</span> Brand kits matter.' in page


def test_an_empty_cut_is_not_rendered_and_says_why(client, transcribed):
    _as(client, "Editor")
    cut = HighlightCut.objects.create(recording=transcribed, name="Teaser", target_seconds=30)
    response = client.post(reverse("videos:recording_cut_render", args=[cut.pk]),
                           {"aspect_ratio": "9:16", "sound": "original"})
    assert response.status_code == 400
    assert "Keep at least one sentence" in response.content.decode()
    assert not RenderJob.objects.filter(kind=JobKind.RENDER).exists()


def test_a_podcast_becomes_one_video_of_every_sentence_narrated_by_itself(client, transcribed):
    _as(client, "Editor")
    Recording.objects.filter(pk=transcribed.pk).update(kind="audio", url="https://cdn.example.test/ep.mp3")
    page = client.get(transcribed.get_absolute_url()).content.decode()
    assert "Whole episode as a video" in page

    response = client.post(reverse("videos:recording_cut_whole", args=[transcribed.pk]))
    again = client.post(reverse("videos:recording_cut_whole", args=[transcribed.pk]))
    cut = HighlightCut.objects.get()  # asking twice makes one
    assert response["Location"] == again["Location"] == f"{transcribed.get_absolute_url()}?cut={cut.pk}"
    assert (cut.name, cut.sentence_uids, cut.highlights_job) == ("Whole episode", ["s1", "s2"], None)

    client.post(reverse("videos:recording_cut_render", args=[cut.pk]),
                {"aspect_ratio": "16:9", "sound": "original", "request_token": str(uuid.uuid4())})
    [job] = RenderJob.objects.filter(kind=JobKind.RENDER)
    assert job.payload["voiceOver"]["externalVoice"] == {"voiceUrl": "https://cdn.example.test/ep.mp3",
                                                         "syncVoice": True}
    assert job.payload["scenes"][0]["story"] == "Welcome everyone. Brand kits matter."


def test_a_video_recording_offers_no_whole_episode(client, transcribed):
    _as(client, "Editor")
    assert "Whole episode as a video" not in client.get(transcribed.get_absolute_url()).content.decode()


def test_back_to_pictorys_pick_undoes_the_editors_ticks(client, transcribed):
    _as(client, "Editor")
    cut = HighlightCut.objects.create(recording=transcribed, name="Teaser", target_seconds=30,
                                      sentence_uids=["s1"], suggested_uids=["s1"])
    url = f"{transcribed.get_absolute_url()}?cut={cut.pk}"
    assert "Back to Pictory's pick" not in client.get(url).content.decode()  # nothing changed yet

    client.post(reverse("videos:recording_cut_sentence", args=[cut.pk]), {"uid": "s2", "keep": "on"})
    assert "Back to Pictory's pick" in client.get(url).content.decode()
    response = client.post(reverse("videos:recording_cut_reset", args=[cut.pk]))
    assert response["Location"] == url
    cut.refresh_from_db()
    assert cut.sentence_uids == ["s1"]
