"""Template endpoints and the legacy template-to-video flow, over the loopback server."""
import pytest

from pictory_studio.pictory import (
    AuthenticationError,
    ForbiddenError,
    NotFoundError,
    PictoryError,
    Template,
    TemplateScene,
    TemplateSummary,
    TransportError,
    ValidationError,
)

from .conftest import Reply

TEMPLATE_ID = "20250301094512345QwErTyUiOpAsDfG"
TEMPLATE_PATH = f"/v1/templates/{TEMPLATE_ID}"
# Not a real .pictai file: arbitrary bytes, including ones that are not valid UTF-8 or JSON.
PICTAI = b'{"project":"spring"}\x00\xff\xfe\r\n\x80binary tail'

CREATED_TEMPLATE = {
    "templateId": TEMPLATE_ID,
    "name": "Spring welcome",
    "language": "en",
    "published": False,
    "deprecated": False,
    "aspectRatio": "16:9",
    "scenes": [
        {
            "sceneId": "scene-1",
            "subtitles": [{"text": "Hello {{firstName}},"}, {"text": "welcome to {{company}}."}],
            "backgroundVisual": {"visualUrl": "https://media.example.test/a.mp4", "type": "video"},
        },
        {"sceneId": "scene-2", "text": "See you on {{launchDate}}."},
    ],
    "variables": {"firstName": "{{firstName}}", "company": "{{company}}", "launchDate": "{{launchDate}}"},
}

FETCHED_TEMPLATE = {
    "templateId": TEMPLATE_ID,
    "name": "Spring welcome",
    "language": "en",
    "published": True,
    "depricated": True,
    "schemaVersion": "v3",
    "scenes": [
        {
            "sceneId": "scene-1",
            "layers": [
                [
                    {"layerId": "l1", "type": "text", "text": "Hi {{firstName}}"},
                    {"layerId": "l2", "type": "image", "url": "https://media.example.test/b.png"},
                ],
                [{"layerId": "l3", "type": "text", "text": "from {{company}}"}],
            ],
        }
    ],
    "variables": {"firstName": "there", "company": None},
}


def test_create_template_sends_raw_bytes_as_octet_stream(pictory_server, make_client):
    pictory_server.add("POST", "/v1/templates", Reply(json=CREATED_TEMPLATE))

    template = make_client().create_template(PICTAI)

    [request] = pictory_server.requests
    assert request.header("Content-Type") == "application/octet-stream"
    assert request.body == PICTAI
    assert request.header("Authorization") == "pictai_test_key"
    assert template.template_id == TEMPLATE_ID
    assert template.aspect_ratio == "16:9"
    assert template.scenes == [
        TemplateScene(scene_id="scene-1", text="Hello {{firstName}}, welcome to {{company}}."),
        TemplateScene(scene_id="scene-2", text="See you on {{launchDate}}."),
    ]
    assert template.variables == {
        "firstName": "{{firstName}}",
        "company": "{{company}}",
        "launchDate": "{{launchDate}}",
    }
    assert (template.published, template.deprecated) == (False, False)
    assert template.raw == CREATED_TEMPLATE


def test_create_template_refuses_an_empty_file(pictory_server, make_client):
    with pytest.raises(ValueError):
        make_client().create_template(b"")

    assert pictory_server.requests == []


def test_invalid_template_file_is_a_validation_error_with_pictorys_message(pictory_server, make_client):
    rejected = {"code": "INVALID_TEMPLATE_FILE", "message": "The uploaded file is not a Pictory project."}
    pictory_server.add("POST", "/v1/templates", Reply(status=400, json=rejected))

    with pytest.raises(ValidationError) as caught:
        make_client().create_template(PICTAI)

    assert caught.value.message == "The uploaded file is not a Pictory project."
    assert caught.value.code == "INVALID_TEMPLATE_FILE"
    assert caught.value.status == 400


def test_create_template_is_not_resent_after_a_read_timeout(pictory_server, make_client, sleeps):
    pictory_server.add("POST", "/v1/templates", Reply(json=CREATED_TEMPLATE, delay=0.6))

    with pytest.raises(TransportError) as caught:
        make_client(read_timeout=0.3).create_template(PICTAI)

    assert caught.value.sent is True
    assert sleeps == []
    assert len(pictory_server.requests_to("POST", "/v1/templates")) == 1


def test_get_template_reads_the_depricated_spelling_and_layers(pictory_server, make_client):
    pictory_server.add("GET", TEMPLATE_PATH, Reply(json=FETCHED_TEMPLATE))

    template = make_client().get_template(TEMPLATE_ID)

    assert isinstance(template, Template)
    assert template.published is True
    assert template.deprecated is True
    assert template.scenes == [TemplateScene(scene_id="scene-1", text="Hi {{firstName}} from {{company}}")]
    assert template.variables == {"firstName": "there", "company": ""}
    assert template.aspect_ratio == ""


@pytest.mark.parametrize("spelling", ["deprecated", "depricated"])
def test_both_deprecated_spellings_are_read(spelling):
    template = Template.from_body({"templateId": "t1", spelling: True})
    summary = TemplateSummary.from_item({"templateId": "t1", spelling: True})

    assert template.deprecated is True
    assert summary.deprecated is True


def test_template_without_an_id_is_an_error():
    with pytest.raises(PictoryError):
        Template.from_body({"name": "nameless"})


def test_get_template_is_retried_after_a_server_error(pictory_server, make_client, sleeps):
    pictory_server.add(
        "GET", TEMPLATE_PATH, Reply(status=503, json={"message": "busy"}), Reply(json=FETCHED_TEMPLATE)
    )

    assert make_client().get_template(TEMPLATE_ID).template_id == TEMPLATE_ID
    assert len(sleeps) == 1


