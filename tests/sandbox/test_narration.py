"""Sandbox videos speak their narration (eSpeak NG, offline) and keep the promised length."""
import array
import re
import subprocess
import sys

import imageio_ffmpeg
import pytest

from pictory_studio.sandbox import speech, spoken_words
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
    ({"id": 1001, "name": "Martin", "language": "en-US", "gender": "Male"}, "en", "en-us+m1"),
    ({"id": 1002, "name": "Jackson", "language": "en-US", "gender": "Male"}, "en", "en-us+m2"),
    ({"id": 1005, "name": "Emma", "language": "en-GB", "gender": "Female"}, "en", "en+f1"),
    ({"id": 1004, "name": "Olivia", "language": "en-AU", "gender": "Female"}, "en", "en+f5"),
    ({"id": 1102, "name": "Gabriel", "language": "fr-FR", "gender": "Male"}, "fr", "fr+m4"),
    ({"id": 5003, "language": "en-US", "gender": "Neutral"}, "en", "en-us+m6"),
    (None, "de", "de+m1"),
    ({"language": "xx-YY"}, "xx", "en-us+m1"),
])
def test_each_voice_speaks_its_language_gender_and_own_variant(voice, language, expected):
    assert voice_name(voice, language) == expected


def test_a_voice_without_a_numeric_id_keeps_one_variant_by_name():
    first = voice_name({"id": "narrator-a", "name": "Narrator A", "language": "en-US", "gender": "Female"}, "en")
    again = voice_name({"id": "narrator-a", "name": "narrator a", "language": "en-US", "gender": "Female"}, "en")

    assert first == again and first.startswith("en-us+f")


def crossings_per_second(path) -> float:
    """How often the narration's waveform crosses zero: steady for one voice, different between
    voices of different pitch and timbre (eSpeak's output varies slightly from run to run)."""
    pcm = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", str(path), "-vn", "-ac", "1",
                          "-ar", "22050", "-f", "s16le", "-"], capture_output=True, check=True).stdout
    samples = array.array("h", pcm)
    audible = [value for value in samples if abs(value) > 200]
    return sum((a < 0) != (b < 0) for a, b in zip(audible, audible[1:], strict=False)) / len(audible) * 22050


def test_two_voices_of_one_language_sound_different(api, settings):
    def rendered(speaker):
        body = story_body(voiceOver={"enabled": True, "aiVoices": [{"speaker": speaker}]})
        return crossings_per_second(local_path(settings, api.finished(api.create(body))["data"]["videoURL"]))

    martin, jackson, martin_again = rendered("Martin"), rendered("Jackson"), rendered("Martin")

    # eSpeak's output varies a few percent between runs; two voices differ by far more.
    assert martin_again == pytest.approx(martin, rel=0.06)  # one voice sounds like itself
    assert abs(jackson - martin) > 0.12 * martin  # another voice of the same language does not


def test_the_video_carries_the_words_it_speaks(api, settings):
    body = story_body()
    data = api.finished(api.create(body))["data"]

    language, words = spoken_words.read(local_path(settings, data["videoURL"]))

    scenes = data["renderParams"]["sceneMarkers"]
    stories = [scene.get("story", "") for scene in body["scenes"]]
    assert language == "en"
    assert [word.word for word in words] == " ".join(stories).split()
    for word in words:
        scene = scenes[word.sentence_index]
        assert scene["startTime"] <= word.start < word.end <= scene["startTime"] + scene["duration"]
        assert stories[word.sentence_index].split().count(word.word) >= 1
    assert all(a.start < b.start for a, b in zip(words, words[1:], strict=False))
    assert {word.speaker_id for word in words} == {0}


def test_rotating_voices_are_told_apart_in_the_words(api, settings):
    voices = {"enabled": True, "aiVoices": [{"speaker": "Martin"}, {"speaker": "Emma"}]}
    data = api.finished(api.create(story_body(voiceOver=voices)))["data"]

    _, words = spoken_words.read(local_path(settings, data["videoURL"]))

    by_scene = {word.sentence_index: word.speaker_id for word in words}
    assert by_scene == {0: 0, 1: 1}


