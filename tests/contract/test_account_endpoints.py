"""Contract tests for the account's own things: brand kits (§5.4), media upload (§5.6), voice tracks
(§5.7), AWS connections (§5.8) and quota (§5.9) — the real client against the real sandbox over
HTTP, in both auth modes. The two were written apart from pictory-api.md; here they must agree.
"""
import struct
import uuid
import zlib

import pytest
import requests

from pictory_studio.pictory import (
    ConflictError,
    NotFoundError,
    UploadRefusedError,
    ValidationError,
)

pytestmark = pytest.mark.django_db(transaction=True)


def unique(name: str) -> str:
    return f"{name} {uuid.uuid4().hex[:8]}"


def png(width: int = 4, height: int = 3) -> bytes:
    """A real (tiny, red) PNG image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


# --- brand kits (§5.4) -------------------------------------------------------------------------


def brand_body(name: str) -> dict:
    return {
        "name": name,
        "description": "Green and gold for the spring launch",
        "color": {
            "primary": {"main": "#2E7D32", "light": "#60AD5E", "dark": "#005005", "contrastText": "#FFFFFF"},
            "secondary": {"main": "#FFD54F", "light": "#FFFF81", "dark": "#C8A415", "contrastText": "#000000"},
        },
        "font": {"family": "Lato", "url": "https://fonts.example.test/lato.ttf", "format": "truetype"},
        "logo": {"url": "https://cdn.example.test/acme.png", "position": "top-right", "width": 15},
    }


def test_brand_kit_create_list_get_update_delete(client):
    name = unique("Acme Spring")

    created = client.create_brand_kit(brand_body(name))

    assert created.id and created.name == name
    assert created.primary["main"] == "#2E7D32" and created.secondary["main"] == "#FFD54F"
    assert created.font["family"] == "Lato"
    assert created.logo["url"] == "https://cdn.example.test/acme.png"
    assert created.id in [kit.id for kit in client.list_brand_kits()]
    fetched = client.get_brand_kit(created.id)
    assert (fetched.name, fetched.primary, fetched.font) == (name, created.primary, created.font)

    renamed = unique("Acme Summer")
    updated = client.update_brand_kit(created.id, {"name": renamed, "color": {"primary": {"main": "#123456"}}})

    assert updated.id == created.id and updated.name == renamed and updated.primary["main"] == "#123456"
    assert client.get_brand_kit(created.id).name == renamed

    client.delete_brand_kit(created.id)

    assert created.id not in [kit.id for kit in client.list_brand_kits()]
    with pytest.raises(NotFoundError):
        client.get_brand_kit(created.id)


def test_a_created_brand_kit_can_be_named_in_renders(client):
    """A storyboard names a brand by the ids of GET /v1/brands/video (§5.4), so new kits are listed there."""
    kit = client.create_brand_kit(brand_body(unique("Listed")))

    assert (kit.id, kit.name) in [(brand.id, brand.name) for brand in client.list_video_brands()]


def test_brand_kit_refused_per_field(client):
    name = unique("Twice")
    client.create_brand_kit(brand_body(name))

    with pytest.raises(ValidationError) as duplicate:
        client.create_brand_kit(brand_body(name))
    with pytest.raises(ValidationError) as not_hex:
        client.create_brand_kit({**brand_body(unique("Colour")), "color": {"primary": {"main": "green"}}})

    assert any("name" in field.name for field in duplicate.value.fields)
    assert any("primary" in field.name for field in not_hex.value.fields)


def test_an_account_without_the_brand_api_is_not_found(client, settings):
    kit = client.create_brand_kit(brand_body(unique("Before")))
    settings.PICTORY_SANDBOX_BRAND_CRUD = False

    calls = [
        client.list_brand_kits,
        lambda: client.create_brand_kit(brand_body(unique("After"))),
        lambda: client.get_brand_kit(kit.id),
        lambda: client.update_brand_kit(kit.id, {"name": unique("Renamed")}),
        lambda: client.delete_brand_kit(kit.id),
    ]
    for call in calls:
        with pytest.raises(NotFoundError):
            call()
    assert client.list_video_brands()  # the fixed brand list still answers


# --- media upload (§5.6) -----------------------------------------------------------------------


def test_upload_a_png_and_read_it_back_from_its_url(client):
    image = png()

    target = client.create_upload_url(file_name="logo.png", content_type="image/png")
    client.upload_file(target, content_type="image/png", stream_or_bytes=image)

    assert target.signed_url != target.url and target.key
    served = requests.get(target.url, timeout=10)
    assert served.status_code == 200
    assert served.content == image
    assert served.headers["Content-Type"].startswith("image/png")


def test_upload_a_file_object(client, tmp_path):
    path = tmp_path / "clip.png"
    path.write_bytes(png(64, 48))
    target = client.create_upload_url(file_name=path.name, content_type="image/png")

    with path.open("rb") as stream:
        client.upload_file(target.signed_url, content_type="image/png", stream_or_bytes=stream)

    assert requests.get(target.url, timeout=10).content == path.read_bytes()


def test_upload_with_another_content_type_is_refused(client):
    target = client.create_upload_url(file_name="logo.png", content_type="image/png")

    with pytest.raises(UploadRefusedError) as caught:
        client.upload_file(target, content_type="image/jpeg", stream_or_bytes=png())

    assert caught.value.status == 403
    assert caught.value.code == "SignatureDoesNotMatch"
    assert requests.get(target.url, timeout=10).status_code == 404  # nothing was stored


# --- voice tracks (§5.7) -----------------------------------------------------------------------


def test_added_voice_track_is_listed(client):
    name = unique("Narrator Nia")
    body = {"name": name, "engine": "Neural2", "service": "google", "language": "en-US",
            "voiceId": "en-US-Neural2-F", "gender": "Female", "age": "Adult", "accent": "American"}

    voice = client.add_voice_track(body)

    assert voice.id and voice.name == name
    assert (voice.engine, voice.service, voice.language) == ("Neural2", "google", "en-US")
    listed = {v.id: v for v in client.list_voices()}
    assert voice.id in listed
    assert (listed[voice.id].name, listed[voice.id].engine, listed[voice.id].service) == (name, "Neural2", "google")


def test_voice_track_with_a_taken_name_is_refused(client):
    body = {"name": unique("Twice"), "engine": "neural", "service": "aws", "language": "en-US"}
    client.add_voice_track(body)

    with pytest.raises(ValidationError) as caught:
        client.add_voice_track(body)

    assert [field.name for field in caught.value.fields] == ["name"]


# --- AWS connections (§5.8) --------------------------------------------------------------------


def test_aws_connection_create_list_get_update_conflict_delete(client):
    created = client.create_aws_connection(name="Marketing bucket", description="Campaign footage",
                                           aws_account_id="012345678901", aws_region="us-east-2")

    assert created.id and created.version == 1 and created.enabled is True
    assert (created.aws_account_id, created.aws_region) == ("012345678901", "us-east-2")
    assert created.id in [item.id for item in client.list_aws_connections().items]
    fetched = client.get_aws_connection(created.id)
    assert (fetched.name, fetched.description, fetched.version) == ("Marketing bucket", "Campaign footage", 1)
    assert fetched.created and fetched.updated

    updated = client.update_aws_connection(created.id, name="Renamed", description="", enabled=False,
                                           version=fetched.version)

    assert (updated.name, updated.enabled, updated.version) == ("Renamed", False, 2)
    assert updated.aws_account_id == "012345678901"

    with pytest.raises(ConflictError) as stale:
        client.update_aws_connection(created.id, name="Lost update", description="", enabled=True, version=1)

    assert stale.value.status == 409 and "current version 2" in stale.value.message
    assert client.get_aws_connection(created.id).name == "Renamed"

    client.delete_aws_connection(created.id)

    with pytest.raises(NotFoundError):
        client.get_aws_connection(created.id)
    assert created.id not in [item.id for item in client.list_aws_connections().items]


def test_aws_connection_pages_hold_every_connection(client):
    made = [client.create_aws_connection(name=f"Bucket {n}", description="", aws_account_id="123456789012",
                                         aws_region="eu-west-1").id for n in range(23)]

    seen, page_key, pages = [], "", 0
    while True:
        page = client.list_aws_connections(page_key=page_key)
        seen += [item.id for item in page.items]
        pages += 1
        page_key = page.next_page_key
        if not page_key or pages > 30:
            break

    assert sorted(seen) == sorted(made)


def test_aws_connection_unknown_region_is_refused_per_field(client):
    with pytest.raises(ValidationError) as caught:
        client.create_aws_connection(name="Nowhere", description="", aws_account_id="123456789012",
                                     aws_region="xx-nowhere-9")

    assert [field.name for field in caught.value.fields] == ["awsRegion"]


def test_unknown_aws_connection_is_not_found(client):
    with pytest.raises(NotFoundError):
        client.get_aws_connection("20250101000000000NoSuchThing")


# --- quota (§5.9) ------------------------------------------------------------------------------


def test_quota(client, settings):
    settings.PICTORY_SANDBOX_VIDEO_MINUTES_LIMIT = 42

    quota = client.get_quota()

    assert quota.video_minutes.limit == 42 and quota.video_minutes.used == 0
    assert quota.transcription_minutes.used == 0 and quota.transcription_minutes.limit > 0
    assert quota.elevenlabs_minutes.limit > 0 and quota.ai_credits.limit > 0
