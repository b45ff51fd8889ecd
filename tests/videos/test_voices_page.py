"""The Voices page: everyone hears the account's voices; Admins (by role) add custom voice tracks,
checked before anything is sent."""
import pytest
from django.core.cache import cache
from django.urls import reverse

from pictory_studio.pictory import Voice
from pictory_studio.pictory.factory import pictory_mode
from tests.factories import UserFactory
from tests.helpers import sandbox_calls
from videos.services.voices import default_voice_for, voices_for_language

pytestmark = pytest.mark.django_db
URL = "/voices/"
TRACKS = "/v1/voiceovers/tracks"
NEW_VOICE = {
    "name": "Narrator Anna", "description": "Warm, calm; for explainers", "service": "google", "engine": "WaveNet",
    "language": "en-GB", "voice_id": "en-GB-Wavenet-A", "accent": "British", "age": "Adult", "gender": "Female",
    "sample_url": "https://samples.example.com/anna.mp3",
}


def _as(client, role):
    person = UserFactory(username=role.lower(), roles=[role])
    assert not person.is_superuser
    client.force_login(person)
    return person


def test_the_page_lives_at_voices():
    assert reverse("videos:voice_list") == URL


# --- Listening --------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["Editor", "Reviewer", "Admin"])
def test_everyone_hears_every_voice_of_the_account(client, sandbox, role):
    _as(client, role)

    page = client.get(URL).content.decode()

    assert "Martin" in page and "Gabriel" in page and "Aria" in page
    assert "English (US)" in page and "American" in page and "Male" in page
    assert "google · Neural2" in page and "elevenlabs · eleven_multilingual_v2" in page
    assert '<audio class="voice-sample" controls preload="none" src="' in page
    assert page.count('preload="none"') == 15
    assert "15 voices in 7 languages" in page
    assert sandbox_calls("GET", TRACKS) == 1
    client.get(URL)
    assert sandbox_calls("GET", TRACKS) == 1  # cached


def test_filtering_by_language_shows_only_its_voices(client, sandbox):
    _as(client, "Editor")

    page = client.get(URL, {"language": "fr-FR"}).content.decode()

    assert "Gabriel" in page and ">Martin<" not in page
    assert "1 of 15 voices speaks French (France)" in page
    assert '<option value="fr-FR" selected>French (France) (1)</option>' in page


def test_a_whole_language_covers_every_accent(client, sandbox):
    _as(client, "Editor")

    page = client.get(URL, {"language": "en"}).content.decode()

    assert '<option value="en" selected>English, every accent (9)</option>' in page
    for name in ("Martin", "Olivia", "Emma", "Kajal"):
        assert f">{name}<" in page
    assert ">Gabriel<" not in page and "9 of 15 voices speak English" in page


def test_a_language_without_voices_says_what_to_do(client, sandbox):
    _as(client, "Editor")
    page = client.get(URL, {"language": "ja-JP"}).content.decode()
    assert "No voice speaks Japanese." in page and "ask an admin to add one" in page
    assert "Show every voice" in page


