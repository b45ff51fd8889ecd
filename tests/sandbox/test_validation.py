"""400 INVALID_REQUEST_BODY with one fields[] entry per violation (contract §8.1)."""
import copy
import json

import pytest

from .conftest import make_due, story_body

pytestmark = pytest.mark.django_db

RENDER = "/v2/video/storyboard/render"
PREVIEW = "/v2/video/storyboard"


def scene(**fields) -> dict:
    return {"story": "A short line of narration.", **fields}


def with_scene(**fields) -> dict:
    return story_body(scenes=[scene(**fields)])


# (rule, body, field name expected in fields[], words expected in its message)
VIOLATIONS = [
    ("V1 videoName required on render", story_body(videoName=None), "videoName", "required"),
    ("V2 scenes required", {"videoName": "x"}, "scenes", "required"),
    ("V2 scenes non-empty", story_body(scenes=[]), "scenes", "at least one"),
    ("V3 width without height", story_body(videoWidth=1920), "videoHeight", "videoWidth"),
    ("V3 height without width", story_body(videoHeight=1080), "videoWidth", "videoHeight"),
    ("V4 brandId with brandName", story_body(brandId="b1", brandName="Acme"),
     "brandName", "brandId"),
    (
        "V5 subtitleStyleId with subtitleStyleName",
        story_body(subtitleStyleId="s1", subtitleStyleName="Bold"),
        "subtitleStyleName",
        "subtitleStyleId",
    ),
    ("V6 avatar without voice-over", story_body(voiceOver=None, avatar={"avatarId": "a1"}),
     "avatar", "voiceOver.enabled"),
    ("V7 two content sources", with_scene(blogUrl="https://blog.example.test/post"),
     "scenes[0]", "only one content source"),
    ("V7 no content source", story_body(scenes=[{"hideSubtitles": True}]),
     "scenes[0]", "needs one of"),
    ("V8 caption without story", story_body(scenes=[{
        "caption": "Hi", "background": {"color": "#000"}}]), "scenes[0].caption", "requires story"),
    ("V8 caption with split flag", with_scene(caption="Hi", createSceneOnNewLine=True),
     "scenes[0].caption", "createSceneOnNewLine"),
    ("V9 videoUrl without audioLanguage", story_body(scenes=[{
        "videoUrl": "https://cdn.example.test/a.mp4"}]), "scenes[0].audioLanguage", "required"),
    ("V9 transcript without media", with_scene(transcript=[]),
     "scenes[0].transcript", "audioUrl or videoUrl"),
    ("V10 aiVoices with externalVoice", story_body(voiceOver={
        "enabled": True, "aiVoices": [{"speaker": "Martin"}],
        "externalVoice": {"voiceUrl": "https://cdn.example.test/v.mp3"}}),
     "voiceOver.externalVoice", "aiVoices"),
    ("V11 two background sources", with_scene(background={
        "color": "#fff", "visualUrl": "https://cdn.example.test/a.jpg"}),
     "scenes[0].background", "only one of visualUrl, color, aiVisual"),
    ("V11 aiVisual without type", with_scene(background={"aiVisual": {"prompt": "a red fox"}}),
     "scenes[0].background.type", "required with aiVisual"),
    ("V11 clips on an image", with_scene(background={
        "visualUrl": "https://cdn.example.test/a.jpg", "type": "image",
        "clips": [{"start": 0, "end": 2}]}), "scenes[0].background.clips", "type video"),
    ("V12 kenBurns with zoomAndPan", with_scene(background={
        "visualUrl": "https://cdn.example.test/a.jpg", "type": "image",
        "settings": {"kenBurnsEffect": True, "zoomAndPan": True}}),
     "scenes[0].background.settings.kenBurnsEffect", "zoomAndPan"),
    ("V12 kenBurns on video", with_scene(background={
        "visualUrl": "https://cdn.example.test/a.mp4", "type": "video",
        "settings": {"kenBurnsEffect": True}}),
     "scenes[0].background.settings.kenBurnsEffect", "image"),
    ("V13 maxSubtitleLines range", with_scene(maxSubtitleLines=5),
     "scenes[0].maxSubtitleLines", "between 1 and 4"),
    ("V13 maxSubtitleLines with smart layout",
     story_body(smartLayoutName="Cinematic", scenes=[scene(maxSubtitleLines=2)]),
     "scenes[0].maxSubtitleLines", "smart layout"),
    ("V14 elements max 20", with_scene(elements=[{"type": "text", "text": "x"}] * 21),
     "scenes[0].elements", "at most 20"),
    ("V14 position with top/left", with_scene(elements=[{
        "type": "text", "text": "x", "position": "top-left", "top": "10%"}]),
     "scenes[0].elements[0].position", "not both"),
    ("V14 decimal percent", with_scene(elements=[{"type": "text", "text": "x", "left": "10.5%"}]),
     "scenes[0].elements[0].left", "integer percentage"),
    ("V15 videoDuration off the model list", with_scene(background={"type": "video", "aiVisual": {
        "prompt": "waves", "model": "veo3.1", "videoDuration": "5s"}}),
     "scenes[0].background.aiVisual.videoDuration", "4s, 6s, 8s"),
    ("V15 videoDuration on an image model", with_scene(background={"type": "image", "aiVisual": {
        "prompt": "waves", "model": "flux-schnell", "videoDuration": "4s"}}),
     "scenes[0].background.aiVisual.videoDuration", "image model"),
    ("V16 autoMusic with musicUrl", story_body(backgroundMusic={
        "enabled": True, "autoMusic": True, "musicUrl": "https://cdn.example.test/m.mp3"}),
     "backgroundMusic.musicUrl", "autoMusic"),
    ("V16 volume range", story_body(backgroundMusic={"enabled": True, "volume": 1.5}),
     "backgroundMusic.volume", "between 0 and 1"),
    ("V16 at most 10 clips", story_body(backgroundMusic={
        "enabled": True, "clips": [{"start": i, "end": i + 1} for i in range(11)]}),
     "backgroundMusic.clips", "at most 10"),
    ("V17 speed range", story_body(voiceOver={"enabled": True, "aiVoices": [
        {"speaker": "Martin", "speed": 250}]}),
     "voiceOver.aiVoices[0].speed", "between 50 and 200"),
    ("V17 amplificationLevel range", story_body(voiceOver={"enabled": True, "aiVoices": [
        {"speaker": "Martin", "amplificationLevel": -2}]}),
     "voiceOver.aiVoices[0].amplificationLevel", "between -1 and 1"),
    ("V17 overlay opacity range", with_scene(background={
        "color": "#000", "colorOverlay": {"color": "#fff", "opacity": 2}}),
     "scenes[0].background.colorOverlay.opacity", "between 0 and 1"),
    ("V17 fontSize at least 1", story_body(subtitleStyle={"fontSize": 0}),
     "subtitleStyle.fontSize", "at least 1"),
    ("V17 customSpeedValue at least 0.5", story_body(subtitleStyle={"animations": [
        {"name": "fade", "type": "entry", "speed": "custom", "customSpeedValue": 0.1}]}),
     "subtitleStyle.animations[0].customSpeedValue", "at least 0.5"),
    ("V17 storyCoPilot duration", story_body(scenes=[{"storyCoPilot": {
        "prompt": "Explain our product", "duration": 601}}]),
     "scenes[0].storyCoPilot.duration", "between 1 and 600"),
    ("V18 story length", with_scene(story="x" * 15001), "scenes[0].story", "15000"),
    ("V18 element text length", with_scene(elements=[{"type": "text", "text": "x" * 2001}]),
     "scenes[0].elements[0].text", "2000"),
    ("V18 aiVisual prompt length", with_scene(background={"type": "image", "aiVisual": {
        "prompt": "x" * 501}}), "scenes[0].background.aiVisual.prompt", "500"),
    ("V18 webhook length", story_body(webhook="https://hooks.example.test/" + "x" * 500),
     "webhook", "500"),
    ("V18 keyword length", with_scene(background={"searchFilter": {"keywords": ["x"]}}),
     "scenes[0].background.searchFilter.keywords[0]", "at least 2"),
    ("V18 keyword count", with_scene(background={"searchFilter": {
        "keywords": [f"kw{i}" for i in range(11)]}}),
     "scenes[0].background.searchFilter.keywords", "at most 10"),
    ("V20 aspectRatio enum", story_body(aspectRatio="21:9"), "aspectRatio", "16:9"),
    ("V20 language enum", story_body(language="xx"), "language", "must be one of"),
    ("V20 sceneTransition enum", with_scene(sceneTransition="spin"),
     "scenes[0].sceneTransition", "wipeup"),
    ("V20 font family needs fontUrl", story_body(subtitleStyle={"fontFamily": "Comic Neue"}),
     "subtitleStyle.fontFamily", "fontUrl"),
    ("V20 shape name", with_scene(elements=[{"type": "shape", "name": "arrow-20"}]),
     "scenes[0].elements[0].name", "must be one of"),
    ("colour format", with_scene(background={"color": "#12345"}),
     "scenes[0].background.color", "colour"),
    ("colour channel range", story_body(subtitleStyle={"color": "rgb(300, 0, 0)"}),
     "subtitleStyle.color", "colour"),
    ("type check", story_body(scenes="not a list"), "scenes", "must be an array"),
]


