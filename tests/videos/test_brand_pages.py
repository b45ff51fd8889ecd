"""Brand kit pages: Admins (by role) manage kits; Editors pick them; Reviewers only look."""
import pytest
from django.urls import reverse

from tests.factories import BrandFactory, ProjectFactory, UserFactory
from tests.helpers import sandbox_calls
from videos.models import Brand, Project

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Acme spring", "description": "Spring campaign", "logo": "", "logo_url": "",
    "logo_position": "top-right", "logo_width": "15", "primary_color": "#1f3a5f", "primary_light": "",
    "primary_dark": "", "primary_contrast_text": "", "secondary_color": "#F2A541", "secondary_light": "",
    "secondary_dark": "", "secondary_contrast_text": "", "font_family": "Montserrat", "font_file": "",
    "font_url": "", "subtitle_style": "", "default_voice": "", "default_voice_speed": "110",
    "music_enabled": "on", "default_music_volume": "0.2", "intro_text": "", "intro_clip_url": "",
    "outro_text": "", "outro_clip_url": "",
}


@pytest.fixture
def admin(client):
    person = UserFactory(username="ada", roles=["Admin"])
    assert not person.is_superuser
    client.force_login(person)
    return person


def _as(client, role):
    person = UserFactory(username=role.lower(), roles=[role])
    client.force_login(person)
    return person


@pytest.mark.parametrize("role", ["Editor", "Reviewer"])
def test_only_admins_create_or_change_kits(client, role, known_voices):
    kit = BrandFactory(name="Acme")
    _as(client, role)
    assert client.get(reverse("videos:brand_create")).status_code == 403
    assert client.post(reverse("videos:brand_create"), VALID).status_code == 403
    assert client.post(reverse("videos:brand_detail", args=[kit.pk]), VALID).status_code == 403
    for name in ("brand_duplicate", "brand_archive", "brand_make_default", "brand_push"):
        assert client.post(reverse(f"videos:{name}", args=[kit.pk])).status_code == 403
    assert client.post(reverse("videos:brand_sync")).status_code == 403
    assert Brand.objects.get().name == "Acme" and Brand.objects.count() == 1


def test_reviewer_sees_the_kits_read_only(client, known_voices):
    kit = BrandFactory(name="Acme", font_family="Lato")
    _as(client, "Reviewer")
    listing = client.get(reverse("videos:brand_list")).content.decode()
    assert "Acme" in listing and "New brand kit" not in listing
    page = client.get(reverse("videos:brand_detail", args=[kit.pk])).content.decode()
    assert "Only admins change brand kits" in page
    assert "<fieldset class=\"stack\" disabled>" in page
    assert "Save changes" not in page


def test_admin_by_role_creates_a_kit_with_derived_colours(client, admin, known_voices):
    response = client.post(reverse("videos:brand_create"), VALID)
    kit = Brand.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("videos:brand_detail", args=[kit.pk])
    assert kit.primary_color == "#1F3A5F" and kit.primary_light == "#62758F"
    assert kit.primary_contrast_text == "#FFFFFF" and kit.secondary_contrast_text == "#111827"
    assert kit.default_voice_speed == 110 and kit.default_music_volume == 0.2
    assert kit.created_by == admin
    page = client.get(response["Location"]).content.decode()
    assert "It applies in the studio; it is not saved at Pictory." in page


@pytest.mark.parametrize("field,value,message", [
    ("name", "", "Give the kit a name."),
    ("primary_color", "#12", "is not a hex colour"),
    ("secondary_light", "orange", "is not a hex colour"),
    ("font_family", "Comic Neue", "Pictory does not offer “Comic Neue”"),
    ("logo_width", "0", "between 1 and 100"),
    ("logo_width", "wide", "whole number of percent"),
    ("default_voice_speed", "500", "between 50 and 200"),
    ("default_music_volume", "loud", "between 0 and 1"),
    ("logo_url", "ftp://x/logo.png", "http(s) address of the logo"),
])
def test_bad_input_saves_nothing_and_keeps_what_was_typed(client, admin, known_voices, field, value, message):
    data = {**VALID, field: value, "description": "Typed with care"}
    response = client.post(reverse("videos:brand_create"), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert "Nothing was saved" in page and "Typed with care" in page
    assert not Brand.objects.exists()


def test_duplicate_name_is_refused(client, admin, known_voices):
    BrandFactory(name="Acme spring")
    response = client.post(reverse("videos:brand_create"), VALID)
    assert response.status_code == 400
    assert "Another kit already has this name." in response.content.decode()


def test_duplicate_makes_an_unlinked_non_default_copy(client, admin):
    kit = BrandFactory(name="Acme", is_default=True, pictory_brand_id="pb-1", primary_color="#123456")
    client.post(reverse("videos:brand_duplicate", args=[kit.pk]))
    client.post(reverse("videos:brand_duplicate", args=[kit.pk]))
    copies = Brand.objects.exclude(pk=kit.pk).order_by("pk")
    assert [c.name for c in copies] == ["Acme (copy)", "Acme (copy 2)"]
    assert all(c.primary_color == "#123456" and not c.is_default and not c.pictory_brand_id for c in copies)


def test_one_team_default_and_new_projects_start_with_it(client, admin, known_voices):
    first = BrandFactory(name="First", is_default=True)
    second = BrandFactory(name="Second")
    client.post(reverse("videos:brand_make_default", args=[second.pk]))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.is_default, second.is_default) == (False, True)
    page = client.get(reverse("videos:project_create")).content.decode()
    assert f'<option value="{second.pk}" selected>Second</option>' in page


