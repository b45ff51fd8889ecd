"""Templates (contract §5.3, §11.3, §11.4, §15 item 12): uploading .pictai projects, listing,
reading, updating and deleting them, and making videos from them with variables."""

import json
import re
from pathlib import Path

import pytest

from pictory_studio.sandbox import background
from pictory_studio.sandbox.models import SandboxJob, SandboxRequest, SandboxTemplate

from .conftest import CLIENT_ID, CLIENT_SECRET, local_path, make_due
from .test_webhooks import Receiver

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).parent / "fixtures" / "pictory-example-introduction.pictai"
OTHER_KEY = "pictai_sandbox_other_account"
RENDER = "/v2/video/storyboard/render"
PREVIEW = "/v2/video/storyboard"
WELCOME_SCENES = [
    "Hello {{first_name}}, welcome aboard.",
    "{{company}} is glad to have you, {{ first_name }}.",
]
TEMPLATE_KEYS = {
    "templateId", "name", "language", "published", "deprecated", "aspectRatio",
    "scenes", "variables", "audio", "schemaVersion",
}  # fmt: skip


def project(*texts, **extra) -> dict:
    """A small project in the shape of a Pictory export: one line of text per scene."""
    scenes = [
        {
            "sceneId": number,
            "sentence": f"<strong>{text}</strong>",
            "lines": [{"text": text, "html": text, "format": {"fontName": "Poppins"}, "time": 3}],
            "image": f"https://media.example.test/stock/scene-{number}.jpg",
        }
        for number, text in enumerate(texts, start=1)
    ]
    body = {
        "projectName": "Welcome letter",
        "scriptLanguage": "en",
        "aspectRatioClass": "sixteen-nine",
        "aspectRatioValue": "facebook-newsfeed-16-9",
        "aspectRatioFractionValue": 1.77777777778,
        "videoResolution": "720p",
        "audio": {"selectedVoiceOverTrack": "Jackson, male", "voiceOverTextSpeed": 110},
        "scenes": scenes,
    }
    body.update(extra)
    return body


def pictai(body) -> bytes:
    return json.dumps(body).encode()


def upload(api, body=None, *, auth=None) -> dict:
    data = FIXTURE.read_bytes() if body is None else pictai(body)
    response = api.upload(data) if auth is None else api.upload(data, auth=auth)
    assert response.status_code == 200, response.content
    return response.json()


def welcome_template(api, **kwargs) -> str:
    return upload(api, project(*WELCOME_SCENES), **kwargs)["templateId"]


def refusal(response) -> str:
    assert response.status_code == 400, response.content
    body = response.json()
    assert set(body) == {"code", "message"}
    assert body["code"] == "INVALID_TEMPLATE_FILE"
    return body["message"]


def scene_texts(data: dict) -> list[str]:
    return [element["text"] for element in data["renderParams"]["elements"] if element["elementType"] == "SceneText"]


# --- upload ----------------------------------------------------------------------------------


def test_uploading_the_real_project_file_makes_a_template(api):
    template = upload(api)

    assert set(template) == TEMPLATE_KEYS
    assert re.fullmatch(r"\d{17}[A-Za-z]{16}", template["templateId"])
    assert template["name"] == "Introduction(1)"
    assert template["language"] == "en"
    assert template["aspectRatio"] == "16:9"
    assert (template["published"], template["deprecated"]) == (False, False)
    assert template["schemaVersion"] == "v2"
    assert template["variables"] == {}
    assert len(template["scenes"]) == 10
    first = template["scenes"][0]
    assert first["sceneId"] == "1"
    assert first["subtitles"] == [{"text": "Welcome to Pictory, where your satisfaction is our top priority!."}]
    assert first["backgroundVisual"]["type"] == "video"
    assert first["backgroundVisual"]["visualUrl"].startswith("https://")
    # A non-breaking space in the file becomes a plain space.
    assert template["scenes"][8]["subtitles"] == [{"text": "Welcome to the Pictory family."}]
    assert template["audio"]["aiVoice"] == {"speaker": "Adam", "speed": 100}
    assert template["audio"]["musicVolume"] == 0.1
    assert template["audio"]["musicUrl"].startswith("https://")


