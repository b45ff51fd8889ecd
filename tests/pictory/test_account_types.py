"""Parsing of brand kits, upload targets, created voice tracks and AWS connections (contract §5.4–5.8)."""
import pytest

from pictory_studio.pictory import AwsConnection, AwsConnectionPage, BrandKit, PictoryError, UploadTarget, Voice

BRAND = {
    "brandId": "9d0c6f8e-2b1a-4c3d-8e7f-1a2b3c4d5e6f",
    "name": "Acme Spring",
    "description": "Bright and friendly",
    "color": {
        "primary": {"main": "#1F3A5F", "light": "#4C6A92", "dark": "#0A1F36", "contrastText": "#FFFFFF"},
        "secondary": {"main": "#F2A541", "light": "#F7C47F", "dark": "#C27C14", "contrastText": "#000000"},
    },
    "font": {"family": "Roboto", "url": "https://cdn.example.test/fonts/roboto.ttf", "format": "truetype"},
    "logo": {"url": "https://cdn.example.test/logos/acme.png", "position": "top-right", "width": 12},
    "createdDate": "2025-03-01T10:00:00.000Z",
    "updatedDate": "2025-03-02T10:00:00.000Z",
}
CONNECTION = {
    "connectionId": "20250301100000123aBcDeFgHiJkL",
    "name": "Marketing bucket",
    "description": "Campaign footage",
    "awsAccountId": "012345678901",
    "awsRegion": "us-east-2",
    "type": "AWS",
    "enabled": False,
    "createdDate": "2025-03-01T10:00:00.123Z",
    "updatedDate": "2025-03-04T08:30:00.000Z",
    "version": 3,
}


# --- brand kits -------------------------------------------------------------------------------


@pytest.mark.parametrize("body", [BRAND, {"success": True, "data": BRAND}])
def test_brand_kit_bare_or_wrapped(body):
    kit = BrandKit.from_body(body)

    assert kit.id == "9d0c6f8e-2b1a-4c3d-8e7f-1a2b3c4d5e6f"
    assert kit.name == "Acme Spring"
    assert kit.description == "Bright and friendly"
    assert kit.primary["main"] == "#1F3A5F" and kit.primary["contrastText"] == "#FFFFFF"
    assert kit.secondary["main"] == "#F2A541"
    assert kit.font == {"family": "Roboto", "url": "https://cdn.example.test/fonts/roboto.ttf", "format": "truetype"}
    assert kit.logo["position"] == "top-right" and kit.logo["width"] == 12
    assert kit.raw == BRAND


def test_brand_kit_with_only_the_required_fields():
    kit = BrandKit.from_body({"id": "b-1", "name": "Plain", "font": {"family": "Lato"}})

    assert (kit.id, kit.name, kit.description) == ("b-1", "Plain", "")
    assert kit.primary == kit.secondary == kit.logo == {}
    assert kit.font == {"family": "Lato"}


def test_brand_kit_plain_string_values_are_read_as_the_main_value():
    body = {"brandId": "b-2", "name": "Flat", "colors": {"primary": "#112233"}, "font": "Inter",
            "logo": "https://cdn.example.test/l.png"}

    kit = BrandKit.from_body(body)

    assert kit.primary == {"main": "#112233"}
    assert kit.font == {"family": "Inter"}
    assert kit.logo == {"url": "https://cdn.example.test/l.png"}


@pytest.mark.parametrize("body", [{"name": "No id"}, {"success": True, "data": {"name": "No id"}}, [BRAND], None])
def test_brand_kit_without_an_id_is_an_error(body):
    with pytest.raises(PictoryError):
        BrandKit.from_body(body)


@pytest.mark.parametrize("body", [[BRAND, {"name": "orphan"}], {"data": [BRAND]}, {"items": [BRAND, "junk"]}])
def test_brand_kit_list_keeps_the_kits_that_can_be_addressed(body):
    kits = BrandKit.list_from_body(body)

    assert [kit.name for kit in kits] == ["Acme Spring"]


def test_brand_kit_list_of_an_object_is_an_error():
    with pytest.raises(PictoryError):
        BrandKit.list_from_body({"message": "Not Found"})


# --- upload targets ---------------------------------------------------------------------------

SIGNED = "https://uploads.example.test/uploads/1/logo.png?X-Amz-Expires=86400&X-Amz-Signature=abc"
TARGET = {"signedUrl": SIGNED, "url": "https://cdn.example.test/uploads/1/logo.png", "key": "uploads/1/logo.png"}


@pytest.mark.parametrize("body", [{"success": True, "data": TARGET}, TARGET])
def test_upload_target_wrapped_or_bare(body):
    target = UploadTarget.from_body(body)

    assert target == UploadTarget(
        signed_url=SIGNED, url="https://cdn.example.test/uploads/1/logo.png", key="uploads/1/logo.png"
    )