def _clean(body: dict) -> dict:
    """Drop keys set to None, so a rule can say "this field is absent"."""
    return {key: value for key, value in body.items() if value is not None}


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [case[1:] for case in VIOLATIONS],
    ids=[case[0] for case in VIOLATIONS],
)
def test_each_rule_reports_its_field(api, body, field, words):
    response = api.post(RENDER, _clean(copy.deepcopy(body)))

    assert response.status_code == 400
    payload = response.json()
    assert payload["code"] == "INVALID_REQUEST_BODY"
    assert payload["message"]
    assert len(payload["fields"]) == 1, payload["fields"]
    assert payload["fields"][0]["name"] == field
    assert words in payload["fields"][0]["errors"]


def test_preview_endpoint_does_not_require_video_name(api):
    body = story_body()
    del body["videoName"]

    response = api.post(PREVIEW, body)

    assert response.status_code == 200


def test_template_id_makes_scenes_optional(api):
    project = {"projectName": "Hello", "scenes": [{"sceneId": 1, "lines": [{"text": "Hi {{name}}."}]}]}
    template = api.upload(json.dumps(project).encode()).json()

    response = api.post(RENDER, {"videoName": "from-template", "templateId": template["templateId"],
                                 "variables": {"name": "Ada"}})

    assert response.status_code == 200


