"""Brand kits at /v1/brands/editvideo (contract §5.4) and the brand list that includes them."""

import re
import uuid

import pytest

from pictory_studio.sandbox.brands import find_brand
from pictory_studio.sandbox.models import SandboxBrand

from .credentials import MODES, credential

pytestmark = pytest.mark.django_db

KITS = "/v1/brands/editvideo"
DARK_BRAND_ID = "6b8c0d2e-3f4a-4b6c-9d7e-8f9a0b1c2da6"


def kit_body(**overrides) -> dict:
    body = {
        "name": "Acme Spring",
        "description": "Green and gold for the spring launch",
        "color": {
            "primary": {"main": "#2E7D32", "light": "#60AD5E", "dark": "#005005", "contrastText": "#FFFFFF"},
            "secondary": {"main": "#FFD54F"},
        },
        "font": {"family": "Lato", "url": "https://fonts.example.test/lato.ttf", "format": "truetype"},
        "logo": {"url": "https://cdn.example.test/acme.png", "position": "top-right", "width": "15%"},
    }
    body.update(overrides)
    return body


def field_names(response) -> set[str]:
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "INVALID_REQUEST_BODY"
    return {entry["name"] for entry in body["fields"]}


@pytest.mark.parametrize("mode", MODES)
def test_created_kit_is_answered_listed_and_readable_by_id(api, mode):
    auth = credential(api, mode)

    created = api.post(KITS, kit_body(), auth=auth)

    assert created.status_code == 200, created.content
    brand = created.json()
    uuid.UUID(brand["brandId"])
    assert brand["name"] == "Acme Spring"
    assert brand["description"] == "Green and gold for the spring launch"
    assert brand["color"]["primary"] == {
        "main": "#2E7D32", "light": "#60AD5E", "dark": "#005005", "contrastText": "#FFFFFF"
    }
    assert brand["font"] == {"family": "Lato", "url": "https://fonts.example.test/lato.ttf", "format": "truetype"}
    assert brand["logo"] == {"url": "https://cdn.example.test/acme.png", "position": "top-right", "width": "15%"}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", brand["createdDate"])
    assert api.get(KITS, auth=auth).json() == [brand]
    assert api.get(f"{KITS}/{brand['brandId']}", auth=auth).json() == brand
    listed = api.get("/v1/brands/video", auth=auth).json()
    assert {"id": brand["brandId"], "name": "Acme Spring"} in listed
    assert {"id": DARK_BRAND_ID, "name": "Sandbox Dark Brand"} in listed


def test_missing_shades_are_derived_from_main(api):
    brand = api.post(KITS, kit_body()).json()

    secondary = brand["color"]["secondary"]
    assert secondary["main"] == "#FFD54F"
    assert re.fullmatch(r"#[0-9A-F]{6}", secondary["light"]) and secondary["light"] != "#FFD54F"
    assert re.fullmatch(r"#[0-9A-F]{6}", secondary["dark"]) and secondary["dark"] != "#FFD54F"
    assert secondary["contrastText"] == "#000000"  # a light yellow takes dark text


def test_missing_name_and_font_family_are_two_field_errors(api):
    response = api.post(KITS, {"description": "no name", "font": {"url": "https://fonts.example.test/a.ttf"}})

    assert field_names(response) == {"name", "font.family"}
    assert SandboxBrand.objects.count() == 0


def test_a_body_without_font_reports_font_family(api):
    body = kit_body()
    del body["font"]

    assert field_names(api.post(KITS, body)) == {"font.family"}


@pytest.mark.parametrize("colour", ["rgb(10, 20, 30)", "green", "#12345", 123])
def test_colours_must_be_hex(api, colour):
    body = kit_body(color={"primary": {"main": "#000000", "dark": colour}})

    assert field_names(api.post(KITS, body)) == {"color.primary.dark"}


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"name": "   "}, "name"),
        ({"logo": {"position": "top-right"}}, "logo.url"),
        ({"logo": {"url": "ftp://cdn.example.test/a.png"}}, "logo.url"),
        ({"logo": {"url": "https://cdn.example.test/a.png", "position": "middle"}}, "logo.position"),
        ({"font": {"family": "Lato", "format": "postscript"}}, "font.format"),
        ({"color": {"primary": {"light": "#FFFFFF"}}}, "color.primary.main"),
    ],
)
def test_bad_fields_are_named(api, overrides, field):
    assert field_names(api.post(KITS, kit_body(**overrides))) == {field}


@pytest.mark.parametrize("name", ["acme spring", "ACME SPRING ", "sandbox dark brand"])
def test_duplicate_names_are_refused_in_any_case(api, name):
    assert api.post(KITS, kit_body()).status_code == 200

    assert field_names(api.post(KITS, kit_body(name=name))) == {"name"}
    assert SandboxBrand.objects.count() == 1


def test_body_that_is_not_json_or_not_an_object_is_refused(api):
    assert field_names(api.post(KITS, "{not json")) == {"body"}
    assert field_names(api.post(KITS, "[1, 2]")) == {"body"}


