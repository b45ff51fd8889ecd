"""Background music (contract §6.7): a generated bed for autoMusic, a held file for musicUrl, at
`volume`, mixed under the narration; previews carry the same bed."""

import hashlib
import logging
import subprocess

import pytest

from .conftest import local_path, story_body
from .media_files import FFMPEG, loudness, make_media, upload, video_path

pytestmark = pytest.mark.django_db


def silent_story(**overrides) -> dict:
    body = story_body(**overrides)
    body.pop("voiceOver")
    return body


def finished(api, body, *, render=True) -> dict:
    data = api.finished(api.create(body, render=render))["data"]
    assert data["status"] == "completed", data
    return data


def sound_digest(path) -> str:
    pcm = subprocess.run([FFMPEG, "-v", "error", "-i", str(path), "-vn", "-f", "s16le", "-"],
                         capture_output=True, check=True).stdout
    return hashlib.sha256(pcm).hexdigest()


def tail_loudness(path, start: float) -> float:
    result = subprocess.run(
        [FFMPEG, "-hide_banner", "-ss", str(start), "-i", str(path), "-vn", "-af", "volumedetect", "-f", "null", "-"],
        capture_output=True, text=True,
    )
    return float(result.stderr.split("mean_volume: ")[1].split(" dB")[0])


def test_the_bed_is_audible_and_follows_the_volume(api, settings):
    louder = finished(api, silent_story(backgroundMusic={"enabled": True, "autoMusic": True, "volume": 0.3}))
    softer = finished(api, silent_story(backgroundMusic={"enabled": True, "autoMusic": True, "volume": 0.05}))

    loud_mean, _ = loudness(video_path(settings, louder))
    soft_mean, _ = loudness(video_path(settings, softer))

    assert loud_mean > -45  # audible (silence reads -91 dB)
    assert loud_mean - soft_mean == pytest.approx(15.6, abs=2)  # 20·log10(0.3 / 0.05)


def test_omitted_volume_is_full_volume(api, settings):
    full = finished(api, silent_story(backgroundMusic={"enabled": True, "autoMusic": True}))
    given = finished(api, silent_story(backgroundMusic={"enabled": True, "autoMusic": True, "volume": 1.0}))

    assert loudness(video_path(settings, full)) == loudness(video_path(settings, given))


def test_disabled_music_is_silent(api, settings):
    data = finished(api, silent_story(backgroundMusic={"enabled": False, "autoMusic": True, "volume": 1}))

    assert loudness(video_path(settings, data))[1] < -80


def test_the_bed_is_the_same_for_the_same_video_name(api, settings):
    music = {"enabled": True, "autoMusic": True, "volume": 0.5}
    first = finished(api, silent_story(backgroundMusic=music))
    again = finished(api, silent_story(backgroundMusic=music))
    other = finished(api, silent_story(backgroundMusic=music, videoName="autumn-sale-teaser"))

    assert sound_digest(video_path(settings, first)) == sound_digest(video_path(settings, again))
    assert sound_digest(video_path(settings, first)) != sound_digest(video_path(settings, other))


def test_the_bed_plays_under_the_narration(api, settings):
    spoken = finished(api, story_body())
    with_music = finished(api, story_body(backgroundMusic={"enabled": True, "autoMusic": True, "volume": 0.1}))

    assert sound_digest(video_path(settings, spoken)) != sound_digest(video_path(settings, with_music))
    # The narration stays on top: the music at 0.1 adds little to the loudness.
    assert loudness(video_path(settings, with_music))[0] - loudness(video_path(settings, spoken))[0] < 1.5


def test_a_held_music_file_loops_to_the_end(api, client, settings, tmp_path):
    tune = make_media(tmp_path / "tune.m4a", seconds=2, video=False, tone=523)
    url = upload(api, client, "tune.m4a", "audio/mp4", tune.read_bytes())

    data = finished(api, silent_story(backgroundMusic={"enabled": True, "musicUrl": url, "volume": 0.5}))

    path = video_path(settings, data)
    assert data["videoDuration"] > 6
    assert loudness(path)[0] > -35
    assert tail_loudness(path, data["videoDuration"] - 4) > -35  # still playing after its 2 s: looped


def test_an_unknown_music_url_is_left_out(api, settings, caplog):
    body = silent_story(backgroundMusic={"enabled": True, "musicUrl": "https://tracks.example.com/song.mp3?t=s3cr3t"})

    with caplog.at_level(logging.INFO, logger="pictory_studio.sandbox.music"):
        data = finished(api, body)

    assert loudness(video_path(settings, data))[1] < -80
    assert "https://tracks.example.com/song.mp3 is not held by the sandbox" in caplog.text
    assert "s3cr3t" not in caplog.text


def test_a_preview_carries_the_bed(api, settings):
    data = finished(api, silent_story(backgroundMusic={"enabled": True, "autoMusic": True, "volume": 0.2}),
                    render=False)

    music = next(e for e in data["renderParams"]["elements"] if e["id"] == "bgMusic")
    assert music["volume"] == 0.2
    mean, peak = loudness(local_path(settings, music["url"]))
    assert mean > -40 and peak < -3  # the bed itself, at full volume: audible, not clipping