def test_get_template_escapes_the_id(pictory_server, make_client):
    pictory_server.add("GET", "/v1/templates/..%2Fquota", Reply(json=FETCHED_TEMPLATE))

    make_client().get_template("../quota")

    assert pictory_server.requests[0].path == "/v1/templates/..%2Fquota"


def test_list_templates(pictory_server, make_client):
    listing = {
        "items": [
            {"templateId": "t-old", "name": "Autumn", "language": "en", "published": True, "deprecated": True},
            {"templateId": "t-new", "name": "Spring", "language": "fr", "published": False, "deprecated": False},
        ]
    }
    pictory_server.add("GET", "/v1/templates", Reply(json=listing))

    templates = make_client().list_templates()

    assert templates == [
        TemplateSummary(template_id="t-old", name="Autumn", language="en", published=True, deprecated=True),
        TemplateSummary(template_id="t-new", name="Spring", language="fr", published=False, deprecated=False),
    ]


def test_list_templates_empty(pictory_server, make_client):
    pictory_server.add("GET", "/v1/templates", Reply(json={"items": []}))

    assert make_client().list_templates() == []


def test_update_template_sends_the_scenes(pictory_server, make_client):
    scenes = [{"sceneId": "scene-1", "subtitles": [{"text": "Hello {{firstName}}!"}]}]
    answer = {"success": True, "message": "Template updated", "templateId": TEMPLATE_ID}
    pictory_server.add("PUT", TEMPLATE_PATH, Reply(json=answer))

    assert make_client().update_template(TEMPLATE_ID, scenes) is None

    [request] = pictory_server.requests
    assert request.json() == {"scenes": scenes}
    assert request.header("Content-Type") == "application/json"


def test_update_template_reporting_failure_in_a_200_raises(pictory_server, make_client):
    pictory_server.add("PUT", TEMPLATE_PATH, Reply(json={"success": False, "message": "Scene not found"}))

    with pytest.raises(PictoryError, match="Scene not found"):
        make_client().update_template(TEMPLATE_ID, [])


def test_delete_template(pictory_server, make_client):
    pictory_server.add("DELETE", TEMPLATE_PATH, Reply(json={"success": True, "message": "Template deleted"}))

    assert make_client().delete_template(TEMPLATE_ID) is None

    [request] = pictory_server.requests
    assert request.method == "DELETE"
    assert request.body == b""


def test_delete_of_another_accounts_template_is_forbidden_not_an_auth_failure(pictory_server, make_client):
    pictory_server.add("DELETE", TEMPLATE_PATH, Reply(status=403, json={"message": "Forbidden"}))

    with pytest.raises(ForbiddenError) as caught:
        make_client().delete_template(TEMPLATE_ID)

    assert not isinstance(caught.value, AuthenticationError)
    assert caught.value.status == 403
    assert TEMPLATE_ID in caught.value.message
    assert len(pictory_server.requests) == 1


def test_delete_unknown_template_is_not_found(pictory_server, make_client):
    pictory_server.add("DELETE", TEMPLATE_PATH, Reply(status=404, json={"message": "Template not found"}))

    with pytest.raises(NotFoundError):
        make_client().delete_template(TEMPLATE_ID)


def test_delete_with_a_bad_key_is_still_an_authentication_error(pictory_server, make_client):
    pictory_server.add("DELETE", TEMPLATE_PATH, Reply(status=401, json={"message": "Unauthorized"}))

    with pytest.raises(AuthenticationError) as caught:
        make_client().delete_template(TEMPLATE_ID)

    assert not isinstance(caught.value, ForbiddenError)


def test_delete_is_not_resent_after_a_read_timeout(pictory_server, make_client, sleeps):
    pictory_server.add("DELETE", TEMPLATE_PATH, Reply(json={"success": True}, delay=0.6))

    with pytest.raises(TransportError) as caught:
        make_client(read_timeout=0.3).delete_template(TEMPLATE_ID)

    assert caught.value.sent is True
    assert len(pictory_server.requests) == 1


def test_create_video_from_template_returns_the_preview_job(pictory_server, make_client):
    body = {
        "templateId": TEMPLATE_ID,
        "variables": {"firstName": "Zoë", "company": "Café Lumière"},
        "webhook": "https://studio.example.test/hooks/pictory",
        "webhookInput": {"rowId": 17},
    }
    pictory_server.add(
        "POST", "/v1/video/from-template", Reply(json={"success": True, "data": {"jobId": "preview-17"}})
    )

    job = make_client().create_video_from_template(body)

    assert job.job_id == "preview-17"
    assert pictory_server.requests[0].json() == body


def test_render_legacy_preview_reads_the_snake_case_job_id(pictory_server, make_client):
    answer = {"data": {"job_id": "render-17"}, "success": True}
    pictory_server.add("PUT", "/v1/video/render/preview-17", Reply(json=answer))

    job = make_client().render_legacy_preview("preview-17")

    assert job.job_id == "render-17"
    [request] = pictory_server.requests
    assert request.json() == {}
    assert request.header("Content-Type") == "application/json"


def test_render_legacy_preview_is_not_resent_after_a_read_timeout(pictory_server, make_client, sleeps):
    pictory_server.add("PUT", "/v1/video/render/preview-17", Reply(json={"data": {"job_id": "r"}}, delay=0.6))

    with pytest.raises(TransportError):
        make_client(read_timeout=0.3).render_legacy_preview("preview-17")

    assert len(pictory_server.requests) == 1