def test_put_changes_only_the_given_fields_and_rederives_shades(api):
    brand = api.post(KITS, kit_body(color={"primary": {"main": "#2E7D32"}})).json()

    response = api.put(f"{KITS}/{brand['brandId']}", {"color": {"primary": {"main": "#101010"}}, "logo": None})

    assert response.status_code == 200, response.content
    updated = response.json()
    assert updated["brandId"] == brand["brandId"]
    assert updated["name"] == "Acme Spring"
    assert updated["font"] == brand["font"]
    assert updated["color"]["primary"]["main"] == "#101010"
    assert updated["color"]["primary"]["light"] != brand["color"]["primary"]["light"]
    assert updated["color"]["primary"]["contrastText"] == "#FFFFFF"
    assert updated["logo"] == {}
    assert updated["createdDate"] == brand["createdDate"]
    assert api.get(f"{KITS}/{brand['brandId']}").json() == updated


def test_put_may_keep_its_own_name_but_not_take_anothers(api):
    first = api.post(KITS, kit_body()).json()
    api.post(KITS, kit_body(name="Other Brand"))

    same = api.put(f"{KITS}/{first['brandId']}", {"name": "Acme Spring", "description": "new"})
    taken = api.put(f"{KITS}/{first['brandId']}", {"name": "other brand"})
    bad = api.put(f"{KITS}/{first['brandId']}", {"font": {"family": ""}})

    assert same.status_code == 200 and same.json()["description"] == "new"
    assert field_names(taken) == {"name"}
    assert field_names(bad) == {"font.family"}
    assert api.get(f"{KITS}/{first['brandId']}").json()["name"] == "Acme Spring"


def test_delete_removes_the_kit_everywhere(api):
    brand = api.post(KITS, kit_body()).json()

    response = api.delete(f"{KITS}/{brand['brandId']}")

    assert response.status_code == 200
    assert response.json() == {"success": True}
    assert api.get(f"{KITS}/{brand['brandId']}").status_code == 404
    assert brand["brandId"] not in {item["id"] for item in api.get("/v1/brands/video").json()}


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_unknown_brand_is_404(api, method):
    path = f"{KITS}/{uuid.uuid4()}"
    response = api.put(path, {"name": "x"}) if method == "put" else getattr(api, method)(path)

    assert response.status_code == 404
    assert response.json() == {"message": "Brand not found"}


def test_without_the_brand_api_every_editvideo_path_is_404_but_brands_still_list(api, settings):
    brand = api.post(KITS, kit_body()).json()
    settings.PICTORY_SANDBOX_BRAND_CRUD = False

    answers = [
        api.get(KITS),
        api.post(KITS, kit_body(name="New")),
        api.get(f"{KITS}/{brand['brandId']}"),
        api.put(f"{KITS}/{brand['brandId']}", {"name": "Renamed"}),
        api.delete(f"{KITS}/{brand['brandId']}"),
    ]

    assert [a.status_code for a in answers] == [404] * 5
    assert all(a.json() == {"message": "Not Found"} for a in answers)
    assert SandboxBrand.objects.get().name == "Acme Spring"
    assert api.get("/v1/brands/video").status_code == 200


def test_brand_api_needs_credentials(api):
    assert api.get(KITS, auth=None).status_code == 401
    assert api.post(KITS, kit_body(), auth="pictai_not_registered").status_code == 401
    assert SandboxBrand.objects.count() == 0


def test_find_brand_by_id_or_name_includes_catalogue_brands(api):
    brand = api.post(KITS, kit_body()).json()

    assert find_brand(brand_id=brand["brandId"]) == brand
    assert find_brand(brand_name="  acme SPRING ") == brand
    dark = find_brand(brand_name="Sandbox Dark Brand")
    assert dark["brandId"] == DARK_BRAND_ID
    assert dark["color"]["primary"]["main"] == "#121212"
    assert dark["color"]["primary"]["contrastText"] == "#FFFFFF"
    assert find_brand(brand_id=DARK_BRAND_ID) == dark
    default = find_brand(brand_name="sandbox default brand")
    assert re.fullmatch(r"#[0-9A-F]{6}", default["color"]["primary"]["main"])
    assert find_brand(brand_id=str(uuid.uuid4())) is None
    assert find_brand(brand_name="Nobody") is None
    assert find_brand() is None


def test_the_admin_lists_the_new_tables_read_only(api, admin_client, settings):
    settings.ROOT_URLCONF = "tests.sandbox.admin_urls"
    api.post(KITS, kit_body())

    pages = {
        model: admin_client.get(f"/admin/sandbox/{model}/")
        for model in ("sandboxbrand", "sandboxupload", "sandboxvoicetrack", "sandboxawsconnection")
    }

    assert {model: page.status_code for model, page in pages.items()} == dict.fromkeys(pages, 200)
    assert "Acme Spring" in pages["sandboxbrand"].content.decode()
    assert "/admin/sandbox/sandboxbrand/add/" not in pages["sandboxbrand"].content.decode()
