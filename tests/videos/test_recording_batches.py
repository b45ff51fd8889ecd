"""Bulk highlight clips: the pasted list, the launch, and each row moving on by itself from
transcription to highlights to a rendered clip — at most one job of each kind per row."""
import uuid

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from pictory_studio.pictory import JobStatus as PictoryStatus
from tests.factories import BrandFactory, UserFactory
from videos.models import (
    HighlightCut,
    JobKind,
    JobStatus,
    Project,
    QuotaSnapshot,
    Recording,
    RecordingBatch,
    RenderJob,
)
from videos.services.job_status import render_job_apply_status
from videos.services.recording_batch_lines import (
    MAX_ROWS,
    BatchLine,
    LinesRefused,
    recording_batch_lines_from_upload,
    recording_batch_lines_parse,
)
from videos.services.recording_batch_rows import recording_batch_rows
from videos.services.recording_batches import (
    BatchRefused,
    highlights_token,
    recording_batch_job_finished,
    recording_batch_launch,
    recording_batch_result_stored,
    render_token,
    transcription_token,
)

pytestmark = pytest.mark.django_db
BULK = reverse("videos:recording_batches")


# --- the pasted list ---------------------------------------------------------------------------

def _parsed(text):
    return recording_batch_lines_parse(text=text)


def test_each_line_is_a_recording_with_its_optional_title_and_length():
    parsed = _parsed("https://cdn.test/a.mp4, Q3 webinar, 45\n\n"
                     "https://cdn.test/b.mp4\n"
                     "https://cdn.test/c.mp4,,1:30\n"
                     'https://cdn.test/d.mp4, "Growth, retention", 60s\n'
                     "https://cdn.test/e.mp4, Sales, tips and tricks, 20\n"
                     "https://cdn.test/f.mp3\tPodcast 12\t90\n")
    assert parsed.refused == [] and parsed.problem == ""
    assert parsed.rows == [
        BatchLine(1, "https://cdn.test/a.mp4", "Q3 webinar", 45),
        BatchLine(3, "https://cdn.test/b.mp4", "", None),
        BatchLine(4, "https://cdn.test/c.mp4", "", 90),
        BatchLine(5, "https://cdn.test/d.mp4", "Growth, retention", 60),
        BatchLine(6, "https://cdn.test/e.mp4", "Sales, tips and tricks", 20),
        BatchLine(7, "https://cdn.test/f.mp3", "Podcast 12", 90),
    ]


def test_a_line_naming_the_columns_sets_their_order_for_the_lines_after_it():
    parsed = _parsed("https://cdn.test/a.mp4, Recording, 20\n"
                     "Seconds;Title;URL\n30;Keynote;https://cdn.test/k.mp4\n;;https://cdn.test/j.mp4\n")
    assert parsed.rows == [BatchLine(1, "https://cdn.test/a.mp4", "Recording", 20),
                           BatchLine(3, "https://cdn.test/k.mp4", "Keynote", 30),
                           BatchLine(4, "https://cdn.test/j.mp4", "", None)]


@pytest.mark.parametrize("line, reason", [
    (", Lost title, 30", "the recording's address is missing"),
    ("ftp://cdn.test/a.mp4", "“ftp://cdn.test/a.mp4” is not a web address: it must start with https://"),
    ("www.cdn.test/a.mp4, Talk", "is not a web address: it must start with https://"),
    ("https://, Talk", "“https://” is not a valid web address"),
    ("https://cdn.test/a.mp4, Talk, 4", "a clip lasts between 5 and 600 seconds, not 4"),
    ("https://cdn.test/a.mp4, Talk, 601", "a clip lasts between 5 and 600 seconds, not 601"),
    ("https://cdn.test/a.mp4, Talk, 45.5", "the length “45.5” is not whole seconds"),
    ("https://cdn.test/a.mp4, Talk, soon", "the length “soon” is not whole seconds"),
    ("https://cdn.test/first.mp4, Again", "the same address as line 1"),
    ("https://cdn.test/a.mp4, " + "T" * 201, "the title is longer than 200 characters"),
])
def test_a_bad_line_is_refused_with_its_number_and_the_rest_kept(line, reason):
    parsed = _parsed(f"https://cdn.test/first.mp4\n{line}\nhttps://cdn.test/third.mp4, Kept, 30\n")
    [refused] = parsed.refused
    assert refused.line == 2 and reason in refused.reason
    assert [(row.line, row.url) for row in parsed.rows] == [(1, "https://cdn.test/first.mp4"),
                                                            (3, "https://cdn.test/third.mp4")]
    assert parsed.problem == ""


