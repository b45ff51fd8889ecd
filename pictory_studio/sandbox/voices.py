"""Voice-over tracks (contract §5.7): the fixed catalogue, tracks added through
POST /v1/voiceovers/tracks, their playable samples, and speaker resolution.

Tracks are shown with a `sample` URL on the sandbox (/sandbox/voice-samples/<id>.mp3, or .wav
when ffmpeg has no MP3 encoder); an added track given a sandbox media URL as its sample keeps it.
"""

from collections.abc import Callable

from django.urls import reverse
from django.utils import timezone

from . import enums, storage, voice_samples
from .fields import Bool, FieldErrors, Num, Obj, Str
from .models import SandboxVoiceTrack

UrlFor = Callable[[str], str]
AWS_SSML_HELP = "https://docs.aws.amazon.com/polly/latest/dg/supportedtags.html"


def _service_fields(service: str) -> dict:
    return {
        "category": "standard" if service != "elevenlabs" else "premium",
        "ssmlHelp": AWS_SSML_HELP if service == "aws" else "",
        "ssmlSupportCategory": "full" if service == "aws" else "none",
    }


def _voice(track_id, name, voice, gender, accent, language, service="aws", engine="neural"):
    return {
        "id": track_id,
        "name": name,
        "voice": voice,
        "gender": gender,
        "accent": accent,
        "language": language,
        "engine": engine,
        "service": service,
        **_service_fields(service),
    }


VOICES = [
    _voice(1001, "Martin", "Matthew", "Male", "American", "en-US"),
    _voice(1002, "Jackson", "Joey", "Male", "American", "en-US"),
    _voice(
        1003,
        "Adam",
        "pNInz6obpgDQGcFmaJgB",
        "Male",
        "American",
        "en-US",
        service="elevenlabs",
        engine="eleven_multilingual_v2",
    ),
    _voice(1004, "Olivia", "Olivia", "Female", "Australian", "en-AU"),
    _voice(1005, "Emma", "Emma", "Female", "British", "en-GB"),
    _voice(1006, "Brian", "Brian", "Male", "British", "en-GB"),
    _voice(1007, "Joanna", "Joanna", "Female", "American", "en-US"),
    _voice(
        1008,
        "Aria",
        "en-US-Neural2-F",
        "Female",
        "American",
        "en-US",
        service="google",
        engine="Neural2",
    ),
    _voice(1009, "Kajal", "Kajal", "Female", "Indian", "en-IN"),
    _voice(1101, "Tim", "Ruben", "Male", "Dutch", "nl-NL", engine="standard"),
    _voice(1102, "Gabriel", "Remi", "Male", "French", "fr-FR"),
    _voice(1103, "Wilbur", "Daniel", "Male", "German", "de-DE"),
    _voice(1104, "Marco", "Adriano", "Male", "Italian", "it-IT"),
    _voice(1105, "Aurelio", "Thiago", "Male", "Brazilian", "pt-BR"),
    _voice(1106, "Hugo", "Sergio", "Male", "Castilian", "es-ES"),
]

# Default narrator per script language; hi and ru fall back to English, others have none.
DEFAULT_SPEAKERS = {
    "en": "Martin",
    "nl": "Tim",
    "fr": "Gabriel",
    "de": "Wilbur",
    "it": "Marco",
    "pt": "Aurelio",
    "es": "Hugo",
    "hi": "Martin",
    "ru": "Martin",
}



def _check_engine(body, path, errors):
    service, engine = body.get("service"), body.get("engine")
    allowed = enums.VOICE_ENGINES.get(service) if isinstance(service, str) else None
    if allowed and isinstance(engine, str) and engine.strip() and engine not in allowed:
        errors.add("engine", f"must be one of: {', '.join(allowed)} for service {service}")


TRACK_BODY = Obj(
    {
        "name": Str(max_length=100, not_blank=True),
        "description": Str(max_length=1000),
        "engine": Str(max_length=40, not_blank=True),
        "service": Str(choices=tuple(enums.VOICE_ENGINES)),
        "language": Str(
            pattern=r"[a-z]{2,3}(-[A-Z]{2})?", pattern_message="must be a language code such as en-US"
        ),
        "voiceId": Str(max_length=200, not_blank=True),
        "accent": Str(max_length=100),
        "age": Str(choices=enums.VOICE_AGES),
        "gender": Str(choices=enums.VOICE_GENDERS),
        "sample": Str(max_length=500, url=True),
        "publicUserId": Str(max_length=200),
        "elevenlabsVoiceSettings": Obj(
            {
                "similarityBoost": Num(minimum=0, maximum=1),
                "stability": Num(minimum=0, maximum=1),
                "useSpeakerBoost": Bool(),
            }
        ),
    },
    required=("name", "engine", "service", "language"),
    checks=[_check_engine],
)


