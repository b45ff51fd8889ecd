"""Brand kits, upload URLs, voice tracks and AWS connections: what is sent, what comes back, and
what is refused before anything is sent."""
import pytest

from pictory_studio.pictory import ConflictError, NotFoundError, PictoryError, UploadTarget, ValidationError

from .conftest import Reply

BRAND_BODY = {
    "name": "Acme Spring",
    "description": "Bright",
    "color": {"primary": {"main": "#1F3A5F"}, "secondary": {"main": "#F2A541"}},
    "font": {"family": "Roboto"},
}
BRAND = {**BRAND_BODY, "brandId": "brand-1", "createdDate": "2025-03-01T10:00:00Z"}
CONNECTION = {
    "connectionId": "20250301100000123abc",
    "name": "Marketing bucket",
    "description": "Footage",
    "awsAccountId": "123456789012",
    "awsRegion": "us-east-2",
    "type": "AWS",
    "enabled": True,
    "version": 2,
}
NOT_FOUND = Reply(status=404, json={"message": "Not Found"})


# --- brand kits -------------------------------------------------------------------------------


def test_create_brand_kit_posts_the_body_and_reads_the_brand(pictory_server, make_client):
    pictory_server.add("POST", "/v1/brands/editvideo", Reply(json=BRAND))

    kit = make_client().create_brand_kit(BRAND_BODY)

    assert kit.id == "brand-1" and kit.primary == {"main": "#1F3A5F"}
    [request] = pictory_server.requests
    assert request.json() == BRAND_BODY
    assert request.header("Authorization") == "pictai_test_key"


def test_list_get_update_delete_brand_kits(pictory_server, make_client):
    pictory_server.add("GET", "/v1/brands/editvideo", Reply(json=[BRAND]))
    pictory_server.add("GET", "/v1/brands/editvideo/brand-1", Reply(json=BRAND))
    pictory_server.add("PUT", "/v1/brands/editvideo/brand-1", Reply(json={**BRAND, "name": "Acme Summer"}))
    pictory_server.add("DELETE", "/v1/brands/editvideo/brand-1", Reply(json={"success": True}))
    client = make_client()

    assert [kit.id for kit in client.list_brand_kits()] == ["brand-1"]
    assert client.get_brand_kit("brand-1").name == "Acme Spring"
    assert client.update_brand_kit("brand-1", {"name": "Acme Summer"}).name == "Acme Summer"
    assert client.delete_brand_kit("brand-1") is None

    assert [(r.method, r.path) for r in pictory_server.requests] == [
        ("GET", "/v1/brands/editvideo"),
        ("GET", "/v1/brands/editvideo/brand-1"),
        ("PUT", "/v1/brands/editvideo/brand-1"),
        ("DELETE", "/v1/brands/editvideo/brand-1"),
    ]
    assert pictory_server.requests[2].json() == {"name": "Acme Summer"}


def test_brand_ids_are_one_escaped_path_segment(pictory_server, make_client):
    pictory_server.add("GET", "/v1/brands/editvideo/..%2F..%2Fquota", Reply(json=BRAND))

    make_client().get_brand_kit("../../quota")

    assert pictory_server.requests[0].path == "/v1/brands/editvideo/..%2F..%2Fquota"


def test_an_account_without_the_brand_api_is_not_found_on_every_call(pictory_server, make_client):
    for method, path in [("GET", "/v1/brands/editvideo"), ("POST", "/v1/brands/editvideo"),
                         ("GET", "/v1/brands/editvideo/b"), ("PUT", "/v1/brands/editvideo/b"),
                         ("DELETE", "/v1/brands/editvideo/b")]:
        pictory_server.add(method, path, NOT_FOUND)
    client = make_client()
    calls = [client.list_brand_kits, lambda: client.create_brand_kit(BRAND_BODY), lambda: client.get_brand_kit("b"),
             lambda: client.update_brand_kit("b", {"name": "x"}), lambda: client.delete_brand_kit("b")]

    for call in calls:
        with pytest.raises(NotFoundError):
            call()
    assert len(pictory_server.requests) == 5  # a 404 is an answer, never retried


