"""Voice-over tracks (contract §5.7): playable samples, added tracks, and added tracks as speakers."""

import array
import subprocess
from urllib.parse import urlsplit

import imageio_ffmpeg
import pytest

from pictory_studio.sandbox.models import SandboxVoiceTrack

from .conftest import story_body
from .credentials import MODES, credential
from .test_catalogues import VOICE_FIELDS

pytestmark = pytest.mark.django_db

TRACKS = "/v1/voiceovers/tracks"


def track_body(**overrides) -> dict:
    body = {
        "name": "Narrator Nora",
        "description": "Warm narrator for product videos",
        "engine": "eleven_multilingual_v2",
        "service": "elevenlabs",
        "language": "en-GB",
        "voiceId": "EXAVITQu4vr4xnSDxMaL",
        "accent": "British",
        "age": "Adult",
        "gender": "Female",
        "elevenlabsVoiceSettings": {"similarityBoost": 0.7, "stability": 0.5, "useSpeakerBoost": True},
    }
    body.update(overrides)
    return body


def sample_bytes(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] in {"audio/mpeg", "audio/wav"}
    return b"".join(response.streaming_content)


def decoded(data: bytes, tmp_path, name: str) -> tuple[array.array, float]:
    """The samples (mono, 16-bit, 8 kHz) of an audio file, and its duration in seconds."""
    source = tmp_path / name
    source.write_bytes(data)
    raw = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", str(source),
         "-f", "s16le", "-ac", "1", "-ar", "8000", "-"],
        capture_output=True,
        check=True,
    ).stdout
    samples = array.array("h", raw)
    return samples, len(samples) / 8000


def pitch(samples: array.array, seconds: float) -> float:
    """A rough fundamental frequency: upward zero crossings per second."""
    crossings = sum(1 for a, b in zip(samples, samples[1:], strict=False) if a < 0 <= b)
    return crossings / seconds


def field_names(response) -> set[str]:
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "INVALID_REQUEST_BODY"
    return {entry["name"] for entry in response.json()["fields"]}


@pytest.mark.parametrize("mode", MODES)
def test_every_listed_sample_is_a_sandbox_url(api, mode):
    tracks = api.get(TRACKS, auth=credential(api, mode)).json()

    for track in tracks:
        parts = urlsplit(track["sample"])
        assert parts.netloc == "testserver"
        assert parts.path in (f"/sandbox/voice-samples/{track['id']}.mp3", f"/sandbox/voice-samples/{track['id']}.wav")


def test_samples_play_for_a_few_seconds_at_a_pitch_that_follows_the_voice(api, client, tmp_path):
    tracks = {track["name"]: track for track in api.get(TRACKS).json()}

    martin, _ = decoded(sample_bytes(client, tracks["Martin"]["sample"]), tmp_path, "martin")
    olivia, seconds = decoded(sample_bytes(client, tracks["Olivia"]["sample"]), tmp_path, "olivia")
    jackson, _ = decoded(sample_bytes(client, tracks["Jackson"]["sample"]), tmp_path, "jackson")

    assert 2.5 <= seconds <= 4
    assert max(abs(value) for value in olivia) > 3000  # audible, not silence
    assert pitch(martin, seconds) < 175 < pitch(olivia, seconds)
    assert abs(pitch(martin, seconds) - pitch(jackson, seconds)) > 1  # two male voices still differ


def test_a_sample_is_made_once_and_served_with_ranges(api, client, settings):
    url = api.get(TRACKS).json()[0]["sample"]
    first = sample_bytes(client, url)

    again = sample_bytes(client, url)
    part = client.get(url, HTTP_RANGE="bytes=0-99")

    assert first == again
    assert len(list((settings.PICTORY_SANDBOX_MEDIA_ROOT / "voice-samples").iterdir())) == 1
    assert part.status_code == 206
    assert part.content == first[:100]


def test_unknown_sample_ids_and_extensions_are_404(api, client):
    url = api.get(TRACKS).json()[0]["sample"]
    other_ext = url[:-3] + ("wav" if url.endswith("mp3") else "mp3")

    assert client.get("/sandbox/voice-samples/999999.mp3").status_code == 404
    assert client.get(other_ext).status_code == 404
    assert client.get("/sandbox/voice-samples/1001.ogg").status_code == 404


