"""Finished renders: a real H.264 MP4 of the promised length and size, with its companions."""

import io
import re

import pytest
from PIL import Image

from pictory_studio.sandbox.timeline import scene_seconds, split_cues

from .conftest import local_path, probe_media, story_body
from .media_files import frame_at, upload, video_path
from .test_branding import share

pytestmark = pytest.mark.django_db

SIZES = {"16:9": (1280, 720), "9:16": (720, 1280), "1:1": (720, 720), "4:5": (720, 900)}


def expected_seconds(body) -> float:
    """The duration rule, written out independently: words / (150 wpm × speed) + 0.5 s."""
    speed = body["voiceOver"]["aiVoices"][0].get("speed", 100)
    total = 0.0
    for scene in body["scenes"]:
        words = len(scene.get("story", "").split())
        if words:
            total += max(words / (150 * speed / 100) * 60 + 0.5, scene.get("minimumDuration", 0))
        else:
            total += scene.get("minimumDuration") or 3
    return total


def test_scene_duration_rule():
    assert scene_seconds(15) == pytest.approx(6.5)  # 15 words at 150 wpm = 6 s, + 0.5 s pause
    assert scene_seconds(15, speed=200) == pytest.approx(3.5)
    assert scene_seconds(2, minimum=5) == 5
    assert scene_seconds(0) == 3
    assert scene_seconds(0, minimum=4.5) == 4.5


def test_cues_split_long_text_and_share_the_scene_time_by_words():
    cues = split_cues(" ".join(f"w{n}" for n in range(30)), 10.0, 22.0)

    assert [len(cue.text.split()) for cue in cues] == [10, 10, 10]
    assert (cues[0].start, cues[-1].end) == (10.0, 22.0)
    assert cues[1].start == pytest.approx(14.0)
    assert all(a.end == b.start for a, b in zip(cues, cues[1:], strict=False))


@pytest.mark.parametrize("ratio", list(SIZES))
def test_render_is_h264_at_the_ratio_size_and_promised_length(api, settings, ratio):
    body = story_body(aspectRatio=ratio)
    job_id = api.create(body)

    data = api.finished(job_id)["data"]

    assert data["status"] == "completed" and data["progress"] == 100
    assert data["videoDuration"] == pytest.approx(expected_seconds(body), abs=0.01)
    media = probe_media(local_path(settings, data["videoURL"]))
    assert media["codec"] == "h264" and media["pixel_format"]
    assert (media["width"], media["height"]) == SIZES[ratio]
    assert media["duration"] == pytest.approx(data["videoDuration"], rel=0.1)
    assert media["has_audio"]


def test_voice_speed_changes_the_length(api, settings):
    body = story_body(voiceOver={"enabled": True, "aiVoices": [{"speaker": "Emma", "speed": 150}]})

    data = api.finished(api.create(body))["data"]

    assert data["videoDuration"] == pytest.approx(expected_seconds(body), abs=0.01)
    media = probe_media(local_path(settings, data["videoURL"]))
    assert media["duration"] == pytest.approx(expected_seconds(body), rel=0.1)


def test_explicit_size_is_scaled_to_a_1280_long_side(api, settings):
    data = api.finished(api.create(story_body(videoWidth=1920, videoHeight=1080)))["data"]

    media = probe_media(local_path(settings, data["videoURL"]))

    assert (media["width"], media["height"]) == (1280, 720)


def test_completed_render_has_every_output_url(api, client):
    data = api.finished(api.create(story_body()))["data"]

    assert data["videoShareURL"] == data["shareVideoURL"]
    assert data["aiCreditsUsed"] == 0
    expected = {
        "videoURL": "video/mp4",
        "thumbnail": "image/jpeg",
        "srtFile": "application/x-subrip",
        "vttFile": "text/vtt",
        "txtFile": "text/plain",
    }
    for field, content_type in expected.items():
        assert data[field].startswith("http://testserver/sandbox/files/")
        response = client.get(data[field])
        assert response.status_code == 200, field
        assert response["Content-Type"].startswith(content_type), field
    share = client.get(data["videoShareURL"])
    assert share.status_code == 200
    assert data["videoURL"].replace("http://testserver", "") in share.content.decode()