def test_the_filter_answers_htmx_with_the_results_only(client, sandbox):
    _as(client, "Editor")
    response = client.get(URL, {"language": "de-DE"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="voice-results"') and "<html" not in html
    assert "Wilbur" in html and ">Martin<" not in html
    assert response.headers["Vary"].count("HX-Request") == 1


def test_a_voice_list_that_cannot_be_read_says_so(client, settings):
    settings.STUDIO_BASE_URL = "http://127.0.0.1:9"
    _as(client, "Editor")
    page = client.get(URL).content.decode()
    assert "voice list could not be loaded right now" in page and "Try again" in page
    assert "Account page" in page


def test_an_account_without_voices_says_who_can_add_one(client):
    cache.set(f"pictory:voices:{pictory_mode()}", [], 60)
    _as(client, "Editor")
    assert "Ask an admin to add a voice track." in client.get(URL).content.decode()
    _as(client, "Admin")
    assert "Add a custom voice track below" in client.get(URL).content.decode()


# --- Adding a voice track (Admins) ------------------------------------------------------------

@pytest.mark.parametrize("role", ["Editor", "Reviewer"])
def test_only_admins_add_voice_tracks(client, sandbox, role):
    _as(client, role)
    assert "Add a custom voice track" not in client.get(URL).content.decode()
    assert client.post(reverse("videos:voice_add"), NEW_VOICE).status_code == 403
    assert sandbox_calls("POST", TRACKS) == 0


def test_an_admin_by_role_adds_a_voice_and_it_appears_at_once(client, sandbox):
    _as(client, "Admin")
    assert ">Narrator Anna<" not in client.get(URL).content.decode()  # the list is now cached

    response = client.post(reverse("videos:voice_add"), NEW_VOICE)

    assert response.status_code == 302 and response["Location"] == f"{URL}?language=en-GB#voices"
    assert sandbox_calls("POST", TRACKS) == 1
    page = client.get(response["Location"]).content.decode()
    assert "Added the voice “Narrator Anna”" in page
    assert ">Narrator Anna<" in page and "google · WaveNet" in page


@pytest.mark.parametrize(("service", "engine", "message"), [
    ("aws", "WaveNet", "“WaveNet” belongs to Google. Amazon Polly voices use neural or standard."),
    ("google", "neural", "“neural” belongs to Amazon Polly. Google voices use standard, WaveNet or Neural2."),
    ("elevenlabs", "turbo", "“turbo” is not a Pictory engine. ElevenLabs voices use eleven_monolingual_v1 or "
                            "eleven_multilingual_v2."),
    ("aws", "", "Choose the engine the voice runs on."),
])
def test_an_engine_of_another_service_is_refused_before_sending(client, sandbox, service, engine, message):
    _as(client, "Admin")

    response = client.post(reverse("videos:voice_add"), {**NEW_VOICE, "service": service, "engine": engine})

    page = response.content.decode()
    assert response.status_code == 400
    assert sandbox_calls("POST", TRACKS) == 0
    assert message in page
    assert "Nothing was sent to Pictory" in page and "Everything you typed is kept" in page


def test_nothing_typed_is_lost_when_a_voice_is_refused(client, sandbox):
    _as(client, "Admin")

    page = client.post(reverse("videos:voice_add"), {**NEW_VOICE, "engine": "neural"}).content.decode()

    assert 'value="Narrator Anna"' in page and "Warm, calm; for explainers</textarea>" in page
    assert 'value="en-GB-Wavenet-A"' in page and 'value="British"' in page
    assert 'value="https://samples.example.com/anna.mp3"' in page
    assert '<option value="google" selected>' in page and '<option value="en-GB" selected>' in page
    assert '<option value="Adult" selected>' in page and '<option value="Female" selected>' in page
    assert '<option value="neural" selected>' in page


@pytest.mark.parametrize(("field", "value", "message"), [
    ("name", "   ", "Give the voice a name"),
    ("language", "", "Choose one of the listed languages."),
    ("language", "xx-YY", "Choose one of the listed languages."),
    ("service", "azure", "Choose aws, google or elevenlabs."),
    ("age", "Ancient", "Choose Child, Teen, Adult, Senior or leave it empty."),
    ("gender", "Robot", "Choose Male, Female, Neutral or leave it empty."),
    ("sample_url", "anna.mp3", "starting with https://"),
])
def test_bad_values_are_refused_beside_their_field_before_sending(client, sandbox, field, value, message):
    _as(client, "Admin")
    page = client.post(reverse("videos:voice_add"), {**NEW_VOICE, field: value}).content.decode()
    assert message in page
    assert sandbox_calls("POST", TRACKS) == 0


def test_pictorys_field_errors_are_shown_beside_the_field(client, sandbox):
    _as(client, "Admin")

    response = client.post(reverse("videos:voice_add"), {**NEW_VOICE, "name": "Martin"})  # taken

    page = response.content.decode()
    assert response.status_code == 400 and sandbox_calls("POST", TRACKS) == 1
    assert "Pictory refused the voice" in page
    name_field = page.split('name="name"', 1)[1].split("</label>", 1)[0]
    assert 'class="field-error"' in name_field
    assert 'value="Martin"' in page and 'value="https://samples.example.com/anna.mp3"' in page


# --- Services ---------------------------------------------------------------------------------

VOICES = [
    Voice(id="1", name="Jackson", language="en-US"), Voice(id="2", name="Martin", language="en-US"),
    Voice(id="3", name="Emma", language="en-GB"), Voice(id="4", name="Remi", language="fr-FR"),
    Voice(id="5", name="Gabriel", language="fr-FR"), Voice(id="6", name="Kenji", language="ja-JP"),
    Voice(id="7", name="English-ish", language="eng"),
]


def test_voices_for_a_language_code():
    assert [v.name for v in voices_for_language(language="en", voices=VOICES)] == ["Jackson", "Martin", "Emma"]
    assert [v.name for v in voices_for_language(language="en-GB", voices=VOICES)] == ["Emma"]
    assert [v.name for v in voices_for_language(language="FR", voices=VOICES)] == ["Remi", "Gabriel"]
    assert voices_for_language(language="de", voices=VOICES) == []
    assert len(voices_for_language(language="", voices=VOICES)) == len(VOICES)


@pytest.mark.parametrize(("language", "preferred", "expected"), [
    ("fr", "emma", "Emma"),  # the preferred voice, as the account spells it
    ("fr", "Zorblax", "Gabriel"),  # not offered: Pictory's French narrator
    ("en", "", "Martin"),  # the default narrator even when another English voice comes first
    ("ja", "", "Kenji"),  # no default narrator: the account's first voice in the language
    ("de", "", ""),  # no German voice at all
    ("", "", ""),
])
def test_the_default_voice_for_a_new_project(language, preferred, expected):
    assert default_voice_for(language=language, voices=VOICES, preferred=preferred) == expected


def test_no_default_voice_when_the_list_is_unknown():
    assert default_voice_for(language="en", voices=[], preferred="Martin") == ""
