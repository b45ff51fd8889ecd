"""What the studio predicts and what it sends."""
import pytest

from tests.factories import BrandFactory, ProjectFactory, SceneFactory
from videos.services.estimates import format_seconds, scene_seconds, word_count
from videos.services.payload import storyboard_body

pytestmark = pytest.mark.django_db


def test_thirty_words_take_twelve_and_a_half_seconds_at_normal_speed():
    narration = " ".join(["word"] * 30)
    assert word_count(narration) == 30
    assert scene_seconds(narration=narration) == pytest.approx(12.5)


def test_faster_voice_shortens_and_minimum_duration_lengthens():
    narration = " ".join(["word"] * 30)
    assert scene_seconds(narration=narration, voice_speed=200) == pytest.approx(6.5)
    assert scene_seconds(narration=narration, minimum_duration=20) == 20


def test_scene_without_words_lasts_three_seconds_or_its_minimum():
    assert scene_seconds(narration="") == 3
    assert scene_seconds(narration="", minimum_duration=5) == 5


def test_durations_read_as_minutes_and_seconds():
    assert format_seconds(75.4) == "1:15"
    assert format_seconds(9) == "0:09"


def test_body_carries_settings_scenes_and_a_low_music_volume(user):
    project = ProjectFactory(owner=user, title="Teaser", aspect_ratio="9:16", voice_speaker="Olivia", voice_speed=110)
    SceneFactory(project=project, narration="Hello there.", visual_kind="color", visual_color="#abc",
                 transition="wipeup", minimum_duration=4)
    SceneFactory(project=project, narration="Second.", visual_kind="search", visual_query="forest",
                 hide_subtitles=True)
    SceneFactory(project=project, narration="Third.", visual_kind="media", visual_url="https://cdn.test/a.MP4")
    body = storyboard_body(project=project, scenes=list(project.scenes.all()))
    assert body["videoName"] == "Teaser" and body["aspectRatio"] == "9:16"
    assert body["voiceOver"] == {"enabled": True, "aiVoices": [{"speaker": "Olivia", "speed": 110}]}
    assert body["backgroundMusic"] == {"enabled": True, "autoMusic": True, "volume": 0.1}
    first, second, third = body["scenes"]
    assert first == {"story": "Hello there.", "sceneTransition": "wipeup", "background": {"color": "#abc"},
                     "minimumDuration": 4.0}
    assert second["background"] == {"searchFilter": {"query": "forest"}} and second["hideSubtitles"] is True
    assert third["background"] == {"visualUrl": "https://cdn.test/a.MP4", "type": "video"}


def test_music_off_still_sends_a_volume_so_pictory_never_plays_it_loud(user):
    project = ProjectFactory(owner=user, music_enabled=False)
    body = storyboard_body(project=project, scenes=[])
    assert body["backgroundMusic"] == {"enabled": False, "volume": 0}


def test_brand_kit_is_applied_by_its_pictory_id(user):
    project = ProjectFactory(owner=user, brand=BrandFactory(pictory_brand_id="b-123"))
    assert storyboard_body(project=project, scenes=[])["brandId"] == "b-123"
    project.brand = BrandFactory(pictory_brand_id="")
    assert "brandId" not in storyboard_body(project=project, scenes=[])
