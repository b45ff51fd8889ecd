"""Highlight cuts and other media scenes: a recording cut to its highlighted sentences, cropped to the
asked ratio, subtitled with the kept words, with its own sound or an AI voice (contract §6.2, §11.5)."""

import pytest

from pictory_studio.sandbox import spoken_words

from .conftest import probe_media
from .media_files import (
    SENTENCES,
    file_text,
    frame_at,
    kept_seconds,
    kept_words,
    loudness,
    media_scene,
    srt_words,
    transcript,
    upload_recording,
    video_path,
)
from .test_branding import create_brand, near

pytestmark = pytest.mark.django_db

HIGHLIGHTED = {1, 3, 4}
FRAME = 1 / 24


def cut_body(url: str, **top) -> dict:
    scene = media_scene(url, transcript=transcript(HIGHLIGHTED), mediaRepurposeSettings={"useHighlights": True})
    return {"videoName": "Webinar teaser", "aspectRatio": "9:16", "language": "en", "scenes": [scene], **top}


def finished(api, body) -> dict:
    data = api.finished(api.create(body))["data"]
    assert data["status"] == "completed", data
    return data


@pytest.fixture
def talk(api, client, tmp_path):
    """A 12-second 16:9 recording with a steady tone."""
    return upload_recording(api, client, tmp_path, seconds=12)


def test_a_highlight_cut_plays_only_the_highlighted_sentences(api, client, settings, talk):
    data = finished(api, cut_body(talk))

    media = probe_media(video_path(settings, data))
    expected = kept_seconds(HIGHLIGHTED)  # 1.55 s + 3.55 s
    assert expected == pytest.approx(5.1)
    assert data["videoDuration"] == pytest.approx(expected, abs=0.01)
    assert media["duration"] == pytest.approx(expected, abs=2 * FRAME + 0.03)
    assert (media["width"], media["height"]) == (720, 1280)  # a 16:9 talk cropped to 9:16
    assert media["codec"] == "h264" and media["has_audio"]
    srt = file_text(client, data["srtFile"])
    assert srt_words(srt) == kept_words(HIGHLIGHTED)
    for removed in (0, 2, 5):
        assert not set(SENTENCES[removed].split()) & set(srt_words(srt))
    assert file_text(client, data["txtFile"]).split() == kept_words(HIGHLIGHTED)
    mean, _ = loudness(video_path(settings, data))
    assert mean > -40  # the recording's own tone, not silence (-91 dB)


def test_the_cut_carries_its_kept_words_re_timed(api, settings, talk):
    data = finished(api, cut_body(talk))

    language, words = spoken_words.read(video_path(settings, data))

    assert language == "en"
    assert [word.word for word in words] == kept_words(HIGHLIGHTED)
    # "delta" opens the cut; "juliet" opens the second segment, right after sentence 1 (1.55 s).
    assert words[0].start == pytest.approx(0.0, abs=0.01)
    juliet = next(word for word in words if word.word == "juliet")
    assert juliet.start == pytest.approx(1.55, abs=0.01)
    assert {word.sentence_index for word in words} == HIGHLIGHTED
    assert all(word.end <= data["videoDuration"] + 0.01 for word in words)


def test_subtitle_cues_are_timed_in_the_cut(api, client, talk):
    data = finished(api, cut_body(talk))

    srt = file_text(client, data["srtFile"])

    assert "00:00:00,000 --> " in srt
    assert "juliet kilo lima" in srt and "mike november oscar" in srt
    assert "00:00:01,550 --> " in srt  # the second segment's first cue


def test_without_highlight_flags_every_word_is_kept(api, client, settings, tmp_path):
    url = upload_recording(api, client, tmp_path, seconds=12)
    body = cut_body(url)
    body["scenes"][0]["transcript"] = transcript(None)
    body["scenes"][0].pop("mediaRepurposeSettings")

    data = finished(api, body)

    assert srt_words(file_text(client, data["srtFile"])) == " ".join(SENTENCES).split()
    assert data["videoDuration"] == pytest.approx(kept_seconds(set(range(6))), abs=0.01)