def _cue_times(text: str, separator: str) -> list[tuple[float, float]]:
    stamp = rf"(\d\d):(\d\d):(\d\d){separator}(\d\d\d)"
    times = []
    for match in re.finditer(rf"{stamp} --> {stamp}", text):
        parts = [int(part) for part in match.groups()]
        start = parts[0] * 3600 + parts[1] * 60 + parts[2] + parts[3] / 1000
        end = parts[4] * 3600 + parts[5] * 60 + parts[6] + parts[7] / 1000
        times.append((start, end))
    return times


def test_subtitle_cues_follow_scene_timing(api, client):
    long_story = " ".join(["word"] * 30)  # 30 words: three cues of ten
    body = story_body(scenes=[{"story": "Five words in scene one."}, {"story": long_story}])
    data = api.finished(api.create(body))["data"]

    srt = b"".join(client.get(data["srtFile"]).streaming_content).decode()
    vtt = b"".join(client.get(data["vttFile"]).streaming_content).decode()
    transcript = b"".join(client.get(data["txtFile"]).streaming_content).decode()

    first_scene = 5 / 150 * 60 + 0.5  # 2.5 s
    second_scene = 30 / 150 * 60 + 0.5  # 12.5 s
    srt_times = _cue_times(srt, ",")
    boundaries = [
        0,
        first_scene,
        first_scene + second_scene / 3,
        first_scene + 2 * second_scene / 3,
        first_scene + second_scene,
    ]
    assert [start for start, _ in srt_times] == pytest.approx(boundaries[:-1], abs=0.002)
    assert [end for _, end in srt_times] == pytest.approx(boundaries[1:], abs=0.002)
    assert vtt.startswith("WEBVTT")
    assert _cue_times(vtt, r"\.") == srt_times
    assert srt.splitlines()[0] == "1"
    assert transcript.splitlines()[0] == "Five words in scene one."
    assert srt_times[-1][1] == pytest.approx(data["videoDuration"], abs=0.002)


def test_hidden_subtitles_keep_the_cues_in_the_files(api, client):
    body = story_body(scenes=[{"story": "Quiet scene.", "hideSubtitles": True}])
    data = api.finished(api.create(body))["data"]

    srt = b"".join(client.get(data["srtFile"]).streaming_content).decode()

    assert "Quiet scene." in srt


def test_split_on_new_line_makes_one_scene_per_line(api):
    body = story_body(
        scenes=[{"story": "First line here.\nSecond line here.", "createSceneOnNewLine": True}]
    )
    data = api.finished(api.create(body))["data"]

    assert data["videoDuration"] == pytest.approx(2 * (3 / 150 * 60 + 0.5), abs=0.01)


def test_range_request_returns_partial_content(api, client, settings):
    data = api.finished(api.create(story_body()))["data"]
    size = local_path(settings, data["videoURL"]).stat().st_size

    partial = client.get(data["videoURL"], HTTP_RANGE="bytes=0-99")
    tail = client.get(data["videoURL"], HTTP_RANGE="bytes=-10")
    beyond = client.get(data["videoURL"], HTTP_RANGE=f"bytes={size + 10}-")

    assert partial.status_code == 206
    assert partial["Content-Range"] == f"bytes 0-99/{size}"
    assert len(partial.content) == 100
    assert partial.content[4:8] == b"ftyp"  # the MP4 header box
    assert tail.status_code == 206 and len(tail.content) == 10
    assert beyond.status_code == 416
    assert partial["Accept-Ranges"] == "bytes"


def test_files_outside_a_job_folder_are_not_served(api, client):
    job_id = api.create(story_body())

    response = client.get(f"/sandbox/files/{job_id}/video.mp4")  # not rendered yet

    assert response.status_code == 404


def test_an_uploaded_image_as_a_scene_visual_is_what_the_scene_shows(api, client, settings):
    """A visualUrl the sandbox holds (an upload to its storage) is drawn, filling the frame;
    an address it cannot read stays the generated stand-in with the file's name."""
    teal = (13, 148, 136)
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), teal).save(buffer, "PNG")
    url = upload(api, client, "teal.png", "image/png", buffer.getvalue())
    scene = {"story": "A teal picture.", "background": {"visualUrl": url, "type": "image"}}
    data = api.finished(api.create({**story_body(), "scenes": [scene]}))["data"]

    frame = frame_at(video_path(settings, data), 0.5)
    assert share(frame, (0, 0, frame.width, frame.height // 5), teal, tolerance=24) > 0.8