@pytest.mark.parametrize("text, problem", [
    ("", "Paste at least one recording address"),
    ("  \n\n \n", "Paste at least one recording address"),
    ("url,title,seconds\n", "Paste at least one recording address"),
    ("".join(f"https://cdn.test/{n}.mp4\n" for n in range(MAX_ROWS + 1)),
     f"A batch takes up to {MAX_ROWS} recordings; this list has {MAX_ROWS + 1}."),
])
def test_a_list_that_cannot_be_launched_says_why(text, problem):
    assert problem in _parsed(text).problem


def test_exactly_the_most_rows_a_batch_takes_is_fine():
    parsed = _parsed("".join(f"https://cdn.test/{n}.mp4\n" for n in range(MAX_ROWS)))
    assert len(parsed.rows) == MAX_ROWS and parsed.problem == ""


def test_an_uploaded_csv_is_read_as_text_whatever_its_encoding():
    assert recording_batch_lines_from_upload(data="\ufeffurl,title\nhttps://a.test/x.mp4,Café\n".encode()) == (
        "url,title\nhttps://a.test/x.mp4,Café\n")
    assert recording_batch_lines_from_upload(data="https://a.test/x.mp4,Café".encode("cp1252")).endswith("Café")
    with pytest.raises(LinesRefused, match="not a CSV"):
        recording_batch_lines_from_upload(data=b"PK\x03\x04\x00\x00binary")
    with pytest.raises(LinesRefused, match="larger than"):
        recording_batch_lines_from_upload(data=b"https://a.test/x.mp4\n" * 30000)


# --- launching ---------------------------------------------------------------------------------

@pytest.fixture
def editor(db):
    return UserFactory(username="ed")


def _launch(user, text="https://cdn.test/webinar.mp4, Webinar, 45\nhttps://cdn.test/talk.mp4\n", **settings):
    options = {"name": "Summit", "target_seconds": 30, "aspect_ratio": "9:16", "brand": None, **settings}
    return recording_batch_launch(lines=_parsed(text).rows, user=user, **options)


