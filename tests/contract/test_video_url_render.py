"""Contract test: a highlight cut through the real client against the real sandbox over HTTP, in
both auth modes — upload a recording, render a `videoUrl` scene with its transcript, download the MP4."""
import re
import subprocess

import imageio_ffmpeg
import pytest
import requests

from tests.helpers import wait_final

pytestmark = pytest.mark.django_db(transaction=True)

FFMPEG = imageio_ffmpeg.get_ffmpeg_exe()
WORDS = ["first", "part", "is", "cut", "second", "part", "stays", "here", "third", "part", "is", "cut"]


def recording(tmp_path):
    """Six seconds of 16:9 test pattern with a tone."""
    path = tmp_path / "talk.mp4"
    subprocess.run(
        [FFMPEG, "-y", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25", "-f", "lavfi",
         "-i", "sine=f=440:r=44100", "-t", "6", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
         "-c:a", "aac", str(path)],
        check=True, capture_output=True,
    )
    return path


def transcript() -> list[dict]:
    """Three sentences of four words, 2 s each; only the second is highlighted (2.1 s – 3.75 s)."""
    sentences = []
    for index in range(3):
        words = []
        for position in range(4):
            start = index * 2 + 0.1 + position * 0.4
            words.append({"uid": f"{index}-{position}", "word": WORDS[index * 4 + position],
                          "start_time": round(start, 3), "end_time": round(start + 0.35, 3),
                          "speakerId": 1, "sentence_index": index, "highlight": index == 1})
        sentences.append({"uid": str(index), "speakerId": 1, "words": words})
    return sentences


def mp4_seconds(path) -> float:
    info = subprocess.run([FFMPEG, "-hide_banner", "-i", str(path)], capture_output=True, text=True).stderr
    hours, minutes, seconds = re.search(r"Duration: (\d+):(\d+):(\d+\.\d+)", info).groups()
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def test_a_video_url_scene_renders_its_highlight(client, tmp_path):
    source = recording(tmp_path)
    target = client.create_upload_url(file_name="talk.mp4", content_type="video/mp4")
    with source.open("rb") as stream:
        client.upload_file(target, content_type="video/mp4", stream_or_bytes=stream)
    body = {
        "videoName": "contract highlight",
        "aspectRatio": "9:16",
        "language": "en",
        "scenes": [{"videoUrl": target.url, "audioLanguage": "en-US", "transcript": transcript(),
                    "mediaRepurposeSettings": {"useHighlights": True}}],
    }

    status = wait_final(client.get_job, client.render_storyboard(body).job_id)

    assert status.is_completed, status.raw
    kept = 3 * 0.4 + 0.35  # the second sentence, first word's start to last word's end
    assert status.duration_seconds == pytest.approx(kept, abs=0.01)
    download = tmp_path / "cut.mp4"
    download.write_bytes(requests.get(status.video_url, timeout=30).content)
    assert mp4_seconds(download) == pytest.approx(kept, abs=0.1)
    srt = requests.get(status.srt_url, timeout=30).text
    assert "second part stays here" in srt and "cut" not in srt


def test_a_video_url_the_sandbox_does_not_hold_fails_the_render(client):
    body = {"videoName": "missing recording", "aspectRatio": "16:9",
            "scenes": [{"videoUrl": "https://cdn.example.com/talk.mp4", "audioLanguage": "en-US"}]}

    status = wait_final(client.get_job, client.render_storyboard(body).job_id)

    assert status.is_failed and status.error_code == "TEXT_TO_VIDEO_FAILED"
    assert "https://cdn.example.com/talk.mp4" in (status.error_message or "")
