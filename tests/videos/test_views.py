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


SCENE_DATA = {"narration": "Fresh words for a third scene.", "visual_kind": "search", "visual_query": "sunrise",
              "visual_color": "", "visual_url": "", "transition": "fade", "minimum_duration": ""}


def test_add_scene_opens_a_form_that_stores_nothing_until_saved(signed_in, project, known_voices):
    response = signed_in.get(reverse("videos:scene_new", args=[project.pk]), **HX)
    html = response.content.decode()
    assert 'id="scene-new"' in html and "Add this scene" in html and "<html" not in html
    assert "HX-Request" in response["Vary"]
    # The new scene follows the previous one's visual; leaving now leaves nothing behind.
    assert 'value="flowers close up"' in html
    assert project.scenes.count() == 2


def test_saving_the_new_scene_stores_it_and_swaps_in_its_row(signed_in, project, known_voices):
    response = signed_in.post(reverse("videos:scene_add", args=[project.pk]), SCENE_DATA, **HX)
    scene = project.scenes.last()
    html = response.content.decode()
    assert project.scenes.count() == 3 and scene.narration == SCENE_DATA["narration"]
    assert f'id="scene-{scene.pk}"' in html and "6 words" in html and "Add this scene" not in html
    assert "storyboardChanged" in response["HX-Trigger"]


def test_a_new_scene_with_a_bad_number_keeps_what_was_typed_and_stores_nothing(signed_in, project, known_voices):
    data = {**SCENE_DATA, "minimum_duration": "four"}
    html = signed_in.post(reverse("videos:scene_add", args=[project.pk]), data, **HX).content.decode()
    assert "Minimum duration is a number of seconds" in html and SCENE_DATA["narration"] in html
    assert 'data-dirty="1"' in html  # the page still warns before this typed scene is lost
    assert project.scenes.count() == 2


def test_add_scene_without_javascript_opens_a_page_then_redirects_back(signed_in, project, known_voices):
    page = signed_in.get(reverse("videos:scene_new", args=[project.pk]))
    assert page.status_code == 200 and "Add this scene" in page.content.decode()
    response = signed_in.post(reverse("videos:scene_add", args=[project.pk]), SCENE_DATA)
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


def test_live_estimate_follows_the_text_being_typed_and_updates_the_totals(signed_in, project):
    scene = project.scenes.first()
    html = signed_in.post(reverse("videos:storyboard_estimate", args=[project.pk]),
                          {"scene": scene.pk, "narration": " ".join(["word"] * 75)}, **HX).content.decode()
    assert f'id="scene-{scene.pk}-estimate"' in html and "75 words" in html and "≈ 0:30" in html
    # The other scene has 6 words: the totals in "Make the video" follow the typing.
    assert '<dd id="total-words" hx-swap-oob="true">81</dd>' in html


def test_live_estimate_for_a_scene_not_saved_yet_adds_it_to_the_totals(signed_in, project):
    html = signed_in.post(reverse("videos:storyboard_estimate", args=[project.pk]),
                          {"scene": "", "narration": "one two three"}, **HX).content.decode()
    assert 'id="scene-new-estimate"' in html and "3 words" in html
    assert '<dd id="total-words" hx-swap-oob="true">15</dd>' in html


def test_live_estimate_warns_past_15000_characters(signed_in, project):
    scene = project.scenes.first()
    html = signed_in.post(reverse("videos:storyboard_estimate", args=[project.pk]),
                          {"scene": scene.pk, "narration": "a" * 15001}, **HX).content.decode()
    assert "15001 characters: over Pictory's 15,000 limit" in html


@pytest.mark.parametrize("scene", ["abc", "999999999999999999999", "-1"])
def test_live_estimate_for_an_unknown_scene_is_not_found(signed_in, project, scene):
    response = signed_in.post(reverse("videos:storyboard_estimate", args=[project.pk]),
                              {"scene": scene, "narration": "x"}, **HX)
    assert response.status_code == 404


