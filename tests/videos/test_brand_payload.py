"""A brand kit's effect on the render payload, field by field, and the checks that guard it."""
import pytest

from templates_app.models import Batch, BatchRow, VideoTemplate
from templates_app.services.launch import batch_launch
from tests.factories import BrandFactory, ProjectFactory, SceneFactory, UserFactory
from videos.models import MediaAsset, MediaKind, MediaStatus, RenderJob
from videos.services.brand_colors import variants
from videos.services.brands import brand_fill_variants
from videos.services.checks import storyboard_problems
from videos.services.payload import storyboard_body

pytestmark = pytest.mark.django_db


def _asset(kind, url, status=MediaStatus.READY):
    return MediaAsset.objects.create(name=url.rsplit("/", 1)[-1], kind=kind, content_type="image/png",
                                     url=url, status=status)


@pytest.fixture
def kit():
    return BrandFactory(
        name="Acme", primary_color="#1F3A5F", primary_light="#62758F", secondary_color="#F2A541",
        secondary_contrast_text="#111827", font_family="Montserrat", logo_position="bottom-left", logo_width=12,
        logo=_asset(MediaKind.IMAGE, "https://cdn.example.test/acme-logo.png"),
    )


def _body(brand, scenes=2):
    project = ProjectFactory(brand=brand)
    made = [SceneFactory(project=project, position=i, narration=f"Scene {i} words.") for i in range(scenes)]
    return storyboard_body(project=project, scenes=made)


def test_unlinked_kit_sends_no_brand_id_or_name_but_its_look(kit):
    body = _body(kit)
    assert "brandId" not in body and "brandName" not in body
    assert body["subtitleStyle"] == {
        "color": "#111827", "backgroundColor": "#F2A541", "keywordColor": "#62758F",
        "showBoxBackground": True, "fontFamily": "Montserrat",
    }


def test_linked_kit_is_named_by_id_only(kit):
    kit.pictory_brand_id = "5a7b9c1d-2e3f-4a5b-8c6d-7e8f9a0b1c95"
    kit.save()
    body = _body(kit)
    assert body["brandId"] == kit.pictory_brand_id
    assert "brandName" not in body


def test_logo_is_an_image_element_on_every_scene(kit):
    body = _body(kit, scenes=3)
    expected = {"type": "image", "visualUrl": "https://cdn.example.test/acme-logo.png",
                "position": "bottom-left", "width": "12%"}
    assert [scene["elements"] for scene in body["scenes"]] == [[expected]] * 3
    assert "logo" not in body


def test_a_logo_still_uploading_is_not_sent_and_the_typed_address_is_used_instead(kit):
    kit.logo = _asset(MediaKind.IMAGE, "https://cdn.example.test/half.png", status=MediaStatus.UPLOADING)
    kit.logo_url = "https://cdn.example.test/typed.png"
    kit.save()
    body = _body(kit)
    assert body["scenes"][0]["elements"][0]["visualUrl"] == "https://cdn.example.test/typed.png"


def test_no_logo_means_no_elements(kit):
    kit.logo = None
    kit.save()
    assert all("elements" not in scene for scene in _body(kit)["scenes"])


def test_subtitle_style_preset_by_id_wins_over_name(kit):
    kit.subtitle_style_id, kit.subtitle_style_name = "3f6c2a8e", "Classic White"
    kit.save()
    body = _body(kit)
    assert body["subtitleStyleId"] == "3f6c2a8e" and "subtitleStyleName" not in body
    kit.subtitle_style_id = ""
    kit.save()
    body = _body(kit)
    assert body["subtitleStyleName"] == "Classic White" and "subtitleStyleId" not in body


def test_uploaded_font_file_goes_with_the_family(kit):
    kit.font_family = "Acme Sans"
    kit.font_file = _asset(MediaKind.FONT, "https://cdn.example.test/acme-sans.ttf")
    kit.save()
    style = _body(kit)["subtitleStyle"]
    assert style["fontFamily"] == "Acme Sans"
    assert style["fontUrl"] == "https://cdn.example.test/acme-sans.ttf"


def test_no_brand_changes_nothing():
    body = _body(None)
    for key in ("brandId", "brandName", "subtitleStyle", "subtitleStyleId", "logo"):
        assert key not in body
    assert all("elements" not in scene for scene in body["scenes"])


def test_unknown_font_without_a_file_is_refused_before_sending(kit):
    kit.font_family = "Comic Neue"
    kit.save()
    project = ProjectFactory(brand=kit)
    scenes = [SceneFactory(project=project, narration="Hello.")]
    problems = storyboard_problems(project=project, scenes=scenes, voice_names=None)
    assert [p.field for p in problems] == ["brand"]
    assert "Comic Neue" in problems[0].message and "font file" in problems[0].message


def test_a_kit_with_both_style_id_and_name_is_refused(kit):
    kit.subtitle_style_id, kit.subtitle_style_name = "3f6c2a8e", "Other"
    kit.save()
    project = ProjectFactory(brand=kit)
    problems = storyboard_problems(project=project, scenes=[SceneFactory(project=project)], voice_names=None)
    assert any("not both" in p.message for p in problems)


def test_colour_variants_are_derived_where_left_empty():
    brand = BrandFactory.build(primary_color="#1F3A5F", secondary_color="#F2A541", secondary_dark="#000001")
    brand_fill_variants(brand=brand)
    assert brand.primary_light == variants("#1F3A5F")["light"] == "#62758F"
    assert brand.primary_dark == "#162942"  # 30 % towards black
    assert brand.primary_contrast_text == "#FFFFFF"  # white reads better on navy
    assert brand.secondary_contrast_text == "#111827"  # ink reads better on amber
    assert brand.secondary_dark == "#000001"  # typed by hand: kept


def test_batch_rows_carry_the_batch_kit_over_the_template_kit(kit):
    user = UserFactory()
    template_kit = BrandFactory(name="Template kit", pictory_brand_id="tpl-brand")
    template = VideoTemplate.objects.create(pictory_template_id="T1", name="Welcome",
                                            scenes=[{"scene_id": "1", "text": "Hi {{name}}"}],
                                            variables={"name": "name"}, brand=template_kit)
    batch = Batch.objects.create(template=template, name="Nov", created_by=user, brand=kit)
    BatchRow.objects.create(batch=batch, number=1, values={"name": "Ada"}, is_valid=True)
    batch_launch(batch=batch, user=user)
    payload = RenderJob.objects.get().payload
    assert "brandId" not in payload  # the batch's kit is not linked; the template's is not used
    assert payload["logo"] == {"url": "https://cdn.example.test/acme-logo.png", "position": "bottom-left",
                               "width": "12%"}
    assert payload["subtitleStyle"]["backgroundColor"] == "#F2A541"