def test_without_a_transcript_the_whole_recording_plays_without_subtitles(api, client, settings, tmp_path):
    url = upload_recording(api, client, tmp_path, seconds=4)
    body = {"videoName": "whole", "aspectRatio": "16:9", "scenes": [media_scene(url)]}

    data = finished(api, body)

    media = probe_media(video_path(settings, data))
    assert data["videoDuration"] == pytest.approx(4.0, abs=0.05)
    assert media["duration"] == pytest.approx(4.0, abs=0.1)
    assert (media["width"], media["height"]) == (1280, 720)
    assert srt_words(file_text(client, data["srtFile"])) == []


def test_an_ai_voice_over_replaces_the_recordings_sound(api, client, settings, tmp_path):
    tone = upload_recording(api, client, tmp_path, name="tone.mp4", seconds=12)
    quiet = upload_recording(api, client, tmp_path, name="quiet.mp4", seconds=12, tone=None)
    voice = {"enabled": True, "aiVoices": [{"speaker": "Martin", "speed": 100}]}

    over_tone = loudness(video_path(settings, finished(api, cut_body(tone, voiceOver=voice))))
    over_quiet = loudness(video_path(settings, finished(api, cut_body(quiet, voiceOver=voice))))
    tone_only = loudness(video_path(settings, finished(api, cut_body(tone))))
    quiet_only = loudness(video_path(settings, finished(api, cut_body(quiet))))

    assert quiet_only[1] < -80  # the silent recording is silent
    assert tone_only[0] > -35  # the tone alone is as loud as the voice: mixed in, it would show
    assert over_quiet[0] > -50  # the voice speaks
    # The tone is muted under the voice: the mean loudness is the voice's alone (peaks vary a
    # little between two eSpeak runs, so they are not compared).
    assert over_tone[0] == pytest.approx(over_quiet[0], abs=0.5)


def test_the_ai_voice_reads_the_kept_words(api, settings, talk):
    voice = {"enabled": True, "aiVoices": [{"speaker": "Emma", "speed": 100}]}
    data = finished(api, cut_body(talk, voiceOver=voice))

    _, words = spoken_words.read(video_path(settings, data))

    assert [word.word for word in words] == kept_words(HIGHLIGHTED)
    juliet = next(word for word in words if word.word == "juliet")
    assert juliet.start >= 1.55 - 0.01  # read within its own segment


def test_an_audio_cut_plays_over_the_brand_colour(api, client, settings, tmp_path):
    brand = create_brand(api)  # primary #6A1B9A
    url = upload_recording(api, client, tmp_path, name="podcast.m4a", seconds=12, video=False)
    scene = {"audioUrl": url, "audioLanguage": "en-US", "transcript": transcript(HIGHLIGHTED)}
    body = {"videoName": "podcast cut", "aspectRatio": "1:1", "brandId": brand["brandId"], "scenes": [scene]}

    data = finished(api, body)

    path = video_path(settings, data)
    media = probe_media(path)
    assert (media["width"], media["height"]) == (720, 720)
    assert media["duration"] == pytest.approx(kept_seconds(HIGHLIGHTED), abs=2 * FRAME + 0.03)
    assert near(frame_at(path, 1.0).getpixel((360, 360)), (106, 27, 154))
    assert srt_words(file_text(client, data["srtFile"])) == kept_words(HIGHLIGHTED)
    assert loudness(path)[0] > -40


def test_a_logo_is_drawn_over_the_cut(api, client, settings, talk):
    from .test_branding import MAGENTA, upload_png

    logo = upload_png(api, client, MAGENTA)
    data = finished(api, cut_body(talk, logo={"url": logo, "position": "top-left", "width": "20%"}))

    image = frame_at(video_path(settings, data), 0.5)
    # 20 % of 720 px = 144×72 at the 9-grid margin (1280 // 30 = 42).
    assert near(image.getpixel((42 + 72, 42 + 36)), (255, 0, 255))


