"""External voice-overs (`voiceOver.externalVoice`, contract §6.6, §11.5): a voice file is the
narration; with syncVoice the scenes follow its length."""

import subprocess

import pytest

from pictory_studio.sandbox import spoken_words

from .conftest import probe_media, story_body
from .media_files import FFMPEG, loudness, make_media, media_seconds, upload, video_path

pytestmark = pytest.mark.django_db

VOICE_SECONDS = 7.0


def upload_voice(api, client, tmp_path, seconds=VOICE_SECONDS, name="voice.m4a") -> tuple[str, float]:
    """A voice file (a steady tone) in the sandbox's storage: (its URL, its length as read)."""
    path = make_media(tmp_path / name, seconds=seconds, video=False, tone=300)
    return upload(api, client, name, "audio/mp4", path.read_bytes()), media_seconds(path)


def podcast(voice_url: str, *, sync: bool = True, **voice) -> dict:
    return {
        "videoName": "podcast episode",
        "aspectRatio": "16:9",
        "voiceOver": {"enabled": True, "externalVoice": {"voiceUrl": voice_url, "syncVoice": sync, **voice}},
        "scenes": [
            {"story": "One two three four.", "background": {"color": "#203040"}},
            {"story": "Five six seven eight nine ten eleven twelve.", "background": {"color": "#405060"}},
            {"background": {"color": "#FFFFFF"}, "minimumDuration": 2},
        ],
    }


def finished(api, body) -> dict:
    data = api.finished(api.create(body))["data"]
    assert data["status"] == "completed", data
    return data


def scene_durations(data) -> list[float]:
    return [marker["duration"] for marker in data["renderParams"]["sceneMarkers"]]


def test_a_synced_voice_sets_the_videos_length(api, client, settings, tmp_path):
    voice, length = upload_voice(api, client, tmp_path)

    data = finished(api, podcast(voice))

    assert data["videoDuration"] == pytest.approx(length, abs=0.01)
    assert probe_media(video_path(settings, data))["duration"] == pytest.approx(length, abs=0.15)
    # 4 and 8 words share what the wordless scene (1 s at least) leaves, 1:2.
    first, second, third = scene_durations(data)
    assert third == pytest.approx(1.0, abs=0.01)
    assert second == pytest.approx(2 * first, abs=0.01)
    mean, _ = loudness(video_path(settings, data))
    assert mean > -35  # the voice file plays


def test_without_sync_the_scenes_keep_their_lengths_and_the_voice_is_cut(api, client, settings, tmp_path):
    voice, _ = upload_voice(api, client, tmp_path, seconds=20)

    data = finished(api, podcast(voice, sync=False))

    expected = [4 / 150 * 60 + 0.5, 8 / 150 * 60 + 0.5, 2.0]
    assert scene_durations(data) == pytest.approx(expected, abs=0.01)
    assert data["videoDuration"] == pytest.approx(sum(expected), abs=0.01)
    assert probe_media(video_path(settings, data))["duration"] == pytest.approx(sum(expected), abs=0.15)


def test_a_short_voice_without_sync_is_padded_with_silence(api, client, settings, tmp_path):
    voice, _ = upload_voice(api, client, tmp_path, seconds=2)

    data = finished(api, podcast(voice, sync=False))

    path = video_path(settings, data)
    tail = subprocess.run(
        [FFMPEG, "-hide_banner", "-ss", "3", "-i", str(path), "-vn", "-af", "volumedetect", "-f", "null", "-"],
        capture_output=True, text=True,
    ).stderr
    assert "max_volume: -91" in tail or "max_volume: -inf" in tail
    assert loudness(path)[1] > -20  # the first two seconds have the voice


def test_amplification_level_changes_the_voices_loudness(api, client, settings, tmp_path):
    voice, _ = upload_voice(api, client, tmp_path)

    normal = loudness(video_path(settings, finished(api, podcast(voice))))
    quieter = loudness(video_path(settings, finished(api, podcast(voice, amplificationLevel=-1))))

    assert normal[0] - quieter[0] == pytest.approx(10, abs=1.5)


def test_a_scene_voice_file_narrates_only_its_scene(api, client, settings, tmp_path):
    voice, length = upload_voice(api, client, tmp_path)
    body = story_body()
    body["scenes"][1]["voiceOver"] = {"enabled": True, "externalVoice": {"voiceUrl": voice, "syncVoice": True}}

    data = finished(api, body)

    durations = scene_durations(data)
    assert durations[0] == pytest.approx(7 / 150 * 60 + 0.5, abs=0.01)  # Martin still reads scene 1
    assert durations[1] == pytest.approx(length, abs=0.01)
    assert durations[2] == pytest.approx(2.0, abs=0.01)


def test_a_voice_file_from_a_sandbox_video_brings_its_words(api, client, settings, tmp_path):
    """A narrated sandbox video used as the voice: the new video speaks the same words."""
    narrated = finished(api, story_body(scenes=[{"story": "Podcasts are easy to cut."}]))
    _, spoken = spoken_words.read(video_path(settings, narrated))

    data = finished(api, {
        "videoName": "from a video",
        "voiceOver": {"enabled": True, "externalVoice": {"voiceUrl": narrated["videoURL"], "syncVoice": True}},
        "scenes": [{"story": "Podcasts are easy to cut."}],
    })

    _, words = spoken_words.read(video_path(settings, data))
    assert [word.word for word in words] == ["Podcasts", "are", "easy", "to", "cut."]
    assert [word.start for word in words] == pytest.approx([word.start for word in spoken], abs=0.002)
    assert data["videoDuration"] == pytest.approx(narrated["videoDuration"], abs=0.05)


def test_a_voice_file_without_words_leaves_the_video_without_spoken_words(api, client, settings, tmp_path):
    data = finished(api, podcast(upload_voice(api, client, tmp_path)[0]))

    assert spoken_words.read(video_path(settings, data)) is None  # a transcription must listen


def test_a_voice_url_the_sandbox_does_not_hold_fails_the_job(api):
    data = api.finished(api.create(podcast("https://files.example.com/episode-12.mp3")))["data"]

    assert data["status"] == "failed" and data["error_code"] == "TEXT_TO_VIDEO_FAILED"
    assert "voice-over file at https://files.example.com/episode-12.mp3 could not be loaded" in data["error_message"]
