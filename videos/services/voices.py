"""The account's voices: which speak a language, the default narrator, and custom voice tracks.

A custom track is checked here before anything is sent (Pictory's engine ↔ service rule,
contract §5.7), so a mistake costs no request and is explained next to the field.
"""
import logging
import re
from dataclasses import dataclass, field

from django.core.cache import cache

from pictory_studio.pictory import PictoryError, ValidationError, Voice
from pictory_studio.pictory.factory import client_from_settings, pictory_mode
from videos.services.explain import pictory_error_text
from videos.services.text import single_line

log = logging.getLogger(__name__)

SERVICE_ENGINES: dict[str, tuple[str, ...]] = {
    "aws": ("neural", "standard"),
    "google": ("standard", "WaveNet", "Neural2"),
    "elevenlabs": ("eleven_monolingual_v1", "eleven_multilingual_v2"),
}
SERVICE_LABELS = {"aws": "Amazon Polly (aws)", "google": "Google (google)", "elevenlabs": "ElevenLabs (elevenlabs)"}
# The languages Pictory accepts for audio (contract §8.2), with names people recognise.
AUDIO_LANGUAGES: dict[str, str] = {
    "en-US": "English (US)", "en-AU": "English (Australia)", "en-GB": "English (UK)", "en-IN": "English (India)",
    "en-IE": "English (Ireland)", "en-AB": "English (Scotland)", "en-WL": "English (Wales)",
    "fr-CA": "French (Canada)", "fr-FR": "French (France)", "de-CH": "German (Switzerland)",
    "de-DE": "German (Germany)", "it-IT": "Italian", "es-ES": "Spanish (Spain)", "es-US": "Spanish (US)",
    "nl-NL": "Dutch", "pt-BR": "Portuguese (Brazil)", "ja-JP": "Japanese", "ko-KR": "Korean",
    "ru-RU": "Russian", "hi-IN": "Hindi", "ta-IN": "Tamil", "mr-IN": "Marathi",
}
LANGUAGE_NAMES = {
    "en": "English", "fr": "French", "de": "German", "it": "Italian", "es": "Spanish", "nl": "Dutch",
    "pt": "Portuguese", "ja": "Japanese", "ko": "Korean", "ru": "Russian", "hi": "Hindi", "ta": "Tamil",
    "mr": "Marathi", "zh": "Chinese", "ar": "Arabic", "pl": "Polish", "tr": "Turkish", "id": "Indonesian",
    "ur": "Urdu", "vi": "Vietnamese",
}
AGES = ("Child", "Teen", "Adult", "Senior")
GENDERS = ("Male", "Female", "Neutral")
# Pictory's default narrator per script language (contract §6.6).
DEFAULT_NARRATORS = {"en": "Martin", "nl": "Tim", "fr": "Gabriel", "de": "Wilbur", "it": "Marco",
                     "pt": "Aurelio", "es": "Hugo"}
_URL = re.compile(r"^https?://[^\s/]+\S*$", re.IGNORECASE)
# Pictory's field names in a 400 → the form's field names.
_FIELD_NAMES = {"voiceId": "voice_id", "voice": "voice_id", "sample": "sample_url"}


def language_label(code: str) -> str:
    """"en-US" → "English (US)"; "en" → "English"; anything else as given."""
    if code in AUDIO_LANGUAGES:
        return AUDIO_LANGUAGES[code]
    base = (code or "").split("-")[0].lower()
    if base in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[base] + (f" ({code.split('-', 1)[1]})" if "-" in code else "")
    return code or "Unknown language"


def _speaks(voice: Voice, language: str) -> bool:
    spoken = (voice.language or "").lower()
    wanted = language.lower()
    return spoken == wanted or ("-" not in wanted and spoken.startswith(wanted + "-"))


def voices_for_language(*, language: str, voices: list[Voice] | None = None) -> list[Voice]:
    """Voices that speak `language`: "en" matches en-US, en-GB…; "en-GB" matches only en-GB.
    Without `voices`, the account's (cached) list is used."""
    if voices is None:
        from videos.selectors import voices_available

        voices, _ = voices_available()
    language = (language or "").strip()
    if not language:
        return list(voices)
    return [voice for voice in voices if _speaks(voice, language)]


def default_voice_for(*, language: str, voices: list[Voice], preferred: str = "") -> str:
    """The voice a new project starts with: `preferred` if the account has it, else the account's
    voice for `language` (Pictory's default narrator first), else ""."""
    by_name = {voice.name.lower(): voice.name for voice in voices if voice.name}
    if preferred and preferred.strip().lower() in by_name:
        return by_name[preferred.strip().lower()]
    speaking = voices_for_language(language=language, voices=voices) if language else []
    narrator = DEFAULT_NARRATORS.get((language or "").split("-")[0].lower(), "").lower()
    for voice in speaking:
        if voice.name.lower() == narrator:
            return voice.name
    return speaking[0].name if speaking else ""


@dataclass(frozen=True)
class LanguageOption:
    code: str
    label: str
    count: int


