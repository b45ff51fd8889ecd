"""Editing a storyboard: add, duplicate, move, delete keep a clean order."""
import pytest

from videos.services.storyboard import scene_add, scene_delete, scene_duplicate, scene_move, scene_update

pytestmark = pytest.mark.django_db


def narrations(project):
    return list(project.scenes.values_list("narration", flat=True))


def test_new_scene_goes_last_and_inherits_the_previous_visual(project):
    scene = scene_add(project=project, narration="Third")
    assert narrations(project)[-1] == "Third"
    assert (scene.visual_kind, scene.visual_query) == ("search", "flowers close up")


def test_first_scene_of_a_branded_project_uses_the_brand_colour(user):
    from tests.factories import BrandFactory, ProjectFactory

    project = ProjectFactory(owner=user, brand=BrandFactory(primary_color="#102030"))
    scene = scene_add(project=project)
    assert (scene.visual_kind, scene.visual_color) == ("color", "#102030")


def test_duplicate_lands_right_after_the_original(project):
    first = project.scenes.first()
    scene_duplicate(scene=first)
    assert narrations(project) == [first.narration, first.narration, "Pre-order today and get free delivery."]


def test_move_up_and_down_swap_neighbours(project):
    first, second = project.scenes.all()
    assert scene_move(scene=second, direction="up")
    assert narrations(project) == [second.narration, first.narration]
    second.refresh_from_db()
    assert scene_move(scene=second, direction="down")
    assert narrations(project) == [first.narration, second.narration]


def test_moving_the_top_scene_up_changes_nothing(project):
    first = project.scenes.first()
    assert not scene_move(scene=first, direction="up")


def test_delete_closes_the_gap(project):
    scene_add(project=project, narration="Third")
    scene_delete(scene=project.scenes.get(position=1))
    assert list(project.scenes.values_list("position", flat=True)) == [0, 1]
    assert narrations(project)[1] == "Third"


def test_update_keeps_whatever_was_typed_even_if_pictory_would_refuse_it(project):
    scene = project.scenes.first()
    scene_update(scene=scene, narration="x" * 16000, visual_color="not a colour")
    scene.refresh_from_db()
    assert len(scene.narration) == 16000 and scene.visual_color == "not a colour"