def test_delete_brand_kit_reporting_failure_in_a_200_is_an_error(pictory_server, make_client):
    pictory_server.add("DELETE", "/v1/brands/editvideo/b", Reply(json={"success": False, "message": "Brand in use"}))

    with pytest.raises(PictoryError, match="Brand in use"):
        make_client().delete_brand_kit("b")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({**BRAND_BODY, "name": "  "}, "needs a name"),
        ({"font": {"family": "Roboto"}}, "needs a name"),
        ({"name": "Acme"}, r"font family \(font.family\)"),
        ({"name": "Acme", "font": {"url": "https://f/x.ttf"}}, "font family"),
        ({"name": "Acme", "font": "Roboto"}, "font family"),
        (["name", "Acme"], "must be a JSON object"),
    ],
)
def test_create_brand_kit_refuses_before_sending(pictory_server, make_client, body, message):
    with pytest.raises(ValueError, match=message):
        make_client().create_brand_kit(body)

    assert pictory_server.requests == []


def test_update_brand_kit_may_be_partial_but_not_blank_the_name(pictory_server, make_client):
    pictory_server.add("PUT", "/v1/brands/editvideo/b", Reply(json=BRAND))
    client = make_client()

    client.update_brand_kit("b", {"color": {"primary": {"main": "#000000"}}})
    with pytest.raises(ValueError, match="needs a name"):
        client.update_brand_kit("b", {"name": ""})
    with pytest.raises(ValueError):
        client.update_brand_kit("", {"name": "x"})

    assert len(pictory_server.requests) == 1


# --- upload URLs ------------------------------------------------------------------------------


def test_create_upload_url(pictory_server, make_client):
    data = {"signedUrl": "http://storage.example.test/up/k?sig=1", "url": "http://cdn.example.test/k", "key": "k"}
    pictory_server.add("POST", "/v1/media/generateurl", Reply(json={"success": True, "data": data}))

    target = make_client().create_upload_url(file_name=" logo.png ", content_type="image/png")

    assert target == UploadTarget(signed_url=data["signedUrl"], url=data["url"], key="k")
    assert pictory_server.requests[0].json() == {"fileName": "logo.png", "contentType": "image/png"}


def test_create_upload_url_is_retried_like_a_read(pictory_server, make_client, sleeps):
    data = {"signedUrl": "http://s/up?sig=1", "url": "http://c/k"}
    pictory_server.add("POST", "/v1/media/generateurl",
                       Reply(status=503, json={"message": "Service Unavailable"}),
                       Reply(json={"success": True, "data": data}))

    assert make_client().create_upload_url(file_name="a.mp4", content_type="video/mp4").url == "http://c/k"
    assert len(pictory_server.requests) == 2 and len(sleeps) == 1


def test_create_upload_url_failure_inside_a_200(pictory_server, make_client):
    pictory_server.add("POST", "/v1/media/generateurl", Reply(json={"success": False, "message": "Upload disabled"}))

    with pytest.raises(PictoryError, match="Upload disabled"):
        make_client().create_upload_url(file_name="a.png", content_type="image/png")


@pytest.mark.parametrize(
    ("file_name", "content_type", "message"),
    [
        ("", "image/png", "needs a file name"),
        ("   ", "image/png", "needs a file name"),
        ("logo.png", "", "is not a content type"),
        ("logo.png", "png", "is not a content type"),
        ("logo.png", "image/png; charset=binary", "is not a content type"),
        ("logo.png", "image/ png", "is not a content type"),
        ("logo.png", "image/png\r\nX-Evil: 1", "is not a content type"),
    ],
)
def test_create_upload_url_refuses_before_sending(pictory_server, make_client, file_name, content_type, message):
    with pytest.raises(ValueError, match=message):
        make_client().create_upload_url(file_name=file_name, content_type=content_type)

    assert pictory_server.requests == []


# --- voice tracks -----------------------------------------------------------------------------

TRACK_BODY = {"name": "Narrator Nia", "engine": "neural", "service": "aws", "language": "en-US",
              "voiceId": "Joanna", "gender": "Female"}