def _added_track(track: SandboxVoiceTrack) -> dict:
    """An added track in the list's shape, without its sample URL."""
    return {
        "id": track.track_id,
        "name": track.name,
        "voice": track.voice_id or track.name,
        "gender": track.gender,
        "accent": track.accent,
        "language": track.language,
        "engine": track.engine,
        "service": track.service,
        **_service_fields(track.service),
    }


def _sample_url(track: dict, url_for: UrlFor) -> str:
    path = reverse("sandbox:voice_sample", kwargs={"track_id": track["id"], "ext": voice_samples.extension()})
    return url_for(path)


def _shown(track: dict, url_for: UrlFor, given_sample: str = "") -> dict:
    sample = given_sample if given_sample and storage.local_path_for_url(given_sample) else _sample_url(track, url_for)
    return {**track, "sample": sample}


def track_list(url_for: UrlFor) -> list[dict]:
    """GET /v1/voiceovers/tracks: the catalogue, then the added tracks in creation order."""
    added = [_shown(_added_track(track), url_for, track.sample) for track in SandboxVoiceTrack.objects.all()]
    return [*(_shown(voice, url_for) for voice in VOICES), *added]


def _added_by_id(track_id: int) -> SandboxVoiceTrack | None:
    pk = track_id - SandboxVoiceTrack.TRACK_ID_BASE
    if not 0 < pk < 2**62:  # beyond any row, and beyond what the database takes as an integer
        return None
    return SandboxVoiceTrack.objects.filter(pk=pk).first()


def track_by_id(track_id: int) -> dict | None:
    """A catalogue or added track by its API id (without its sample URL)."""
    for voice in VOICES:
        if voice["id"] == track_id:
            return voice
    track = _added_by_id(track_id)
    return _added_track(track) if track else None


def _name_taken(name: str) -> bool:
    wanted = name.strip().lower()
    if any(voice["name"].lower() == wanted for voice in VOICES):
        return True
    return SandboxVoiceTrack.objects.filter(name__iexact=name.strip()).exists()


def track_create(*, body, url_for: UrlFor) -> tuple[dict | None, list[dict]]:
    """POST /v1/voiceovers/tracks: (the track as listed, []) or (None, field errors)."""
    errors = FieldErrors()
    cleaned = TRACK_BODY.clean(body, "", errors)
    name = cleaned.get("name") if isinstance(cleaned, dict) else None
    if isinstance(name, str) and name.strip() and _name_taken(name):
        errors.add("name", f"a voice track named '{name.strip()}' already exists")
    if errors:
        return None, errors.items
    track = SandboxVoiceTrack.objects.create(
        name=cleaned["name"].strip(),
        engine=cleaned["engine"],
        service=cleaned["service"],
        language=cleaned["language"],
        description=cleaned.get("description", ""),
        voice_id=cleaned.get("voiceId", "").strip(),
        accent=cleaned.get("accent", ""),
        age=cleaned.get("age", ""),
        gender=cleaned.get("gender", ""),
        sample=cleaned.get("sample", ""),
        public_user_id=cleaned.get("publicUserId", ""),
        elevenlabs_settings=cleaned.get("elevenlabsVoiceSettings"),
        created_at=timezone.now(),
    )
    return _shown(_added_track(track), url_for, track.sample), []


def resolve_speaker(speaker) -> dict | None:
    """Find a voice by numeric track id, then name (any case), then provider voice id; the
    catalogue first, then the added tracks."""
    text = str(speaker).strip()
    if not text:
        return None
    if text.isdigit():
        return track_by_id(int(text))
    lowered = text.lower()
    for key in ("name", "voice"):
        for voice in VOICES:
            if voice[key].lower() == lowered:
                return voice
    track = SandboxVoiceTrack.objects.filter(name__iexact=text).first()
    track = track or SandboxVoiceTrack.objects.filter(voice_id__iexact=text).exclude(voice_id="").first()
    return _added_track(track) if track else None
