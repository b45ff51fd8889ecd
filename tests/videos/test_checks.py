"""The storyboard is checked against Pictory's rules before anything is sent."""
import pytest

from tests.factories import ProjectFactory, SceneFactory
from videos.services.checks import is_valid_color, problems_from_pictory_fields, storyboard_problems

pytestmark = pytest.mark.django_db
VOICES = {"martin", "olivia"}


def problems_of(project, voices=VOICES):
    return storyboard_problems(project=project, scenes=list(project.scenes.all()), voice_names=voices)


def test_a_clean_storyboard_has_no_problems(project):
    assert problems_of(project) == []


def test_empty_narration_is_flagged_on_its_scene(project):
    scene = project.scenes.first()
    scene.narration = "   "
    scene.save()
    [problem] = problems_of(project)
    assert (problem.scene_id, problem.field) == (scene.pk, "narration")
    assert "Write the narration" in problem.message


def test_narration_over_15000_characters_is_flagged_with_its_length(project):
    scene = project.scenes.first()
    scene.narration = "word " * 3001
    scene.save()
    [problem] = problems_of(project)
    assert problem.field == "narration"
    assert "15,005 characters" in problem.message and "at most 15,000" in problem.message


@pytest.mark.parametrize("colour", ["#12", "blue-ish", "rgb(300, 0, 0)", "#GGGGGG", "rgba(1,2,3,4)"])
def test_invalid_colours_are_flagged(project, colour):
    scene = project.scenes.first()
    scene.visual_color = colour
    scene.save()
    [problem] = problems_of(project)
    assert problem.field == "visual_color"
    assert colour in problem.message


@pytest.mark.parametrize("colour", ["#fff", "#1F3A5F", "#1F3A5F80", "rgb(10, 20, 30)", "rgba(10,20,30,0.5)"])
def test_contract_colour_formats_are_accepted(colour):
    assert is_valid_color(colour)


def test_unknown_voice_is_flagged_on_the_voice_setting(project):
    project.voice_speaker = "Zorblax"
    project.save()
    [problem] = problems_of(project)
    assert problem.scene_id is None and problem.field == "voice_speaker"
    assert "Zorblax" in problem.message


def test_voice_is_not_judged_when_the_voice_list_is_unavailable(project):
    project.voice_speaker = "Zorblax"
    project.save()
    assert problems_of(project, voices=None) == []


def test_aspect_ratio_outside_the_list_is_flagged(project):
    project.aspect_ratio = "21:9"
    project.save()
    [problem] = problems_of(project)
    assert problem.field == "aspect_ratio"


def test_a_project_with_no_scenes_cannot_be_sent(user):
    project = ProjectFactory(owner=user)
    [problem] = problems_of(project)
    assert problem.field == "scenes" and "at least one scene" in problem.message


def test_media_url_must_be_http(project):
    scene = project.scenes.first()
    scene.visual_kind, scene.visual_url = "media", "file:///etc/passwd"
    scene.save()
    [problem] = problems_of(project)
    assert problem.field == "visual_url"


def test_each_problem_is_reported_once_per_place(user):
    project = ProjectFactory(owner=user, voice_speed=300)
    SceneFactory(project=project, narration="", visual_color="nope")
    fields = sorted(p.field for p in problems_of(project))
    assert fields == ["narration", "visual_color", "voice_speed"]


def test_pictory_400_fields_map_back_to_scenes_and_settings():
    problems = problems_from_pictory_fields(
        fields=[
            {"name": "scenes[1].story", "messages": ["too long"]},
            {"name": "scenes[0].background.color", "messages": ["bad colour"]},
            {"name": "aspectRatio", "messages": ["must be one of"]},
            {"name": "voiceOver.aiVoices[0].speed", "messages": ["out of range"]},
        ],
        scene_ids=[11, 22],
    )
    assert [(p.scene_id, p.field, p.message) for p in problems] == [
        (22, "narration", "too long"),
        (11, "visual_color", "bad colour"),
        (None, "aspect_ratio", "must be one of"),
        (None, "voice_speed", "out of range"),
    ]
