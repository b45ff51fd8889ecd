"""The studio's pages through Django's real test client, with and without htmx."""
import pytest
from django.urls import reverse

from tests.factories import ProjectFactory, SceneFactory
from videos.models import Project, RenderJob, Scene

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def test_pages_need_a_signed_in_user(client, project):
    for url in [reverse("videos:project_list"), project.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_empty_project_list_explains_the_next_step(signed_in):
    page = signed_in.get(reverse("videos:project_list")).content.decode()
    assert "No projects yet" in page and "Create your first project" in page


def test_project_list_is_newest_first_with_latest_render_status(signed_in, user):
    older = ProjectFactory(owner=user, title="Older video")
    newer = ProjectFactory(owner=user, title="Newer video")
    RenderJob.objects.create(project=older, kind="render", version=1, status="completed",
                             thumbnail_url="http://cdn.test/thumb.jpg")
    page = signed_in.get(reverse("videos:project_list")).content.decode()
    assert page.index(newer.title) < page.index(older.title)
    assert "v1 · Completed" in page and "http://cdn.test/thumb.jpg" in page


def test_header_says_when_the_sandbox_is_in_use(signed_in):
    page = signed_in.get(reverse("videos:project_list")).content.decode()
    assert "Sandbox mode" in page


def test_create_project_then_land_on_its_builder(signed_in):
    response = signed_in.post(reverse("videos:project_create"),
                              {"title": "Autumn teaser", "aspect_ratio": "9:16", "language": "en"})
    project = Project.objects.get(title="Autumn teaser")
    assert response["Location"] == project.get_absolute_url()
    assert project.aspect_ratio == "9:16"


def test_create_project_with_an_aspect_ratio_outside_the_list_keeps_the_title(signed_in):
    response = signed_in.post(reverse("videos:project_create"),
                              {"title": "Autumn teaser", "aspect_ratio": "21:9", "language": "en"})
    page = response.content.decode()
    assert response.status_code == 200 and not Project.objects.exists()
    assert "Choose 16:9, 9:16, 1:1 or 4:5." in page and 'value="Autumn teaser"' in page


def test_builder_shows_scenes_words_and_estimated_length(signed_in, project, known_voices):
    page = signed_in.get(project.get_absolute_url()).content.decode()
    assert "Our spring collection lands on Friday." in page
    assert "6 words" in page and "≈ 0:03" in page  # 6 words at 150 wpm + pause
    assert 'id="total-words">12<' in page


def test_add_scene_with_htmx_returns_the_new_row_ready_to_edit(signed_in, project, known_voices):
    response = signed_in.post(reverse("videos:scene_add", args=[project.pk]), **HX)
    scene = project.scenes.last()
    html = response.content.decode()
    assert f'id="scene-{scene.pk}"' in html and "Save scene" in html and "<html" not in html
    assert "storyboardChanged" in response["HX-Trigger"]
    assert "HX-Request" in response["Vary"]


def test_add_scene_without_javascript_redirects_back_to_the_builder(signed_in, project):
    response = signed_in.post(reverse("videos:scene_add", args=[project.pk]))
    assert response.status_code == 302 and response["Location"].startswith(project.get_absolute_url())
    assert project.scenes.count() == 3


def test_saving_a_scene_swaps_the_row_and_updates_its_figures(signed_in, project, known_voices):
    scene = project.scenes.first()
    data = {"narration": "One two three four five six seven eight nine ten.", "visual_kind": "color",
            "visual_color": "#224466", "transition": "fade", "minimum_duration": ""}
    response = signed_in.post(reverse("videos:scene_edit", args=[scene.pk]), data, **HX)
    html = response.content.decode()
    assert "10 words" in html and "Save scene" not in html
    scene.refresh_from_db()
    assert scene.visual_color == "#224466"


def test_a_number_field_with_words_is_refused_but_the_narration_typed_is_kept(signed_in, project, known_voices):
    scene = project.scenes.first()
    data = {"narration": "Brand new words the user typed.", "visual_kind": "color", "visual_color": "#224466",
            "transition": "fade", "minimum_duration": "four"}
    html = signed_in.post(reverse("videos:scene_edit", args=[scene.pk]), data, **HX).content.decode()
    assert "Minimum duration is a number of seconds" in html
    assert "Brand new words the user typed." in html and 'value="four"' in html
    scene.refresh_from_db()
    assert scene.narration == "Our spring collection lands on Friday."


def test_empty_narration_is_saved_and_flagged_next_to_the_scene(signed_in, project, known_voices):
    scene = project.scenes.first()
    data = {"narration": "", "visual_kind": "color", "visual_color": "#zzz", "transition": "fade"}
    html = signed_in.post(reverse("videos:scene_edit", args=[scene.pk]), data, **HX).content.decode()
    assert "Write the narration for this scene" in html
    assert "is not a colour Pictory understands" in html
    scene.refresh_from_db()
    assert scene.visual_color == "#zzz"


def test_live_estimate_follows_the_text_being_typed(signed_in, project):
    scene = project.scenes.first()
    html = signed_in.post(reverse("videos:scene_estimate", args=[scene.pk]),
                          {"narration": " ".join(["word"] * 75)}, **HX).content.decode()
    assert "75 words" in html and "≈ 0:30" in html


def test_live_estimate_warns_past_15000_characters(signed_in, project):
    scene = project.scenes.first()
    html = signed_in.post(reverse("videos:scene_estimate", args=[scene.pk]),
                          {"narration": "a" * 15001}, **HX).content.decode()
    assert "15001 characters: over Pictory's 15,000 limit" in html


def test_scene_tools_reorder_duplicate_and_delete(signed_in, project, known_voices):
    first, second = project.scenes.all()
    html = signed_in.post(reverse("videos:scene_move", args=[second.pk, "up"]), **HX).content.decode()
    assert html.index(second.narration) < html.index(first.narration)
    signed_in.post(reverse("videos:scene_duplicate", args=[first.pk]), **HX)
    assert project.scenes.count() == 3
    response = signed_in.post(reverse("videos:scene_delete", args=[first.pk]), **HX)
    assert "storyboardChanged" in response["HX-Trigger"]
    assert not Scene.objects.filter(pk=first.pk).exists()


def test_settings_with_a_bad_speed_keep_everything_typed(signed_in, project, known_voices):
    data = {"title": "Renamed while typing", "aspect_ratio": "1:1", "language": "en", "voice_speaker": "Olivia",
            "voice_speed": "900", "music_enabled": "on", "music_volume": "0.2"}
    html = signed_in.post(reverse("videos:project_settings", args=[project.pk]), data, **HX).content.decode()
    assert "Voice speed must be between 50 and 200." in html
    assert 'value="Renamed while typing"' in html and 'value="900"' in html
    project.refresh_from_db()
    assert project.title == "Spring launch"


def test_settings_saved_with_htmx_announce_a_storyboard_change(signed_in, project, known_voices):
    data = {"title": "Spring launch", "aspect_ratio": "1:1", "language": "en", "voice_speaker": "Olivia",
            "voice_speed": "120", "music_volume": "0.05"}
    response = signed_in.post(reverse("videos:project_settings", args=[project.pk]), data, **HX)
    assert "storyboardChanged" in response["HX-Trigger"] and "Saved" in response.content.decode()
    project.refresh_from_db()
    assert (project.aspect_ratio, project.voice_speaker, project.music_enabled) == ("1:1", "Olivia", False)


def test_an_unknown_voice_is_shown_as_a_problem_on_the_page(signed_in, project, known_voices):
    project.voice_speaker = "Zorblax"
    project.save()
    page = signed_in.get(project.get_absolute_url()).content.decode()
    assert "Pictory has no voice called “Zorblax”" in page
    assert "Zorblax (not offered by Pictory)" in page


def test_render_with_problems_sends_nothing_and_says_what_to_fix(signed_in, user, known_voices):
    project = ProjectFactory(owner=user)
    response = signed_in.post(reverse("videos:project_render", args=[project.pk]), **HX)
    html = response.content.decode()
    assert response["HX-Retarget"] == "#actions"
    assert "Nothing was sent to Pictory" in html and "Add at least one scene" in html
    assert not RenderJob.objects.exists()


def test_builder_query_count_does_not_grow_with_scenes(signed_in, user, known_voices,
                                                      django_assert_num_queries):
    small = ProjectFactory(owner=user)
    SceneFactory.create_batch(3, project=small)
    big = ProjectFactory(owner=user)
    SceneFactory.create_batch(100, project=big)
    signed_in.get(small.get_absolute_url())  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert signed_in.get(small.get_absolute_url()).status_code == 200
    with django_assert_num_queries(len(few.captured_queries)):
        response = signed_in.get(big.get_absolute_url())
    assert response.content.decode().count('class="scene-number"') == 100


def test_project_list_query_count_does_not_grow_with_projects(signed_in, user, django_assert_num_queries):
    ProjectFactory.create_batch(5, owner=user)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        signed_in.get(reverse("videos:project_list"))
    projects = ProjectFactory.create_batch(495, owner=user)
    for p in projects[:50]:
        RenderJob.objects.create(project=p, kind="render", version=1, status="completed")
    with django_assert_num_queries(len(few.captured_queries)):
        response = signed_in.get(reverse("videos:project_list"))
    assert "Page 1 of 21" in response.content.decode()


def test_pictory_field_errors_are_shown_on_the_scene_they_concern(signed_in, project, known_voices):
    second = project.scenes.all()[1]
    RenderJob.objects.create(project=project, kind="render", version=1, status="failed",
                             error_code="INVALID_REQUEST_BODY",
                             error_fields=[{"name": "scenes[1].story", "messages": ["Story contains a bad word"]}])
    page = signed_in.get(project.get_absolute_url()).content.decode()
    row = page[page.index(f'id="scene-{second.pk}"'):]
    assert "Story contains a bad word" in row[: row.index("</li>")]