def test_archived_kits_leave_the_pickers_but_projects_keep_them(client, admin, known_voices):
    kit = BrandFactory(name="Old look")
    project = ProjectFactory(brand=kit, owner=admin)
    client.post(reverse("videos:brand_archive", args=[kit.pk]))
    kit.refresh_from_db()
    assert kit.is_archived
    assert ">Old look</option>" not in client.get(reverse("videos:project_create")).content.decode()
    assert "Old look" not in client.get(reverse("videos:brand_list")).content.decode()
    assert "Old look" in client.get(reverse("videos:brand_list") + "?archived=1").content.decode()
    project.refresh_from_db()
    assert project.brand == kit
    client.post(reverse("videos:brand_archive", args=[kit.pk]), {"restore": "1"})
    kit.refresh_from_db()
    assert not kit.is_archived


def test_new_project_takes_the_kits_voice_music_and_intro_outro(client, known_voices):
    user = _as(client, "Editor")
    kit = BrandFactory(name="Acme", default_voice="Olivia", default_voice_speed=120, music_enabled=False,
                       default_music_volume=0.3, intro_text="Welcome to Acme.", outro_text="Visit acme.test",
                       primary_color="#1F3A5F")
    client.post(reverse("videos:project_create"), {"title": "Launch", "aspect_ratio": "16:9", "language": "en",
                                                   "brand": kit.pk})
    project = Project.objects.get(owner=user)
    assert (project.voice_speaker, project.voice_speed, project.music_enabled) == ("Olivia", 120, False)
    scenes = list(project.scenes.all())
    assert [s.narration for s in scenes] == ["Welcome to Acme.", "Visit acme.test"]
    assert scenes[0].visual_kind == "color" and scenes[0].visual_color == "#1F3A5F"


def test_project_page_says_what_the_kit_changes(client, known_voices):
    user = _as(client, "Reviewer")
    kit = BrandFactory(name="Acme", logo_url="https://cdn.example.test/logo.png", logo_position="bottom-right",
                       logo_width=20, font_family="Lato", secondary_color="#F2A541",
                       secondary_contrast_text="#111827")
    project = ProjectFactory(brand=kit, owner=UserFactory(username="owner"))
    assert user != project.owner
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Brand kit: Acme" in page
    assert "Logo on every scene, bottom right, 20% of the width" in page
    assert "Subtitles in Lato, #111827 on a #F2A541 box" in page
    assert "Not linked to a Pictory brand" in page


def test_editor_picks_a_kit_per_batch(client):
    from templates_app.models import Batch, VideoTemplate

    user = _as(client, "Editor")
    kit = BrandFactory(name="Batch kit")
    archived = BrandFactory(name="Gone", archived_at="2026-01-01T00:00Z")
    template = VideoTemplate.objects.create(pictory_template_id="T1", name="Welcome", scenes=[], variables={})
    batch = Batch.objects.create(template=template, name="Nov", created_by=user)
    client.post(reverse("templates_app:batch_set_brand", args=[batch.pk]), {"brand": kit.pk})
    batch.refresh_from_db()
    assert batch.brand == kit
    response = client.post(reverse("templates_app:batch_set_brand", args=[batch.pk]), {"brand": archived.pk},
                           follow=True)
    assert "does not exist or was archived" in response.content.decode()
    batch.refresh_from_db()
    assert batch.brand == kit
    _as(client, "Reviewer")
    assert client.post(reverse("templates_app:batch_set_brand", args=[batch.pk]), {"brand": ""}).status_code == 403


# --- Sync with Pictory (the sandbox over real HTTP) ---------------------------------------


def test_saving_at_pictory_links_the_kit(client, admin, sandbox, known_voices):
    response = client.post(reverse("videos:brand_create"), {**VALID, "sync_to_pictory": "on"}, follow=True)
    kit = Brand.objects.get()
    assert kit.pictory_brand_id
    assert "Saved at Pictory too" in response.content.decode()
    assert sandbox_calls("POST", "/brands/editvideo") == 1
    listing = client.get(reverse("videos:brand_list")).content.decode()
    assert "Linked to Pictory" in listing
    client.post(reverse("videos:brand_detail", args=[kit.pk]), {**VALID, "primary_color": "#000000",
                                                                "sync_to_pictory": "on"})
    assert sandbox_calls("PUT", f"/brands/editvideo/{kit.pictory_brand_id}") == 1
    client.post(reverse("videos:brand_archive", args=[kit.pk]))
    assert sandbox_calls("DELETE", f"/brands/editvideo/{kit.pictory_brand_id}") == 1
    kit.refresh_from_db()
    assert kit.is_archived and not kit.pictory_brand_id


def test_an_account_without_the_brand_api_keeps_the_kit_local(client, admin, sandbox, settings, known_voices):
    settings.PICTORY_SANDBOX_BRAND_CRUD = False
    response = client.post(reverse("videos:brand_create"), {**VALID, "sync_to_pictory": "on"}, follow=True)
    kit = Brand.objects.get()
    assert not kit.pictory_brand_id
    page = response.content.decode()
    assert "does not offer the brand API" in page and "Studio only" in page


def test_importing_a_pictory_brand_links_it(client, admin, sandbox, known_voices):
    page = client.get(reverse("videos:brand_list")).content.decode()
    assert "Sandbox Default Brand" in page and "Import as a kit" in page
    client.post(reverse("videos:brand_sync"), {"import": "5a7b9c1d-2e3f-4a5b-8c6d-7e8f9a0b1c95"})
    kit = Brand.objects.get()
    assert kit.name == "Sandbox Default Brand"
    assert kit.pictory_brand_id == "5a7b9c1d-2e3f-4a5b-8c6d-7e8f9a0b1c95"
    assert "Import as a kit" not in client.get(reverse("videos:brand_list")).content.decode().split(
        "Sandbox Default Brand")[-1].split("</tr>")[0]