def test_upload_target_without_a_key_is_still_usable():
    target = UploadTarget.from_body({"success": True, "data": {"signedUrl": SIGNED, "url": "https://c/x.png"}})

    assert (target.signed_url, target.url, target.key) == (SIGNED, "https://c/x.png", "")


@pytest.mark.parametrize("data", [{"url": "https://c/x.png"}, {"signedUrl": SIGNED}, {}])
def test_upload_target_missing_a_url_is_an_error(data):
    with pytest.raises(PictoryError):
        UploadTarget.from_body({"success": True, "data": data})


# --- created voice tracks ---------------------------------------------------------------------

TRACK = {"id": 4107, "name": "Narrator Nia", "voice": "Joanna", "gender": "Female", "accent": "American",
         "language": "en-US", "engine": "neural", "service": "aws", "category": "custom",
         "sample": "https://cdn.example.test/samples/4107.mp3"}


@pytest.mark.parametrize("body", [TRACK, {"success": True, "data": TRACK}])
def test_created_voice_track_bare_or_wrapped(body):
    voice = Voice.from_body(body)

    assert (voice.id, voice.name, voice.voice_id, voice.engine, voice.service) == (
        "4107", "Narrator Nia", "Joanna", "neural", "aws")
    assert voice.sample_url == "https://cdn.example.test/samples/4107.mp3"


@pytest.mark.parametrize("body", [{"success": True}, {}, [TRACK]])
def test_created_voice_track_without_id_or_name_is_an_error(body):
    with pytest.raises(PictoryError):
        Voice.from_body(body)


# --- AWS connections --------------------------------------------------------------------------


@pytest.mark.parametrize("body", [CONNECTION, {"data": CONNECTION}, {"Item": CONNECTION}])
def test_aws_connection_bare_or_wrapped(body):
    connection = AwsConnection.from_body(body)

    assert connection == AwsConnection(
        id="20250301100000123aBcDeFgHiJkL",
        name="Marketing bucket",
        description="Campaign footage",
        aws_account_id="012345678901",
        aws_region="us-east-2",
        enabled=False,
        version=3,
        created="2025-03-01T10:00:00.123Z",
        updated="2025-03-04T08:30:00.000Z",
    )


def test_aws_connection_create_answer_without_dates():
    """The documented create answer: {enabled, name, description, awsAccountId, awsRegion, connectionId, version:1}."""
    body = {"enabled": True, "name": "n", "description": "", "awsAccountId": "123456789012",
            "awsRegion": "eu-west-1", "connectionId": "20250301100000123abc", "version": 1}

    connection = AwsConnection.from_body(body)

    assert connection.enabled is True and connection.version == 1
    assert connection.created == connection.updated == ""


def test_aws_connection_missing_enabled_and_version():
    connection = AwsConnection.from_body({"connectionId": "c-1", "name": "n"})

    assert connection.enabled is True
    assert connection.version == 0
    assert connection.aws_account_id == connection.aws_region == ""


def test_aws_connection_loose_value_types():
    body = {**CONNECTION, "awsAccountId": 12345678901, "version": "7", "enabled": "false"}

    connection = AwsConnection.from_body(body)

    assert connection.aws_account_id == "012345678901"  # a JSON number lost the leading zero
    assert connection.version == 7
    assert connection.enabled is False


@pytest.mark.parametrize("body", [{"name": "no id"}, {"Item": {"name": "no id"}}, [CONNECTION], "Not Found"])
def test_aws_connection_without_an_id_is_an_error(body):
    with pytest.raises(PictoryError):
        AwsConnection.from_body(body)


def test_aws_connection_page_with_capital_items_and_a_page_key():
    page = AwsConnectionPage.from_body({"Items": [CONNECTION, {"name": "orphan"}], "pageKey": "MjAyNTAz"})

    assert [item.id for item in page.items] == ["20250301100000123aBcDeFgHiJkL"]
    assert page.next_page_key == "MjAyNTAz"


@pytest.mark.parametrize("body", [{"Items": []}, {"items": [], "nextPageKey": None}, []])
def test_aws_connection_page_empty(body):
    page = AwsConnectionPage.from_body(body)

    assert page.items == [] and page.next_page_key == ""


def test_aws_connection_page_next_key_spellings():
    assert AwsConnectionPage.from_body({"Items": [], "nextPageKey": "k2"}).next_page_key == "k2"
    assert AwsConnectionPage.from_body({"Items": [], "NextPageKey": "k3"}).next_page_key == "k3"


def test_aws_connection_page_of_an_object_without_items_is_an_error():
    with pytest.raises(PictoryError):
        AwsConnectionPage.from_body(CONNECTION)
