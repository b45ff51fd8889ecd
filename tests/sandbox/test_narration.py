"""Sandbox videos speak their narration (eSpeak NG, offline) and keep the promised length."""
import re
import subprocess

import imageio_ffmpeg
import pytest

from pictory_studio.sandbox.speech import voice_name

from .conftest import local_path, probe_media, story_body

pytestmark = pytest.mark.django_db


def loudness(path) -> tuple[float, float]:
    """(mean, max) volume of the audio track in dB, as ffmpeg's volumedetect measures it."""
    result = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-i", str(path), "-vn",
                             "-af", "volumedetect", "-f", "null", "-"], capture_output=True, text=True, check=False)
    mean = re.search(r"mean_volume: (-?[\d.]+|-inf) dB", result.stderr).group(1)
    peak = re.search(r"max_volume: (-?[\d.]+|-inf) dB", result.stderr).group(1)
    return float(mean.replace("-inf", "-999")), float(peak.replace("-inf", "-999"))


def test_a_narrated_render_speaks_and_keeps_its_length(api, settings):
    body = story_body()
    data = api.finished(api.create(body))["data"]
    path = local_path(settings, data["videoURL"])
    mean, peak = loudness(path)
    assert peak > -20 and mean > -45, (mean, peak)  # speech, not silence
    assert probe_media(path)["duration"] == pytest.approx(data["videoDuration"], rel=0.1)


def test_a_render_without_voice_over_is_silent(api, settings):
    body = story_body()
    body.pop("voiceOver")
    data = api.finished(api.create(body))["data"]
    _, peak = loudness(local_path(settings, data["videoURL"]))
    assert peak < -80


def test_fast_narration_still_fits_its_scene(api, settings):
    body = story_body(voiceOver={"enabled": True, "aiVoices": [{"speaker": "Martin", "speed": 200}]})
    data = api.finished(api.create(body))["data"]
    path = local_path(settings, data["videoURL"])
    assert probe_media(path)["duration"] == pytest.approx(data["videoDuration"], rel=0.1)
    assert loudness(path)[1] > -20


@pytest.mark.parametrize(("voice", "language", "expected"), [
    ({"language": "en-US", "gender": "Male"}, "en", "en-us+m3"),
    ({"language": "en-GB", "gender": "Female"}, "en", "en-gb+f3"),
    ({"language": "fr-FR", "gender": "Male"}, "fr", "fr-fr+m3"),
    (None, "de", "de+m3"),
    ({"language": "xx-YY"}, "xx", "en-us+m3"),
])
def test_each_voice_speaks_its_language_and_gender(voice, language, expected):
    assert voice_name(voice, language) == expected