def test_launch_adds_each_recording_and_queues_one_transcription_each(editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as sent:
        batch = _launch(editor)
    webinar, talk = batch.recordings.order_by("batch_line")
    assert (webinar.title, webinar.batch_line, webinar.batch_seconds) == ("Webinar", 1, 45)
    assert (talk.title, talk.batch_line, talk.batch_seconds, talk.kind) == ("talk.mp4", 2, None, "video")
    for recording in (webinar, talk):
        job = recording.transcription_job
        assert (job.kind, job.status, job.request_token) == (JobKind.TRANSCRIPTION, JobStatus.QUEUED,
                                                             transcription_token(recording.pk))
        assert job.payload["fileUrl"] == recording.url and job.payload["language"] == "en-US"
    assert len(sent) == 2  # one submission each, sent once the launch is saved


@pytest.mark.parametrize("settings, message", [
    ({"target_seconds": 4}, "between 5 and 600 seconds"),
    ({"target_seconds": 601}, "between 5 and 600 seconds"),
    ({"aspect_ratio": "3:2"}, "Pick one of the shapes"),
    ({"language": "xx-XX"}, "Pick one of the spoken languages"),
    ({"text": ""}, "Paste at least one recording address"),
])
def test_a_batch_with_bad_settings_is_refused_and_adds_nothing(editor, settings, message):
    with pytest.raises(BatchRefused, match=message):
        _launch(editor, **settings)
    assert not Recording.objects.exists() and not RecordingBatch.objects.exists()


def test_an_archived_brand_kit_is_refused(editor):
    brand = BrandFactory(name="Old look", archived_at=timezone.now())
    with pytest.raises(BatchRefused, match="Old look was archived"):
        _launch(editor, brand=brand)


def test_a_launch_sent_twice_makes_one_batch(editor):
    token = uuid.uuid4()
    first = _launch(editor, request_token=token)
    assert _launch(editor, request_token=token) == first
    assert Recording.objects.count() == 2 and RenderJob.objects.count() == 2


# --- the chain: each stage starts when the one before finishes ---------------------------------

WORDS = [("s1", [("Welcome", 0.0, 0.5), ("everyone.", 0.5, 1.2)]),
         ("s2", [("Brand", 2.0, 2.5), ("kits", 2.5, 3.0), ("save", 3.0, 3.4), ("hours.", 3.4, 4.0)]),
         ("s3", [("Thanks", 5.0, 5.5), ("for", 5.5, 5.7), ("watching.", 5.7, 6.4)])]


def _transcript(keep=()):
    return [{"uid": uid, "speakerId": 0, "words": [
        {"uid": f"{uid}-{n}", "word": w, "start_time": a, "end_time": b, "speakerId": 0, "sentence_index": i,
         **({"highlight": uid in keep} if keep is not None else {})}
        for n, (w, a, b) in enumerate(ws)]} for i, (uid, ws) in enumerate(WORDS)]


def _accepted(job):
    """Pictory took the job (what the submit task records)."""
    RenderJob.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(status=JobStatus.IN_PROGRESS,
                                                                         pictory_job_id=f"px-{job.pk}")


def _body(job, **data):
    return {"job_id": f"px-{job.pk}", "success": True, "data": data}


def _transcribed(job):
    return _body(job, status="completed", transcript=_transcript(keep=None), txt="https://cdn.test/t.txt",
                 mediaInfo={"duration": 6.4, "width": 1280, "height": 720, "mediaType": "video"})


def _highlighted(job, keep=("s2",)):
    return _body(job, status="completed", transcript=_transcript(keep=keep), highlightDuration=30,
                 highlightedDuration=2.0)


def _apply(job, body):
    """A status read of the job, as the poller or the webhook brings it."""
    _accepted(job)
    return render_job_apply_status(job_id=job.pk, status=PictoryStatus.from_body(body))


def _row(recording):
    [row] = [r for r in recording_batch_rows(batch=recording.batch) if r.recording.pk == recording.pk]
    return row


@pytest.fixture
def launched(editor):
    brand = BrandFactory(name="Acme", pictory_brand_id="br-7")
    batch = _launch(editor, brand=brand, aspect_ratio="1:1")
    return batch, *batch.recordings.order_by("batch_line")


def test_the_chain_goes_from_transcript_to_highlights_to_a_rendered_clip(launched, editor):
    batch, webinar, talk = launched
    assert [_row(r).label for r in (webinar, talk)] == ["Waiting", "Waiting"]
    _accepted(webinar.transcription_job)
    assert _row(webinar).label == "Transcribing"

    _apply(webinar.transcription_job, _transcribed(webinar.transcription_job))
    webinar.refresh_from_db()
    cut = webinar.batch_cut
    assert cut.recording == webinar and cut.target_seconds == 45  # the row's own length
    highlights = cut.highlights_job
    assert (highlights.status, highlights.request_token) == (JobStatus.QUEUED, highlights_token(webinar.pk))
    assert highlights.endpoint == f"POST /v2/transcription/px-{webinar.transcription_job_id}/highlights"
    assert highlights.payload["highlight_duration"] == 45
    assert webinar.transcript.original[1]["words"][0]["word"] == "Brand"
    assert (_row(webinar).label, _row(talk).label) == ("Picking highlights", "Waiting")

    _apply(highlights, _highlighted(highlights))
    webinar.refresh_from_db()
    render = webinar.batch_render
    project = Project.objects.get(highlight_cut=cut)
    assert (render.kind, render.version, render.project, render.status) == ("render", 1, project, JobStatus.QUEUED)
    assert render.request_token == render_token(cut.pk) and render.created_by == editor
    assert (project.aspect_ratio, project.brand.name, project.owner) == ("1:1", "Acme", editor)
    assert render.payload["aspectRatio"] == "1:1" and render.payload["brandId"] == "br-7"
    kept = [w["word"] for s in render.payload["scenes"][0]["transcript"] for w in s["words"] if w["highlight"]]
    assert kept == ["Brand", "kits", "save", "hours."]
    assert _row(webinar).label == "Rendering"

    _apply(render, _body(render, status="completed", videoURL="https://cdn.test/clip.mp4", videoDuration=4.0))
    row = _row(webinar)
    assert row.label == "Ready" and row.render.video_url == "https://cdn.test/clip.mp4"
    assert _row(talk).label == "Waiting"


def test_the_talk_without_a_length_gets_the_batchs(launched):
    batch, webinar, talk = launched
    _apply(talk.transcription_job, _transcribed(talk.transcription_job))
    talk.refresh_from_db()
    assert talk.batch_cut.target_seconds == 30 and talk.batch_cut.highlights_job.payload["highlight_duration"] == 30


def test_the_hook_run_twice_or_at_once_makes_one_job_per_stage(launched):
    """django-q2 may deliver a status read twice, and two workers may store the same result at once."""
    batch, webinar, talk = launched
    transcription = webinar.transcription_job
    _apply(transcription, _transcribed(transcription))  # words stored, job completed, next stage asked
    _apply(transcription, _transcribed(transcription))  # the same status read applied again
    recording_batch_result_stored(job=transcription)  # the completion hook delivered again
    # A second worker that read the row before the first linked its cut:
    Recording.objects.filter(pk=webinar.pk).update(batch_cut=None)
    recording_batch_result_stored(job=transcription)

    [cut] = HighlightCut.objects.filter(recording=webinar)
    [highlights] = RenderJob.objects.filter(kind=JobKind.HIGHLIGHTS)
    webinar.refresh_from_db()
    assert webinar.batch_cut == cut and cut.highlights_job == highlights

    _apply(highlights, _highlighted(highlights))
    _apply(highlights, _highlighted(highlights))
    recording_batch_result_stored(job=highlights)
    Recording.objects.filter(pk=webinar.pk).update(batch_render=None)
    recording_batch_result_stored(job=highlights)

    [render] = RenderJob.objects.filter(kind=JobKind.RENDER)  # one paid render
    webinar.refresh_from_db()
    assert webinar.batch_render == render and Project.objects.count() == 1
    assert RenderJob.objects.filter(kind=JobKind.TRANSCRIPTION).count() == 2  # one per row


def test_a_late_second_delivery_after_the_render_failed_does_not_render_again(launched):
    batch, webinar, talk = launched
    _apply(webinar.transcription_job, _transcribed(webinar.transcription_job))
    webinar.refresh_from_db()
    highlights = webinar.batch_cut.highlights_job
    _apply(highlights, _highlighted(highlights))
    webinar.refresh_from_db()
    render = webinar.batch_render
    _apply(render, _body(render, status="failed", error_code="TEXT_TO_VIDEO_FAILED"))
    # The other delivery read the row before the render was linked, and runs the hook now.
    Recording.objects.filter(pk=webinar.pk).update(batch_render=None)
    recording_batch_result_stored(job=highlights)

    assert list(RenderJob.objects.filter(kind=JobKind.RENDER)) == [render]
    assert _row(webinar).label == "Failed"


def test_a_failed_transcription_stops_its_row_with_the_reason_and_the_others_go_on(launched):
    batch, webinar, talk = launched
    job = webinar.transcription_job
    _apply(job, _body(job, status="failed", error_code="MEDIA_UNREADABLE", error_message="The file has no sound"))
    row = _row(webinar)
    assert row.label == "Failed" and "The transcription failed" in row.reason and "The file has no sound" in row.reason
    assert not HighlightCut.objects.exists()

    _apply(talk.transcription_job, _transcribed(talk.transcription_job))
    assert _row(talk).label == "Picking highlights"


def test_failed_highlights_stop_the_row_before_any_render(launched):
    batch, webinar, talk = launched
    _apply(webinar.transcription_job, _transcribed(webinar.transcription_job))
    webinar.refresh_from_db()
    highlights = webinar.batch_cut.highlights_job
    _apply(highlights, _body(highlights, status="failed", error_message="Too short to summarise"))
    row = _row(webinar)
    assert row.label == "Failed" and "Picking highlights failed" in row.reason and "Too short" in row.reason
    assert not RenderJob.objects.filter(kind=JobKind.RENDER).exists()


def test_highlights_that_keep_nothing_stop_the_row_and_say_what_to_do(launched):
    batch, webinar, talk = launched
    _apply(webinar.transcription_job, _transcribed(webinar.transcription_job))
    webinar.refresh_from_db()
    highlights = webinar.batch_cut.highlights_job
    _apply(highlights, _highlighted(highlights, keep=()))
    row = _row(webinar)
    assert row.label == "Failed" and "Pictory picked no sentences" in row.reason
    assert not RenderJob.objects.filter(kind=JobKind.RENDER).exists()


def test_a_render_the_minutes_cannot_cover_stops_the_row_with_the_shortfall(launched):
    batch, webinar, talk = launched
    QuotaSnapshot.objects.create(video_minutes_used=60, video_minutes_limit=60, fetched_at=timezone.now())
    _apply(webinar.transcription_job, _transcribed(webinar.transcription_job))
    webinar.refresh_from_db()
    highlights = webinar.batch_cut.highlights_job
    _apply(highlights, _highlighted(highlights))
    row = _row(webinar)
    assert row.label == "Failed" and row.reason.startswith("Not rendered: This needs about")
    assert not RenderJob.objects.filter(kind=JobKind.RENDER).exists()
    assert highlights.__class__.objects.get(pk=highlights.pk).status == JobStatus.COMPLETED


def test_a_failed_render_shows_why(launched):
    batch, webinar, talk = launched
    _apply(webinar.transcription_job, _transcribed(webinar.transcription_job))
    webinar.refresh_from_db()
    _apply(webinar.batch_cut.highlights_job, _highlighted(webinar.batch_cut.highlights_job))
    webinar.refresh_from_db()
    render = webinar.batch_render
    _apply(render, _body(render, status="failed", error_code="INSUFFICIENT_CREDITS"))
    row = _row(webinar)
    assert row.label == "Failed" and "The render failed: The Pictory account has run out" in row.reason


# --- pages -------------------------------------------------------------------------------------

def _as(client, *roles):
    person = UserFactory(username=roles[0].lower(), roles=list(roles))
    client.force_login(person)
    return person


def test_the_recordings_list_leads_to_bulk_clips(client):
    _as(client, "Editor")
    page = client.get(reverse("videos:recording_list")).content.decode()
    assert f'href="{BULK}">Bulk highlight clips</a>' in page


def test_the_empty_bulk_page_explains_the_next_step(client):
    _as(client, "Editor")
    page = client.get(BULK).content.decode()
    assert "No bulk runs yet." in page and "Paste one recording address per line" in page
    assert 'name="lines"' in page and 'name="csv_file"' in page and 'value="9:16" selected' in page


def test_the_team_default_brand_kit_is_chosen_first(client):
    _as(client, "Editor")
    brand = BrandFactory(name="House style", is_default=True)
    assert f'<option value="{brand.pk}" selected>House style</option>' in client.get(BULK).content.decode()


def test_reviewers_see_runs_but_cannot_launch(client, editor):
    batch = _launch(editor)
    _as(client, "Reviewer")
    page = client.get(BULK).content.decode()
    assert "Summit" in page and 'name="lines"' not in page
    assert client.get(batch.get_absolute_url()).status_code == 200
    response = client.post(BULK, {"lines": "https://cdn.test/x.mp4", "seconds": "30", "aspect_ratio": "9:16",
                                  "language": "en-US"})
    assert response.status_code == 403
    assert RecordingBatch.objects.count() == 1


FORM = {"name": "Summit talks", "seconds": "30", "aspect_ratio": "9:16", "brand": "", "language": "en-US"}


def test_launching_from_the_page_opens_the_batch_with_every_row(client, django_capture_on_commit_callbacks):
    _as(client, "Editor")
    lines = "https://cdn.test/a.mp4, Opening keynote, 45\nhttps://cdn.test/b.mp4\n"
    with django_capture_on_commit_callbacks():
        response = client.post(BULK, {**FORM, "lines": lines, "request_token": str(uuid.uuid4())})
    batch = RecordingBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == batch.get_absolute_url()
    page = client.get(batch.get_absolute_url()).content.decode()
    assert "Summit talks" in page and "0 / 2</strong> finished" in page
    assert "Opening keynote" in page and "b.mp4" in page and "45 s" in page
    assert page.count('clip-badge-waiting">Waiting') == 2
    assert f'hx-get="{reverse("videos:recording_batch_progress", args=[batch.pk])}" hx-trigger="every 3s"' in page


def test_a_bad_line_keeps_everything_typed_and_can_be_left_out(client):
    _as(client, "Editor")
    lines = "https://cdn.test/a.mp4, Keynote\nftp://cdn.test/b.mp4, Panel\nhttps://cdn.test/c.mp4,,700\n"
    token = str(uuid.uuid4())
    response = client.post(BULK, {**FORM, "lines": lines, "request_token": token})
    page = response.content.decode()
    assert response.status_code == 400
    assert "<strong>Line 2:</strong> “ftp://cdn.test/b.mp4” is not a web address" in page
    assert "<strong>Line 3:</strong> a clip lasts between 5 and 600 seconds, not 700" in page
    assert lines in page.replace("&#x27;", "'")  # the box holds the list as typed
    assert 'value="Summit talks"' in page and f'value="{token}"' in page
    assert "Launch the 1 good row, leave out 2" in page
    assert not Recording.objects.exists()

    response = client.post(BULK, {**FORM, "lines": lines, "request_token": token, "skip_refused": "1"})
    batch = RecordingBatch.objects.get()
    assert [r.url for r in batch.recordings.all()] == ["https://cdn.test/a.mp4"]
    assert [line["line"] for line in batch.skipped_lines] == [2, 3]
    page = client.get(response["Location"]).content.decode()
    assert "2 lines were left out at launch" in page and "ftp://cdn.test/b.mp4, Panel" in page


def test_bad_settings_keep_the_list(client):
    _as(client, "Editor")
    response = client.post(BULK, {**FORM, "seconds": "3", "lines": "https://cdn.test/a.mp4, Keynote"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "A clip lasts between 5 and 600 seconds." in page and "https://cdn.test/a.mp4, Keynote" in page
    assert not RecordingBatch.objects.exists()


def test_too_many_rows_are_refused_whole_and_kept(client):
    _as(client, "Editor")
    lines = "".join(f"https://cdn.test/{n}.mp4\n" for n in range(MAX_ROWS + 5))
    page = client.post(BULK, {**FORM, "lines": lines}).content.decode()
    assert f"A batch takes up to {MAX_ROWS} recordings; this list has {MAX_ROWS + 5}." in page
    assert "https://cdn.test/204.mp4" in page and "good row" not in page
    assert not Recording.objects.exists()


def test_an_uploaded_csv_adds_its_rows_below_the_pasted_ones(client, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _as(client, "Editor")
    upload = SimpleUploadedFile("talks.csv", b"url,title,seconds\nhttps://cdn.test/b.mp4,Panel,20\n", "text/csv")
    with django_capture_on_commit_callbacks():
        client.post(BULK, {**FORM, "lines": "https://cdn.test/a.mp4, Keynote", "csv_file": upload})
    batch = RecordingBatch.objects.get()
    assert [(r.title, r.batch_seconds) for r in batch.recordings.order_by("batch_line")] == [
        ("Keynote", None), ("Panel", 20)]


def test_a_binary_upload_is_refused_and_the_paste_kept(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _as(client, "Editor")
    upload = SimpleUploadedFile("talks.xlsx", b"PK\x03\x04\x00\x00", "application/octet-stream")
    page = client.post(BULK, {**FORM, "lines": "https://cdn.test/a.mp4, Keynote", "csv_file": upload}
                       ).content.decode()
    assert "That file is not a CSV" in page and "https://cdn.test/a.mp4, Keynote" in page
    assert not RecordingBatch.objects.exists()


def test_the_progress_part_follows_the_rows_and_stops_polling_when_all_are_done(client, editor, launched):
    batch, webinar, talk = launched
    _as(client, "Reviewer")
    url = reverse("videos:recording_batch_progress", args=[batch.pk])
    _apply(talk.transcription_job, _body(talk.transcription_job, status="failed", error_message="No sound"))
    _apply(webinar.transcription_job, _transcribed(webinar.transcription_job))
    response = client.get(url, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200 and 'hx-trigger="every 3s"' in page
    assert "1 / 2</strong> finished" in page and "Picking highlights" in page and "No sound" in page

    webinar.refresh_from_db()
    _apply(webinar.batch_cut.highlights_job, _highlighted(webinar.batch_cut.highlights_job))
    webinar.refresh_from_db()
    render = webinar.batch_render
    _apply(render, _body(render, status="completed", videoURL="https://cdn.test/clip.mp4", videoDuration=4.0))
    response = client.get(url, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 286 and 'hx-trigger' not in page
    assert "2 / 2</strong> finished" in page and "Finished: 1 clip ready, 1 failed" in page
    assert f'href="{reverse("videos:version_review", args=[render.pk])}">Version 1</a>' in page
    assert 'href="https://cdn.test/clip.mp4" download>MP4</a>' in page
    batch.refresh_from_db()
    assert batch.finished_at is not None
    assert "Finished" in client.get(BULK).content.decode()
    [email] = _finished_emails()  # the launcher hears once, however often the page looks
    assert email.to == ["ed@studio.test"] and "Summit — 1 ready, 1 failed" in email.subject
    assert batch.get_absolute_url() in email.body
    client.get(url, HTTP_HX_REQUEST="true")
    assert len(_finished_emails()) == 1


def _finished_emails():
    return [m for m in mail.outbox if "Highlight clips finished" in m.subject]


def test_a_run_nobody_watches_finishes_when_its_last_job_ends(launched):
    batch, webinar, talk = launched
    transcription = talk.transcription_job
    _apply(transcription, _body(transcription, status="failed", error_message="No sound"))
    assert recording_batch_job_finished(job_id=transcription.pk) is False  # the webinar is still under way

    _apply(webinar.transcription_job, _transcribed(webinar.transcription_job))
    webinar.refresh_from_db()
    _apply(webinar.batch_cut.highlights_job, _highlighted(webinar.batch_cut.highlights_job))
    webinar.refresh_from_db()
    render = webinar.batch_render
    _apply(render, _body(render, status="completed", videoURL="https://cdn.test/clip.mp4"))
    # The render's end (the render_job_finished signal) finished the run; once only.
    assert recording_batch_job_finished(job_id=render.pk) is False
    batch.refresh_from_db()
    assert batch.finished_at is not None
    assert [m.subject for m in _finished_emails()] == [
        "Highlight clips finished: Summit — 1 ready, 1 failed"]


def test_the_progress_part_reads_the_same_few_queries_whatever_the_number_of_rows(client, editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _as(client, "Reviewer")
    counts = []
    for rows in (2, 40):
        batch = _launch(editor, text="".join(f"https://cdn.test/{rows}-{n}.mp4, Talk {n}, 30\n" for n in range(rows)))
        for recording in batch.recordings.all()[: rows // 2]:
            _apply(recording.transcription_job, _body(recording.transcription_job, status="failed"))
        url = reverse("videos:recording_batch_progress", args=[batch.pk])
        client.get(url, HTTP_HX_REQUEST="true")  # the page is polled: measure a poll after the first
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url, HTTP_HX_REQUEST="true")
        assert f"{rows // 2} / {rows}</strong> finished" in page.content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 6


def test_a_watching_page_starts_a_stage_that_was_due_but_not_started(client, launched):
    """E.g. the worker stopped between storing the words and asking for highlights."""
    batch, webinar, talk = launched
    RenderJob.objects.filter(pk=webinar.transcription_job_id).update(status=JobStatus.COMPLETED,
                                                                     pictory_job_id="px-done")
    _as(client, "Reviewer")
    page = client.get(batch.get_absolute_url()).content.decode()
    webinar.refresh_from_db()
    assert webinar.batch_cut is not None and webinar.batch_cut.highlights_job.request_token == highlights_token(
        webinar.pk)
    assert "Picking highlights" in page
    client.get(batch.get_absolute_url())
    assert RenderJob.objects.filter(kind=JobKind.HIGHLIGHTS).count() == 1


def test_an_unknown_batch_is_not_found(client):
    _as(client, "Editor")
    assert client.get(reverse("videos:recording_batch_detail", args=[999])).status_code == 404


# --- end to end through the sandbox ------------------------------------------------------------

def _sandbox_transcribes() -> bool:
    from django.urls import Resolver404, resolve

    try:
        return resolve("/sandbox/pictoryapis/v2/transcription").url_name != "unknown"
    except Resolver404:
        return False


@pytest.mark.skipif(not _sandbox_transcribes(), reason="the sandbox does not answer POST /v2/transcription yet")
@pytest.mark.django_db(transaction=True)
def test_a_pasted_recording_becomes_a_rendered_clip_through_the_sandbox(sandbox, editor, tmp_path):
    from pictory_studio.pictory.factory import client_from_settings
    from tests.helpers import refresh_until, sandbox_calls
    from tests.sandbox.english_speech import english_clip

    clip = tmp_path / "talk.mp4"
    english_clip(clip)
    pictory = client_from_settings()
    target = pictory.create_upload_url(file_name="talk.mp4", content_type="video/mp4")
    pictory.upload_file(target, content_type="video/mp4", stream_or_bytes=clip.read_bytes())

    batch = recording_batch_launch(lines=_parsed(f"{target.url}, Spoken clip, 8").rows, user=editor, name="E2E",
                                   target_seconds=30)
    recording = batch.recordings.get()
    assert refresh_until(recording.transcription_job, JobStatus.COMPLETED, JobStatus.FAILED,
                         timeout=120).status == JobStatus.COMPLETED
    recording.refresh_from_db()
    assert refresh_until(recording.batch_cut.highlights_job, JobStatus.COMPLETED, JobStatus.FAILED,
                         timeout=60).status == JobStatus.COMPLETED
    recording.refresh_from_db()
    render = refresh_until(recording.batch_render, JobStatus.COMPLETED, JobStatus.FAILED, timeout=120)
    assert render.status == JobStatus.COMPLETED and render.video_url.endswith(".mp4")
    assert _row(recording).label == "Ready"
    assert sandbox_calls("POST", "/v2/transcription") == 1
    assert sandbox_calls("POST", "/highlights") == 1
    assert sandbox_calls("POST", "/v2/video/storyboard/render") == 1