def test_variables_are_extracted_in_order_of_first_appearance(api):
    template = upload(api, project(*WELCOME_SCENES))

    assert template["variables"] == {"first_name": "first_name", "company": "company"}
    assert list(template["variables"]) == ["first_name", "company"]
    assert template["scenes"][1]["subtitles"] == [{"text": "{{company}} is glad to have you, {{ first_name }}."}]


def test_variable_names_are_case_sensitive_and_trimmed(api):
    template = upload(api, project("{{ City }} and {{city}} meet {{Team Lead}} at {{ 9lives }}."))

    assert template["variables"] == {"City": "City", "city": "city", "Team Lead": "Team Lead"}


def test_scene_text_falls_back_to_the_sentence_without_html(api):
    body = project("unused")
    body["scenes"][0] = {"sceneId": "intro", "sentence": "Meet <strong>{{first_name}}</strong>&nbsp;today!"}

    template = upload(api, body)

    assert template["scenes"][0]["sceneId"] == "intro"
    assert template["scenes"][0]["subtitles"] == [{"text": "Meet {{first_name}} today!"}]
    assert template["variables"] == {"first_name": "first_name"}


@pytest.mark.parametrize(
    ("fields", "ratio"),
    [
        ({"aspectRatioClass": "nine-sixteen", "aspectRatioValue": None, "aspectRatioFractionValue": None}, "9:16"),
        ({"aspectRatioClass": None, "aspectRatioValue": "instagram-post-1-1", "aspectRatioFractionValue": 1}, "1:1"),
        ({"aspectRatioClass": None, "aspectRatioValue": None, "aspectRatioFractionValue": 0.8}, "4:5"),
        ({"aspectRatioClass": None, "aspectRatioValue": None, "aspectRatioFractionValue": None}, "16:9"),
    ],
)
def test_aspect_ratio_comes_from_the_aspect_ratio_fields(api, fields, ratio):
    assert upload(api, project("Hello there.", **fields))["aspectRatio"] == ratio


def test_name_falls_back_to_the_title_and_language_to_its_primary_subtag(api):
    body = project("Hello there.", scriptLanguage="fr-FR", title="Bonjour")
    del body["projectName"]

    template = upload(api, body)

    assert (template["name"], template["language"]) == ("Bonjour", "fr")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"this is not a project", "not valid JSON"),
        (b"\xff\xfe\x00{", "not UTF-8"),
        (b"[1, 2, 3]", "got an array"),
        (b'{"projectName": "Empty shell"}', 'it has no "scenes" list'),
        (b'{"scenes": {"1": "x"}}', '"scenes" is an object'),
        (b'{"projectName": "No scenes", "scenes": []}', "has no scenes"),
        (b"", "empty"),
    ],
)
def test_a_file_that_is_no_pictory_project_is_refused_with_a_clear_message(api, data, words):
    message = refusal(api.upload(data))

    assert words in message
    assert not SandboxTemplate.objects.exists()


def test_a_project_whose_scenes_have_no_text_is_refused(api):
    body = project("a", "b")
    for scene in body["scenes"]:
        scene["lines"] = [{"text": "  "}]
        scene["sentence"] = "<strong></strong>"

    assert "None of the project's 2 scenes has any text" in refusal(api.upload(pictai(body)))


def test_a_scene_without_text_is_kept_as_a_visual_only_scene(api):
    body = project("Hello {{first_name}}.", "unused")
    body["scenes"][1]["lines"] = []
    body["scenes"][1]["sentence"] = ""
    template = upload(api, body)

    assert template["scenes"][1]["subtitles"] == []
    data = api.finished(api.create({"templateId": template["templateId"]}, render=False))["data"]
    assert scene_texts(data) == ["Hello {{first_name}}."]
    assert data["storyboard"]["scenes"][1] == {
        "background": {"visualUrl": "https://media.example.test/stock/scene-2.jpg", "type": "image"}
    }