@pytest.mark.parametrize("mode", MODES)
def test_added_track_is_answered_listed_and_playable(api, client, mode, tmp_path):
    auth = credential(api, mode)

    response = api.post(TRACKS, track_body(), auth=auth)

    assert response.status_code == 200, response.content
    track = response.json()
    assert set(track) == VOICE_FIELDS
    assert isinstance(track["id"], int) and track["id"] > 5000
    assert track["name"] == "Narrator Nora"
    assert track["voice"] == "EXAVITQu4vr4xnSDxMaL"
    assert (track["service"], track["engine"], track["language"]) == (
        "elevenlabs", "eleven_multilingual_v2", "en-GB"
    )
    assert (track["gender"], track["accent"], track["category"]) == ("Female", "British", "premium")
    assert api.get(TRACKS, auth=auth).json()[-1] == track
    samples, seconds = decoded(sample_bytes(client, track["sample"]), tmp_path, "nora")
    assert seconds > 2.5 and pitch(samples, seconds) > 175


def test_a_sandbox_media_url_given_as_sample_is_kept(api, client):
    data = api.post("/v1/media/generateurl", {"fileName": "nora.mp3", "contentType": "audio/mpeg"}).json()["data"]
    client.put(data["signedUrl"], data=b"ID3 fake mp3", content_type="audio/mpeg")

    kept = api.post(TRACKS, track_body(sample=data["url"])).json()
    replaced = api.post(TRACKS, track_body(name="Other", sample="https://cdn.example.test/x.mp3")).json()

    assert kept["sample"] == data["url"]
    assert urlsplit(replaced["sample"]).path.startswith("/sandbox/voice-samples/")


def test_missing_required_fields_are_each_named(api):
    response = api.post(TRACKS, {"description": "nothing else"})

    assert field_names(response) == {"name", "engine", "service", "language"}
    assert SandboxVoiceTrack.objects.count() == 0


@pytest.mark.parametrize(
    "service, engine",
    [("aws", "Neural2"), ("google", "neural"), ("elevenlabs", "standard"), ("aws", "eleven_multilingual_v2")],
)
def test_engine_must_belong_to_the_service(api, service, engine):
    response = api.post(TRACKS, track_body(service=service, engine=engine, elevenlabsVoiceSettings=None))

    assert field_names(response) == {"engine"}
    assert service in response.json()["fields"][0]["errors"]


@pytest.mark.parametrize(
    "service, engine", [("aws", "standard"), ("google", "WaveNet"), ("elevenlabs", "eleven_monolingual_v1")]
)
def test_each_services_engines_are_accepted(api, service, engine):
    assert api.post(TRACKS, track_body(service=service, engine=engine)).status_code == 200


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"service": "azure"}, "service"),
        ({"age": "Elder"}, "age"),
        ({"gender": "female"}, "gender"),
        ({"language": "english"}, "language"),
        ({"sample": "not-a-url"}, "sample"),
        ({"elevenlabsVoiceSettings": {"stability": 1.5}}, "elevenlabsVoiceSettings.stability"),
        ({"name": " "}, "name"),
    ],
)
def test_bad_values_are_named(api, overrides, field):
    assert field in field_names(api.post(TRACKS, track_body(**overrides)))


@pytest.mark.parametrize("name", ["narrator nora", "MARTIN"])
def test_duplicate_names_are_refused(api, name):
    api.post(TRACKS, track_body())

    assert field_names(api.post(TRACKS, track_body(name=name))) == {"name"}
    assert SandboxVoiceTrack.objects.count() == 1


@pytest.mark.parametrize("speaker", ["narrator nora", "EXAVITQu4vr4xnSDxMaL", "id"])
def test_added_track_resolves_as_speaker_in_jobs(api, speaker):
    track = api.post(TRACKS, track_body()).json()
    chosen = track["id"] if speaker == "id" else speaker
    body = story_body(voiceOver={"enabled": True, "aiVoices": [{"speaker": chosen}]})

    job = api.finished(api.create(body, render=False))

    assert job["data"]["status"] == "completed", job


def test_unknown_speaker_still_fails_the_job(api):
    api.post(TRACKS, track_body())
    body = story_body(voiceOver={"enabled": True, "aiVoices": [{"speaker": "Narrator Nadia"}]})

    job = api.finished(api.create(body, render=False))

    assert job["data"]["status"] == "failed"
    assert "Narrator Nadia" in job["data"]["error_message"]


def test_a_huge_numeric_speaker_fails_the_job_rather_than_the_call(api):
    body = story_body(voiceOver={"enabled": True, "aiVoices": [{"speaker": "9" * 25}]})

    job = api.finished(api.create(body, render=False))

    assert job["data"]["status"] == "failed"
    assert "could not be resolved" in job["data"]["error_message"]