def voice_language_options(*, voices: list[Voice]) -> list[LanguageOption]:
    """The filter's choices: each language the list offers (and "all accents" where there are several)."""
    by_code: dict[str, int] = {}
    for voice in voices:
        if voice.language:
            by_code[voice.language] = by_code.get(voice.language, 0) + 1
    by_base: dict[str, list[str]] = {}
    for code in by_code:
        by_base.setdefault(code.split("-")[0].lower(), []).append(code)
    options = []
    for base in sorted(by_base, key=lambda b: language_label(b).lower()):
        codes = sorted(by_base[base], key=lambda c: language_label(c).lower())
        if len(codes) > 1:
            total = sum(by_code[c] for c in codes)
            options.append(LanguageOption(base, f"{language_label(base)}, every accent", total))
        options += [LanguageOption(code, language_label(code), by_code[code]) for code in codes]
    return options


@dataclass
class VoiceTrackRefused(Exception):
    """Nothing was added: what to fix, per field (form field names) and overall."""

    message: str
    fields: dict[str, list[str]] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.message


def _either(values: tuple[str, ...]) -> str:
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} or {values[-1]}"


def _engine_problem(service: str, engine: str) -> str:
    if service not in SERVICE_ENGINES or engine in SERVICE_ENGINES[service]:
        return ""
    owner = next((s for s, engines in SERVICE_ENGINES.items() if engine in engines), "")
    why = f"“{engine}” belongs to {_provider(owner)}. " if owner else f"“{engine}” is not a Pictory engine. "
    return f"{why}{_provider(service)} voices use {_either(SERVICE_ENGINES[service])}."


def _provider(service: str) -> str:
    return SERVICE_LABELS[service].split(" (")[0]


def _checked(values: dict) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}

    def refuse(name: str, text: str) -> None:
        problems.setdefault(name, []).append(text)

    if not values["name"]:
        refuse("name", "Give the voice a name (it is how editors pick it).")
    if values["service"] not in SERVICE_ENGINES:
        refuse("service", "Choose aws, google or elevenlabs.")
    if not values["engine"]:
        refuse("engine", "Choose the engine the voice runs on.")
    elif problem := _engine_problem(values["service"], values["engine"]):
        refuse("engine", problem)
    if values["language"] not in AUDIO_LANGUAGES:
        refuse("language", "Choose one of the listed languages.")
    if values["age"] and values["age"] not in AGES:
        refuse("age", f"Choose {', '.join(AGES)} or leave it empty.")
    if values["gender"] and values["gender"] not in GENDERS:
        refuse("gender", f"Choose {', '.join(GENDERS)} or leave it empty.")
    if values["sample_url"] and not _URL.match(values["sample_url"]):
        refuse("sample_url", "Give the sample's full address, starting with https://.")
    return problems


def _body(values: dict) -> dict:
    body = {"name": values["name"], "service": values["service"], "engine": values["engine"],
            "language": values["language"]}
    optional = {"description": "description", "voiceId": "voice_id", "accent": "accent", "age": "age",
                "gender": "gender", "sample": "sample_url"}
    body.update({key: values[name] for key, name in optional.items() if values[name]})
    return body


def voices_forget() -> None:
    """Drop the cached voice list so the next page reads Pictory's list again."""
    key = f"pictory:voices:{pictory_mode()}"
    cache.delete_many([key, f"{key}:down"])


def voice_track_add(*, name: str, service: str, engine: str, language: str, description: str = "",
                    voice_id: str = "", accent: str = "", age: str = "", gender: str = "",
                    sample_url: str = "") -> Voice:
    """Add a custom voice track to the Pictory account; raises VoiceTrackRefused with what to fix."""
    values = {"name": single_line(name)[:120], "service": (service or "").strip(), "engine": (engine or "").strip(),
              "language": (language or "").strip(), "description": (description or "").strip()[:500],
              "voice_id": single_line(voice_id)[:200], "accent": single_line(accent)[:80],
              "age": (age or "").strip(), "gender": (gender or "").strip(), "sample_url": (sample_url or "").strip()}
    problems = _checked(values)
    if problems:
        raise VoiceTrackRefused("Nothing was sent to Pictory. Fix what is marked below.", problems)
    try:
        voice = client_from_settings().add_voice_track(_body(values))
    except ValueError as exc:  # the client's own check of the same rule
        raise VoiceTrackRefused(f"Nothing was sent to Pictory: {exc}", {"engine": [str(exc)]}) from exc
    except ValidationError as exc:
        fields: dict[str, list[str]] = {}
        for error in exc.fields:
            name_here = _FIELD_NAMES.get(error.name, error.name)
            fields.setdefault(name_here if name_here in values else "__all__", []).extend(
                error.messages or ["Pictory refused this value."])
        raise VoiceTrackRefused("Pictory refused the voice: fix what is marked below.", fields) from exc
    except PictoryError as exc:
        log.warning("Could not add a voice track: %s", exc.__class__.__name__)
        raise VoiceTrackRefused(pictory_error_text(exc)) from exc
    voices_forget()
    return voice