def test_a_file_over_the_default_cap_is_refused_with_the_cap_stated(api):
    body = project("Hello there.", padding="x" * int(5.2 * 1024 * 1024))

    message = refusal(api.upload(pictai(body)))

    assert message == "The project file is 5.2 MB; the limit is 5 MB."


def test_a_file_over_djangos_form_data_limit_but_under_the_cap_is_accepted(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    body = project("Hello {{first_name}}.", padding="x" * 4096)

    assert upload(api, body)["variables"] == {"first_name": "first_name"}


def test_the_cap_is_a_setting(api, settings):
    settings.PICTORY_SANDBOX_TEMPLATE_MAX_BYTES = 2048

    message = refusal(api.upload(FIXTURE.read_bytes()))

    assert message == "The project file is 49.8 KB; the limit is 2 KB."


# --- list, get, update, delete ---------------------------------------------------------------


def test_list_shows_the_accounts_templates_in_creation_order(api):
    first = upload(api)["templateId"]
    second = welcome_template(api)
    welcome_template(api, auth=OTHER_KEY)

    items = api.get("/v1/templates").json()["items"]

    assert items == [
        {"templateId": first, "name": "Introduction(1)", "language": "en", "published": False, "deprecated": False},
        {"templateId": second, "name": "Welcome letter", "language": "en", "published": False, "deprecated": False},
    ]
    assert len(api.get("/v1/templates", auth=OTHER_KEY).json()["items"]) == 1


def test_api_key_and_oauth_tokens_are_one_account(api):
    template_id = welcome_template(api)
    token = api.post(
        "/v1/oauth2/token", {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}, auth=None
    ).json()["access_token"]

    assert [item["templateId"] for item in api.get("/v1/templates", auth=token).json()["items"]] == [template_id]
    assert api.get(f"/v1/templates/{template_id}", auth=token).status_code == 200


def test_get_answers_the_full_template_with_both_deprecated_spellings(api):
    created = upload(api)

    response = api.get(f"/V1/Templates/{created['templateId']}/")

    assert response.status_code == 200
    body = response.json()
    assert {key: body[key] for key in TEMPLATE_KEYS} == created
    assert body["depricated"] is False and body["deprecated"] is False
    assert body["voiceOver"] == {"enabled": True, "aiVoices": [{"speaker": "Adam", "speed": 100}]}
    assert body["backgroundMusic"]["enabled"] is True


def test_get_unknown_template_is_404(api):
    response = api.get("/v1/templates/20260101000000000NoSuchTemplateXy")

    assert response.status_code == 404
    assert response.json() == {"message": "Template not found"}


def test_another_accounts_template_is_forbidden(api):
    template_id = welcome_template(api, auth=OTHER_KEY)

    assert api.get(f"/v1/templates/{template_id}").status_code == 403
    assert api.put(f"/v1/templates/{template_id}", {"scenes": [{"sceneId": "1"}]}).status_code == 403


def test_update_changes_scene_text_and_re_extracts_variables(api):
    template_id = welcome_template(api)

    response = api.put(
        f"/v1/templates/{template_id}",
        {"scenes": [{"sceneId": 2, "subtitles": [{"text": "See you in {{city}},"}, {"text": "{{first_name}}."}]}]},
    )

    assert response.status_code == 200
    assert response.json() == {"success": True, "message": "Template updated", "templateId": template_id}
    template = api.get(f"/v1/templates/{template_id}").json()
    assert template["scenes"][1]["subtitles"] == [{"text": "See you in {{city}},"}, {"text": "{{first_name}}."}]
    assert template["scenes"][0]["subtitles"] == [{"text": WELCOME_SCENES[0]}]
    assert template["variables"] == {"first_name": "first_name", "city": "city"}


def test_update_of_an_unknown_scene_is_refused_with_fields(api):
    template_id = welcome_template(api)

    response = api.put(
        f"/v1/templates/{template_id}",
        {"scenes": [{"sceneId": "1", "subtitles": [{"text": "Hi."}]}, {"sceneId": "99", "subtitles": [{"text": "x"}]}]},
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "INVALID_REQUEST_BODY"
    assert [entry["name"] for entry in body["fields"]] == ["scenes[1].sceneId"]
    assert "99" in body["fields"][0]["errors"]
    # Nothing was saved.
    assert api.get(f"/v1/templates/{template_id}").json()["scenes"][0]["subtitles"] == [{"text": WELCOME_SCENES[0]}]


@pytest.mark.parametrize(
    ("body", "field"), [({}, "scenes"), ({"scenes": []}, "scenes"), ({"scenes": [{}]}, "scenes[0].sceneId")]
)
def test_update_requires_scenes_with_ids(api, body, field):
    response = api.put(f"/v1/templates/{welcome_template(api)}", body)

    assert response.status_code == 400
    assert [entry["name"] for entry in response.json()["fields"]] == [field]


def test_delete_is_permanent(api):
    template_id = welcome_template(api)

    response = api.delete(f"/v1/templates/{template_id}")

    assert response.status_code == 200
    assert response.json() == {"success": True, "message": "Template deleted"}
    assert api.get(f"/v1/templates/{template_id}").status_code == 404
    assert api.delete(f"/v1/templates/{template_id}").status_code == 404
    assert api.get("/v1/templates").json() == {"items": []}


def test_deleting_another_accounts_template_is_forbidden(api):
    template_id = welcome_template(api, auth=OTHER_KEY)

    response = api.delete(f"/v1/templates/{template_id}")

    assert response.status_code == 403
    assert response.json() == {"message": "Forbidden"}
    assert SandboxTemplate.objects.filter(template_id=template_id).exists()


def test_template_calls_are_logged_and_need_auth(api):
    assert api.get("/v1/templates", auth=None).status_code == 401
    assert api.upload(FIXTURE.read_bytes(), auth="pictai_wrong").status_code == 401

    upload(api)

    logged = SandboxRequest.objects.filter(endpoint="templates", status_code=200)
    assert logged.count() == 1


# --- videos from templates -------------------------------------------------------------------


def test_v2_render_with_template_and_variables_renders_the_substituted_text(api, settings):
    template_id = welcome_template(api)
    body = {
        "videoName": "welcome-ada",
        "templateId": template_id,
        "variables": {"first_name": "Ada", "company": "Northwind"},
        "webhookInput": {"row": 3},
    }

    job_id = api.create(body)
    data = api.finished(job_id)["data"]

    assert data["status"] == "completed"
    storyboard, render_params = data["storyboard"], data["renderParams"]
    assert [scene["story"] for scene in storyboard["scenes"]] == [
        "Hello Ada, welcome aboard.",
        "Northwind is glad to have you, Ada.",
    ]
    assert scene_texts(data) == ["Hello Ada, welcome aboard.", "Northwind is glad to have you, Ada."]
    assert "{{" not in json.dumps(storyboard) + json.dumps(render_params)
    assert storyboard["aspectRatio"] == "16:9" and storyboard["language"] == "en"
    assert storyboard["voiceOver"] == {"enabled": True, "aiVoices": [{"speaker": "Jackson", "speed": 110}]}
    # Timed by words like any render: 4 and 7 words at 150 wpm × 1.1, plus the end pauses.
    assert data["videoDuration"] == pytest.approx(4 / 165 * 60 + 0.5 + 7 / 165 * 60 + 0.5, abs=0.01)
    transcript = local_path(settings, data["txtFile"]).read_text()
    assert transcript.splitlines() == ["Hello Ada, welcome aboard.", "Northwind is glad to have you, Ada."]
    assert "Northwind" in local_path(settings, data["srtFile"]).read_text()
    assert local_path(settings, data["videoURL"]).stat().st_size > 0


def test_v2_preview_of_the_real_template(api):
    template_id = upload(api)["templateId"]

    job_id = api.create({"templateId": template_id}, render=False)
    data = api.finished(job_id)["data"]

    assert data["status"] == "completed"
    assert len(scene_texts(data)) == 10
    assert scene_texts(data)[0] == "Welcome to Pictory, where your satisfaction is our top priority!."
    assert data["storyboard"]["voiceOver"]["aiVoices"] == [{"speaker": "Adam", "speed": 100}]
    assert data["storyboard"]["backgroundMusic"]["volume"] == 0.1


def test_missing_variable_stays_as_written(api):
    template_id = welcome_template(api)

    job_id = api.create({"templateId": template_id, "variables": {"first_name": "Ada"}}, render=False)
    data = api.finished(job_id)["data"]

    assert scene_texts(data) == ["Hello Ada, welcome aboard.", "{{company}} is glad to have you, Ada."]


def test_body_settings_override_the_templates(api):
    template_id = welcome_template(api)
    body = {
        "templateId": template_id,
        "variables": {"first_name": "Bo", "company": "Acme"},
        "aspectRatio": "9:16",
        "language": "fr",
        "voiceOver": {"enabled": True, "aiVoices": [{"speaker": "Emma", "speed": 90}]},
    }

    data = api.finished(api.create(body, render=False))["data"]

    storyboard = data["storyboard"]
    assert (storyboard["aspectRatio"], storyboard["language"]) == ("9:16", "fr")
    assert storyboard["voiceOver"] == body["voiceOver"]
    assert (data["renderParams"]["output"]["width"], data["renderParams"]["output"]["height"]) == (720, 1280)


def test_template_voice_unknown_to_the_sandbox_falls_back_to_the_default_narrator(api):
    body = project("Hello {{first_name}}.", audio={"aiVoice": {"speaker": "Somebody Else", "speed": 100}})
    template_id = upload(api, body)["templateId"]

    data = api.finished(api.create({"templateId": template_id}, render=False))["data"]

    assert data["status"] == "completed"
    assert data["storyboard"]["voiceOver"] == {"enabled": True}


@pytest.mark.parametrize("path", [RENDER, PREVIEW])
def test_unknown_template_id_is_refused_with_a_templateid_field(api, path):
    response = api.post(path, {"videoName": "x", "templateId": "20260101000000000Nope", "variables": {}})

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "INVALID_REQUEST_BODY"
    assert [entry["name"] for entry in body["fields"]] == ["templateId"]
    assert not SandboxJob.objects.exists()


def test_another_accounts_template_cannot_make_videos(api):
    template_id = welcome_template(api, auth=OTHER_KEY)

    response = api.post(RENDER, {"videoName": "x", "templateId": template_id})

    assert response.status_code == 400
    assert "another account" in response.json()["fields"][0]["errors"]


def test_unknown_template_is_reported_with_other_violations(api):
    response = api.post(RENDER, {"templateId": "nope", "aspectRatio": "2:1"})

    names = sorted(entry["name"] for entry in response.json()["fields"])
    assert names == ["aspectRatio", "templateId", "videoName"]


def test_video_name_is_still_required_on_render(api):
    response = api.post(RENDER, {"templateId": welcome_template(api), "variables": {"first_name": "Ada"}})

    assert response.status_code == 400
    assert [entry["name"] for entry in response.json()["fields"]] == ["videoName"]


def test_legacy_from_template_preview_then_legacy_render(api):
    template_id = welcome_template(api)
    body = {
        "templateId": template_id,
        "variables": {"first_name": "Grace", "company": "Initech"},
        "webhookInput": {"row": 12},
    }

    response = api.post("/v1/video/from-template", body)

    assert response.status_code == 200
    preview_id = response.json()["data"]["jobId"]
    preview = api.finished(preview_id)["data"]
    assert preview["status"] == "completed"
    assert scene_texts(preview) == ["Hello Grace, welcome aboard.", "Initech is glad to have you, Grace."]
    rendered = api.put(f"/v1/video/render/{preview_id}", content_type="text/plain")
    assert rendered.status_code == 200
    render_id = rendered.json()["data"]["job_id"]
    data = api.finished(render_id)["data"]
    assert data["status"] == "completed"
    assert "Initech is glad to have you, Grace." in data["storyboard"]["scenes"][1]["story"]
    items = {item["data"]["jobId"]: item["data"] for item in api.get("/v1/jobs").json()["items"]}
    for job_id in (preview_id, render_id):
        assert items[job_id]["videoName"] == "Welcome letter"
        assert items[job_id]["webhookInput"] == {"row": 12}


def test_v2_render_of_a_legacy_preview_works_too(api):
    response = api.post(
        "/v1/video/from-template", {"templateId": welcome_template(api), "videoName": "row-4", "variables": {}}
    )
    preview_id = response.json()["data"]["jobId"]
    make_due(preview_id)
    api.job(preview_id)

    rendered = api.put(f"/v2/video/render/{preview_id}")

    assert rendered.status_code == 200
    assert SandboxJob.objects.get(pk=rendered.json()["data"]["jobId"]).video_name == "row-4"


def test_legacy_from_template_inserts_extra_scenes(api):
    template_id = welcome_template(api)
    body = {
        "templateId": template_id,
        "variables": {"first_name": "Ada", "company": "Acme"},
        "scenes": [
            {"insertBeforeSceneId": "1", "text": "A note for {{first_name}}."},
            {"insertAfterSceneId": 2, "text": "Goodbye."},
        ],
    }

    preview_id = api.post("/v1/video/from-template", body).json()["data"]["jobId"]

    assert scene_texts(api.finished(preview_id)["data"]) == [
        "A note for Ada.",
        "Hello Ada, welcome aboard.",
        "Acme is glad to have you, Ada.",
        "Goodbye.",
    ]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"variables": {}}, "templateId"),
        ({"templateId": "20260101000000000Nope"}, "templateId"),
        ({"templateId": "{id}", "variables": ["a"]}, "variables"),
        ({"templateId": "{id}", "scenes": [{"insertAfterSceneId": "7", "text": "x"}]}, "scenes[0].insertAfterSceneId"),
    ],
)
def test_legacy_from_template_refuses_bad_bodies(api, body, field):
    template_id = welcome_template(api)
    if body.get("templateId") == "{id}":
        body = {**body, "templateId": template_id}

    response = api.post("/v1/video/from-template", body)

    assert response.status_code == 400
    assert [entry["name"] for entry in response.json()["fields"]] == [field]