def test_add_voice_track(pictory_server, make_client):
    created = {**TRACK_BODY, "id": 4107, "voice": "Joanna", "sample": "http://cdn.example.test/4107.mp3"}
    pictory_server.add("POST", "/v1/voiceovers/tracks", Reply(json=created))

    voice = make_client().add_voice_track(TRACK_BODY)

    assert (voice.id, voice.name, voice.voice_id, voice.engine) == ("4107", "Narrator Nia", "Joanna", "neural")
    assert pictory_server.requests[0].json() == TRACK_BODY


@pytest.mark.parametrize(
    ("service", "engine"),
    [("aws", "neural"), ("aws", "standard"), ("google", "standard"), ("google", "WaveNet"), ("google", "Neural2"),
     ("elevenlabs", "eleven_monolingual_v1"), ("elevenlabs", "eleven_multilingual_v2")],
)
def test_add_voice_track_every_documented_pair_is_sent(pictory_server, make_client, service, engine):
    pictory_server.add("POST", "/v1/voiceovers/tracks", Reply(json={"id": 1, "name": "v"}))

    make_client().add_voice_track({**TRACK_BODY, "service": service, "engine": engine})

    assert pictory_server.requests[0].json()["engine"] == engine


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"engine": "WaveNet"}, "Engine 'WaveNet' does not go with service 'aws'; it takes neural or standard"),
        ({"service": "google", "engine": "neural"}, "it takes standard or WaveNet or Neural2"),
        ({"service": "google", "engine": "wavenet"}, "Engine 'wavenet' does not go with service 'google'"),
        ({"service": "elevenlabs", "engine": "neural"}, "eleven_monolingual_v1 or eleven_multilingual_v2"),
        ({"service": "azure"}, "Voice service 'azure' is not one of aws, google, elevenlabs"),
        ({"service": "AWS"}, "Voice service 'AWS' is not one of"),
        ({"name": ""}, "missing: name"),
        ({"language": "  ", "engine": None}, "missing: engine, language"),
        ({"service": 3}, "missing: service"),
    ],
)
def test_add_voice_track_refuses_before_sending(pictory_server, make_client, changes, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        make_client().add_voice_track({**TRACK_BODY, **changes})

    assert pictory_server.requests == []


def test_add_voice_track_body_missing_keys_or_not_a_dict(pictory_server, make_client):
    client = make_client()

    with pytest.raises(ValueError, match="missing: name, engine, service, language"):
        client.add_voice_track({})
    with pytest.raises(ValueError, match="must be a JSON object"):
        client.add_voice_track("Narrator Nia")
    assert pictory_server.requests == []


def test_add_voice_track_refused_by_pictory_keeps_the_field_errors(pictory_server, make_client):
    refusal = {"code": "INVALID_REQUEST_BODY", "message": "Request body is invalid",
               "fields": [{"name": "name", "errors": "already exists"}]}
    pictory_server.add("POST", "/v1/voiceovers/tracks", Reply(status=400, json=refusal))

    with pytest.raises(ValidationError) as caught:
        make_client().add_voice_track(TRACK_BODY)

    assert [(f.name, f.messages) for f in caught.value.fields] == [("name", ["already exists"])]


# --- AWS connections --------------------------------------------------------------------------


def test_create_aws_connection(pictory_server, make_client):
    pictory_server.add("POST", "/v1/awsconnections", Reply(json={**CONNECTION, "version": 1}))

    connection = make_client().create_aws_connection(
        name="Marketing bucket", description="Footage", aws_account_id="123456789012", aws_region="us-east-2")

    assert connection.id == "20250301100000123abc" and connection.version == 1
    assert pictory_server.requests[0].json() == {
        "name": "Marketing bucket", "description": "Footage", "awsAccountId": "123456789012",
        "awsRegion": "us-east-2", "enabled": True,
    }


@pytest.mark.parametrize(
    ("account_id", "region", "message"),
    [
        ("12345678901", "us-east-2", "AWS account id '12345678901' must be 12 digits"),
        ("1234-5678-9012", "us-east-2", "must be 12 digits"),
        ("1234567890123", "us-east-2", "must be 12 digits"),
        ("١٢٣٤٥٦٧٨٩٠١٢", "us-east-2", "must be 12 digits"),  # Arabic-Indic digits are not an AWS id
        ("123456789012\n", "us-east-2", "must be 12 digits"),
        (123456789012, "us-east-2", "must be 12 digits"),
        ("123456789012", "US-EAST-2", "AWS region 'US-EAST-2' must look like us-east-2"),
        ("123456789012", "us-east", "must look like us-east-2"),
        ("123456789012", "useast2", "must look like us-east-2"),
        ("123456789012", "us-east-2 ", "must look like us-east-2"),
        ("123456789012", "", "must look like us-east-2"),
    ],
)
def test_create_aws_connection_refuses_before_sending(pictory_server, make_client, account_id, region, message):
    with pytest.raises(ValueError, match=message):
        make_client().create_aws_connection(name="n", description="", aws_account_id=account_id, aws_region=region)

    assert pictory_server.requests == []


def test_gov_cloud_regions_are_accepted(pictory_server, make_client):
    pictory_server.add("POST", "/v1/awsconnections", Reply(json=CONNECTION))

    make_client().create_aws_connection(name="n", description="", aws_account_id="123456789012",
                                        aws_region="us-gov-west-1", enabled=False)

    assert pictory_server.requests[0].json()["awsRegion"] == "us-gov-west-1"
    assert pictory_server.requests[0].json()["enabled"] is False


def test_list_aws_connections_follows_page_keys(pictory_server, make_client):
    second = {**CONNECTION, "connectionId": "20250302100000123xyz"}
    pictory_server.add("GET", "/v1/awsconnections",
                       Reply(json={"Items": [CONNECTION], "pageKey": "cGFnZTI="}), Reply(json={"Items": [second]}))
    client = make_client()

    first_page = client.list_aws_connections()
    second_page = client.list_aws_connections(page_key=first_page.next_page_key)

    assert [c.id for c in first_page.items] == ["20250301100000123abc"]
    assert first_page.next_page_key == "cGFnZTI="
    assert [c.id for c in second_page.items] == ["20250302100000123xyz"] and second_page.next_page_key == ""
    assert [r.query for r in pictory_server.requests] == [{}, {"pageKey": ["cGFnZTI="]}]


def test_update_aws_connection_sends_the_version_it_read_and_not_the_account(pictory_server, make_client):
    path = "/v1/awsconnections/20250301100000123abc"
    pictory_server.add("PUT", path, Reply(json={**CONNECTION, "name": "Renamed", "version": 3}))

    updated = make_client().update_aws_connection("20250301100000123abc", name="Renamed", description="Footage",
                                                  enabled=False, version=2)

    assert updated.name == "Renamed" and updated.version == 3
    assert pictory_server.requests[0].json() == {"name": "Renamed", "description": "Footage", "enabled": False,
                                                 "version": 2}


def test_stale_version_is_a_conflict_not_a_validation_error(pictory_server, make_client):
    path = "/v1/awsconnections/c-1"
    message = "Version conflict: the connection was changed (current version 5)"
    pictory_server.add("PUT", path, Reply(status=409, json={"message": message}))

    with pytest.raises(ConflictError) as caught:
        make_client().update_aws_connection("c-1", name="n", description="", enabled=True, version=4)

    assert not isinstance(caught.value, ValidationError)
    assert caught.value.status == 409 and caught.value.message == message
    assert len(pictory_server.requests) == 1


@pytest.mark.parametrize("version", [0, -1, True, "2", 2.0, None])
def test_update_aws_connection_needs_a_whole_version(pictory_server, make_client, version):
    with pytest.raises(ValueError, match="version must be the connection's current version"):
        make_client().update_aws_connection("c-1", name="n", description="", enabled=True, version=version)

    assert pictory_server.requests == []


def test_get_and_delete_aws_connection(pictory_server, make_client):
    path = "/v1/awsconnections/20250301100000123abc"
    pictory_server.add("GET", path, Reply(json=CONNECTION))
    pictory_server.add("DELETE", path, Reply(json={"success": True}))
    pictory_server.add("GET", "/v1/awsconnections/gone", Reply(status=404, json={"message": "not found"}))
    client = make_client()

    assert client.get_aws_connection("20250301100000123abc").aws_region == "us-east-2"
    assert client.delete_aws_connection("20250301100000123abc") is None
    with pytest.raises(NotFoundError):
        client.get_aws_connection("gone")
    with pytest.raises(ValueError):
        client.delete_aws_connection("")