def test_three_violations_give_three_entries(api):
    body = story_body(aspectRatio="2:1", brandId="b", brandName="n")
    body["scenes"][1]["background"]["color"] = "blue-ish"

    response = api.post(RENDER, body)

    assert response.status_code == 400
    names = sorted(entry["name"] for entry in response.json()["fields"])
    assert names == ["aspectRatio", "brandName", "scenes[1].background.color"]


@pytest.mark.parametrize(
    "color", ["#abc", "#A1B2C3", "#A1B2C380", "rgb(0, 128, 255)", "rgba(0,128,255,0.5)"]
)
def test_every_colour_notation_is_accepted(api, color):
    response = api.post(RENDER, with_scene(background={"color": color}))

    assert response.status_code == 200


def test_body_that_is_not_json_is_rejected(api):
    response = api.post(RENDER, "{not json")

    assert response.status_code == 400
    assert response.json()["code"] == "INVALID_REQUEST_BODY"


def test_unknown_fields_are_stripped_from_the_stored_storyboard(api):
    body = story_body(favouriteColour="teal")
    body["scenes"][0]["mood"] = "sunny"
    body["scenes"][0]["background"]["searchFilter"]["sortBy"] = "newest"
    job_id = api.create(body, render=False)
    make_due(job_id)

    data = api.job(job_id).json()["data"]

    assert data["status"] == "completed"
    storyboard = data["storyboard"]
    assert "favouriteColour" not in storyboard
    assert "mood" not in storyboard["scenes"][0]
    assert storyboard["scenes"][0]["background"]["searchFilter"] == {
        "query": "spring flowers close up"
    }
    # Free-form objects are kept as sent.
    assert storyboard["webhookInput"] == {"studioJobPk": 4182}