def test_a_variable_value_with_the_fail_marker_fails_the_job(api):
    template_id = welcome_template(api)
    body = {"videoName": "row-9", "templateId": template_id, "variables": {"first_name": "x __fail__", "company": "A"}}

    data = api.finished(api.create(body))

    assert data["success"] is False
    assert data["data"]["status"] == "failed"
    assert data["data"]["error_code"] == "TEXT_TO_VIDEO_FAILED"
    assert "first_name" in data["data"]["error_message"]


def test_video_name_faults_work_for_template_jobs(api):
    template_id = welcome_template(api)

    response = api.post(RENDER, {"videoName": "demo __500__", "templateId": template_id})
    assert response.status_code == 500
    assert not SandboxJob.objects.exists()

    preview = api.post("/v1/video/from-template", {"templateId": template_id, "videoName": "demo __fail__"})
    assert api.finished(preview.json()["data"]["jobId"])["data"]["error_code"] == "TEXT_TO_VIDEO_FAILED"


@pytest.mark.django_db(transaction=True)
def test_template_jobs_finish_on_their_own_and_post_their_webhook(api, settings):
    settings.PICTORY_SANDBOX_BACKGROUND_FINISH = True
    template_id = welcome_template(api)
    server = Receiver()
    try:
        body = {
            "videoName": "row-1",
            "templateId": template_id,
            "variables": {"first_name": "Lin", "company": "Umbrella"},
            "webhook": server.url,
            "webhookInput": {"row": 1},
        }
        job_id = api.create(body)
        posted = server.wait_for(1)[0]
        assert background.wait_idle(15)
    finally:
        server.close()

    assert posted["job_id"] == job_id
    assert posted["data"]["status"] == "completed"
    assert posted["webhookInput"] == {"row": 1}
    assert posted["data"]["storyboard"]["scenes"][1]["story"] == "Umbrella is glad to have you, Lin."