def test_words_are_timed_within_the_speech_not_the_silence(api, settings):
    body = story_body(scenes=[{"story": "Short line.", "minimumDuration": 6}])
    data = api.finished(api.create(body))["data"]

    _, words = spoken_words.read(local_path(settings, data["videoURL"]))

    assert data["videoDuration"] == pytest.approx(6)
    assert words[-1].end < 2.5  # spoken at 150 wpm, not spread over the six seconds


def test_a_render_without_voice_over_carries_no_words(api, settings):
    body = story_body()
    body.pop("voiceOver")
    data = api.finished(api.create(body))["data"]

    assert spoken_words.read(local_path(settings, data["videoURL"])) == ("en", [])


@pytest.fixture
def no_speech_engine(monkeypatch):
    monkeypatch.setattr(speech, "engine", lambda: None)


def test_without_the_speech_engine_the_render_is_silent_and_says_so(api, client, settings, no_speech_engine):
    data = api.finished(api.create(story_body()))["data"]

    assert data["status"] == "completed"
    path = local_path(settings, data["videoURL"])
    assert loudness(path)[1] < -80
    assert probe_media(path)["duration"] == pytest.approx(data["videoDuration"], rel=0.1)
    share = client.get(data["videoShareURL"]).content.decode()
    assert "Narration is silent: the speech engine is not available on this machine" in share


def test_without_the_speech_engine_the_preview_says_so(api, client, no_speech_engine):
    job_id = api.create(story_body(), render=False)
    data = api.finished(job_id)["data"]

    page = client.get(data["preview"]).content.decode()
    assert "Narration is silent: the speech engine is not available on this machine" in page


def test_with_the_speech_engine_no_note_is_shown(api, client):
    data = api.finished(api.create(story_body()))["data"]

    assert "Narration is silent" not in client.get(data["videoShareURL"]).content.decode()
    assert speech.available()


@pytest.mark.parametrize("language", ["en-US", "en-GB", "en-AU", "fr-FR", "de-DE", "pt-BR", "zh-CN", "hi-IN"])
@pytest.mark.parametrize("gender", ["Male", "Female"])
def test_every_voice_name_is_one_espeak_knows(language, gender):
    """An unknown name would leave the previous voice speaking (a British voice in an American accent)."""
    from pictory_studio.sandbox.speech import engine

    name = voice_name({"id": 7, "language": language, "gender": gender}, language[:2].lower())
    assert engine().lib.espeak_SetVoiceByName(name.encode()) == 0, name


def test_a_draft_render_is_small_and_silent_but_keeps_its_length(api, settings):
    """Benchmarks and many-worker tests ask for drafts, so the sandbox's encoding costs little."""
    settings.PICTORY_SANDBOX_DRAFT_RENDERS = True
    data = api.finished(api.create(story_body()))["data"]
    path = local_path(settings, data["videoURL"])
    probe = probe_media(path)
    assert (probe["width"], probe["height"]) == (320, 180)
    assert loudness(path)[1] < -80
    assert probe["duration"] == pytest.approx(data["videoDuration"], rel=0.1)


FIRST_USE_ON_MANY_THREADS = """
import sys, threading
from pictory_studio.sandbox import speech
start = threading.Barrier(8)
engines, lengths = [], []
def finish_a_render():
    start.wait()
    engines.append(id(speech.engine()))
    for _ in range(3):
        lengths.append(len(speech.spoken("Hello from the sandbox.", voice="en-us+m1", wpm=150, seconds=5)))
threads = [threading.Thread(target=finish_a_render) for _ in range(8)]
[thread.start() for thread in threads]
[thread.join() for thread in threads]
print(len(set(engines)), min(lengths))
"""


def test_renders_finishing_together_share_one_speech_engine():
    """The sandbox finishes renders on several threads; the engine's first use used to start
    eSpeak twice at once, and the server hung or crashed (a segfault in libffi)."""
    from django.conf import settings

    result = subprocess.run([sys.executable, "-c", FIRST_USE_ON_MANY_THREADS], cwd=settings.BASE_DIR,
                            capture_output=True, text=True, timeout=60, check=False)

    assert result.returncode == 0, result.stderr[-2000:]
    engines, shortest = map(int, result.stdout.split())
    assert engines == 1
    assert shortest > 0  # every thread heard speech