def test_scene_tools_reorder_duplicate_and_delete(signed_in, project, known_voices):
    first, second = project.scenes.all()
    html = signed_in.post(reverse("videos:scene_move", args=[second.pk, "up"]), **HX).content.decode()
    assert html.index(second.narration) < html.index(first.narration)
    signed_in.post(reverse("videos:scene_duplicate", args=[first.pk]), **HX)
    assert project.scenes.count() == 3
    response = signed_in.post(reverse("videos:scene_delete", args=[first.pk]), **HX)
    assert "storyboardChanged" in response["HX-Trigger"]
    assert not Scene.objects.filter(pk=first.pk).exists()


def test_settings_with_a_bad_speed_save_the_valid_changes_and_mark_the_bad_one(signed_in, project, known_voices):
    data = {"title": "Renamed while typing", "aspect_ratio": "1:1", "language": "en", "voice_speaker": "Olivia",
            "voice_speed": "900", "music_enabled": "on", "music_volume": "0.2"}
    response = signed_in.post(reverse("videos:project_settings", args=[project.pk]), data, **HX)
    html = response.content.decode()
    assert "Voice speed must be between 50 and 200." in html and 'value="900"' in html
    assert 'value="Renamed while typing"' in html and "Saved" in html
    assert "storyboardChanged" in response["HX-Trigger"]
    project.refresh_from_db()
    assert (project.title, project.voice_speaker, project.aspect_ratio) == ("Renamed while typing", "Olivia", "1:1")
    assert project.voice_speed == 100  # the bad value is not stored


def test_settings_without_javascript_save_the_valid_changes_too(signed_in, project, known_voices):
    data = {"title": "Spring launch", "aspect_ratio": "16:9", "language": "en", "voice_speaker": "Olivia",
            "voice_speed": "abc", "music_enabled": "on", "music_volume": "0.1"}
    response = signed_in.post(reverse("videos:project_settings", args=[project.pk]), data)
    assert response.status_code == 200 and "Voice speed is a number between 50 and 200." in response.content.decode()
    project.refresh_from_db()
    assert project.voice_speaker == "Olivia"


def test_a_line_break_in_the_title_is_stored_as_one_line(signed_in, project, known_voices):
    data = {"title": "Launch\r\nBcc: someone@evil.example", "aspect_ratio": "16:9", "language": "en",
            "voice_speaker": "Martin", "voice_speed": "100", "music_enabled": "on", "music_volume": "0.1"}
    signed_in.post(reverse("videos:project_settings", args=[project.pk]), data, **HX)
    project.refresh_from_db()
    assert project.title == "Launch Bcc: someone@evil.example"
    signed_in.post(reverse("videos:project_create"), {"title": "Two\nlines", "aspect_ratio": "16:9", "language": "en"})
    assert Project.objects.filter(title="Two lines").exists()


@pytest.mark.parametrize(("language", "voice"), [("en", "Martin"), ("es", "Lucia"), ("ja", "Lucia")])
def test_a_new_project_gets_a_voice_the_account_offers_for_its_language(signed_in, language, voice):
    from django.core.cache import cache

    from pictory_studio.pictory import Voice
    from pictory_studio.pictory.factory import pictory_mode

    # An account without "Martin" in Spanish: the Spanish project gets a Spanish voice; a
    # language with no voice of its own keeps the first voice offered.
    voices = [Voice(id="7", name="Lucia", voice_id="lucia", gender="Female", language="es-ES"),
              Voice(id="1", name="Martin", voice_id="martin-neural", gender="Male", language="en-US")]
    cache.set(f"pictory:voices:{pictory_mode()}", voices, 3600)
    signed_in.post(reverse("videos:project_create"), {"title": f"In {language}", "aspect_ratio": "16:9",
                                                      "language": language})
    project = Project.objects.get(title=f"In {language}")
    assert project.voice_speaker == voice
    page = signed_in.get(project.get_absolute_url()).content.decode()
    assert "has no voice called" not in page


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

    signed_in.get(reverse("videos:project_list"))  # the person's roles are remembered from here on
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