def test_a_video_url_the_sandbox_does_not_hold_fails_the_job(api):
    body = cut_body("https://cdn.example.com/recordings/talk.mp4?signature=s3cr3t")

    data = api.finished(api.create(body))["data"]

    assert data["status"] == "failed"
    assert data["error_code"] == "TEXT_TO_VIDEO_FAILED"
    assert "https://cdn.example.com/recordings/talk.mp4" in data["error_message"]
    assert "could not be loaded" in data["error_message"]
    assert not data["error_message"].startswith("Rendering failed")  # the caller's input, said plainly
    assert "s3cr3t" not in data["error_message"]


def test_nothing_highlighted_fails_the_job_clearly(api, talk):
    body = cut_body(talk)
    body["scenes"][0]["transcript"] = transcript(set())

    data = api.finished(api.create(body))["data"]

    assert data["status"] == "failed"
    assert "keeps nothing" in data["error_message"]


def test_a_preview_of_a_cut_has_one_text_element_per_kept_sentence(api, talk):
    data = api.finished(api.create(cut_body(talk), render=False))["data"]

    elements = data["renderParams"]["elements"]
    texts = [element for element in elements if element["elementType"] == "SceneText"]
    assert [element["text"] for element in texts] == [SENTENCES[i] for i in sorted(HIGHLIGHTED)]
    assert [element["startTime"] for element in texts] == pytest.approx([0.0, 1.55, 3.55], abs=0.01)
    assert texts[0]["duration"] == pytest.approx(1.55, abs=0.01)
    background = next(element for element in elements if element["elementType"] == "backgroundElement")
    assert background["visualUrl"] == talk and background["type"] == "video"
    assert background["clips"] == [{"start": 2.2, "end": 3.75}, {"start": 6.2, "end": 9.75}]


def test_a_cut_between_story_scenes_keeps_every_part(api, client, settings, talk):
    body = cut_body(talk, aspectRatio="16:9")
    body["scenes"] = [
        {"story": "Coming up next.", "background": {"color": "#123456"}},
        body["scenes"][0],
        {"background": {"color": "#FFFFFF"}, "minimumDuration": 1},
    ]
    body["voiceOver"] = {"enabled": True, "aiVoices": [{"speaker": "Martin"}]}

    data = finished(api, body)

    story = 3 / 150 * 60 + 0.5
    expected = story + kept_seconds(HIGHLIGHTED) + 1
    assert data["videoDuration"] == pytest.approx(expected, abs=0.01)
    path = video_path(settings, data)
    assert probe_media(path)["duration"] == pytest.approx(expected, abs=2 * FRAME + 0.03)
    assert near(frame_at(path, story + kept_seconds(HIGHLIGHTED) + 0.5).getpixel((640, 360)), (255, 255, 255))
    assert near(frame_at(path, 0.5).getpixel((20, 360)), (0x12, 0x34, 0x56))
    srt = srt_words(file_text(client, data["srtFile"]))
    assert srt == ["Coming", "up", "next.", *kept_words(HIGHLIGHTED)]


def test_a_cut_with_many_segments_is_joined_in_batches_with_the_same_result(api, client, settings, talk, monkeypatch):
    from pictory_studio.sandbox import media_render

    highlighted = {0, 2, 4}  # three segments
    body = cut_body(talk)
    body["scenes"][0]["transcript"] = transcript(highlighted)
    direct = finished(api, body)
    monkeypatch.setattr(media_render, "MAX_SEGMENT_INPUTS", 2)
    batched = finished(api, body)

    for data in (direct, batched):
        media = probe_media(video_path(settings, data))
        assert media["duration"] == pytest.approx(kept_seconds(highlighted), abs=2 * FRAME + 0.03)
        assert srt_words(file_text(client, data["srtFile"])) == kept_words(highlighted)
    assert loudness(video_path(settings, batched))[0] == pytest.approx(loudness(video_path(settings, direct))[0], abs=1)
    at = kept_seconds({0}) + 0.5  # inside the second segment
    assert near(frame_at(video_path(settings, batched), at).getpixel((360, 640)),
                frame_at(video_path(settings, direct), at).getpixel((360, 640)), tolerance=12)
