"""The sandbox's voice-over catalogue (GET /v1/voiceovers/tracks) and speaker resolution."""

_SAMPLE = "https://sandbox.invalid/voice-samples/{voice}.mp3"


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
        "category": "standard" if service != "elevenlabs" else "premium",
        "sample": _SAMPLE.format(voice=voice),
        "ssmlHelp": "https://docs.aws.amazon.com/polly/latest/dg/supportedtags.html"
        if service == "aws"
        else "",
        "ssmlSupportCategory": "full" if service == "aws" else "none",
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


def resolve_speaker(speaker) -> dict | None:
    """Find a voice by numeric track id, then name (any case), then provider voice id."""
    text = str(speaker).strip()
    if text.isdigit():
        for voice in VOICES:
            if voice["id"] == int(text):
                return voice
    lowered = text.lower()
    for key in ("name", "voice"):
        for voice in VOICES:
            if voice[key].lower() == lowered:
                return voice
    return None
