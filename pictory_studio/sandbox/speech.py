"""Real narration for sandbox renders, spoken by eSpeak NG.

The engine and its voice data ship inside the `espeakng-loader` wheel, so speech works offline
on a fresh machine. Each narrated scene is spoken at the words-per-minute the duration rule
uses (150 × speed / 100); speech that would overrun its scene is spoken again faster, so the
video keeps the length the contract promises. Without the engine the track stays silent.

Each sandbox voice speaks with its own eSpeak variant (male m1–m7, female f1–f5), picked
from its track id (or name), so two voices of one language sound different.
"""

import array
import ctypes
import logging
import threading
import zlib
from pathlib import Path

log = logging.getLogger(__name__)

WORDS_PER_MINUTE = 150
MAX_WPM = 450
DEFAULT_RATE = 22050  # eSpeak NG's own rate; tracks keep it when the engine is missing
MALE_VARIANTS = tuple(f"m{number}" for number in range(1, 8))
FEMALE_VARIANTS = tuple(f"f{number}" for number in range(1, 6))
SILENT_NOTE = "Narration is silent: the speech engine is not available on this machine"
_RETRIEVAL = 1  # AUDIO_OUTPUT_RETRIEVAL: samples come back through the callback
_RATE_PARAMETER = 1  # espeakRATE
_LANGUAGES = {
    # eSpeak NG's own names: British English is "en" (not "en-gb"), French is "fr".
    "en-us": "en-us", "en-gb": "en", "en-au": "en", "en-ie": "en", "en-in": "en",
    "en": "en-us", "fr": "fr", "de": "de", "it": "it", "pt": "pt-br", "es": "es", "nl": "nl",
    "hi": "hi", "ru": "ru", "ja": "ja", "ko": "ko", "zh": "cmn", "ta": "ta", "mr": "mr",
}
_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)


class _Engine:
    """One eSpeak NG instance per process; it keeps global state, so calls take turns."""

    def __init__(self):
        import espeakng_loader

        self.lock = threading.Lock()
        self.lib = ctypes.CDLL(espeakng_loader.get_library_path())
        self.rate = self.lib.espeak_Initialize(_RETRIEVAL, 0, espeakng_loader.get_data_path().encode(), 0)
        if self.rate <= 0:
            raise OSError("eSpeak NG did not start")
        self._samples = array.array("h")

        @_CALLBACK
        def collect(wav, count, _events):
            if wav and count > 0:
                self._samples.extend(wav[:count])
            return 0

        self._collect = collect  # kept alive as long as the engine
        self.lib.espeak_SetSynthCallback(collect)

    def speak(self, text: str, *, voice: str, wpm: int) -> array.array:
        data = text.encode("utf-8")
        with self.lock:
            self._samples = array.array("h")
            if self.lib.espeak_SetVoiceByName(voice.encode()) != 0:
                # An unknown name would leave the previous voice speaking; fall back to its language.
                base = voice.split("+")[0].split("-")[0] or "en"
                if self.lib.espeak_SetVoiceByName(base.encode()) != 0:
                    self.lib.espeak_SetVoiceByName(b"en")
            self.lib.espeak_SetParameter(_RATE_PARAMETER, max(80, min(wpm, MAX_WPM)), 0)
            self.lib.espeak_Synth(data, len(data) + 1, 0, 0, 0, 0, None, None)
            self.lib.espeak_Synchronize()
            return self._samples


_STARTING = threading.Lock()
_started: list[_Engine | None] = []


def engine() -> _Engine | None:
    """The process's one engine, started on first use. Renders finish on several threads at
    once: two engines would both initialise eSpeak's global state and swap its callback under
    each other (a hang or a crash), so starting it takes a lock."""
    if _started:
        return _started[0]
    with _STARTING:
        if not _started:
            try:
                _started.append(_Engine())
            except (ImportError, OSError, AttributeError) as exc:
                log.warning("Sandbox narration is silent: eSpeak NG is not available (%s)", exc)
                _started.append(None)
    return _started[0]


def available() -> bool:
    """Whether narration can be spoken on this machine."""
    return engine() is not None


def _variant(voice: dict, variants: tuple[str, ...]) -> str:
    """A stable variant per voice: from its numeric track id, else from its name."""
    track_id = voice.get("id")
    if isinstance(track_id, int) and not isinstance(track_id, bool):
        number = track_id
    elif str(track_id or "").isdigit():
        number = int(track_id)
    else:
        number = zlib.crc32(str(voice.get("name") or voice.get("voice") or "").lower().encode())
    return variants[number % len(variants)]


def voice_name(voice: dict | None, language: str) -> str:
    """eSpeak's voice for a sandbox voice: its language and accent, with a variant of its gender
    that is its own."""
    code = ((voice or {}).get("language") or language or "en").lower()
    base = _LANGUAGES.get(code) or _LANGUAGES.get(code.split("-")[0], "en-us")
    female = ((voice or {}).get("gender") or "").lower() == "female"
    variants = FEMALE_VARIANTS if female else MALE_VARIANTS
    return f"{base}+{_variant(voice or {}, variants)}"


def spoken(text: str, *, voice: str, wpm: int, seconds: float) -> array.array:
    """The text spoken within `seconds`: faster when it would overrun, cut at the end at worst;
    empty without the engine."""
    speaker = engine()
    if speaker is None or not text.strip():
        return array.array("h")
    limit = int(seconds * speaker.rate)
    samples = speaker.speak(text, voice=voice, wpm=wpm)
    if len(samples) > limit and wpm < MAX_WPM:
        samples = speaker.speak(text, voice=voice, wpm=int(wpm * len(samples) / max(limit, 1) * 1.05) + 1)
    return samples[:limit]


def rate() -> int:
    speaker = engine()
    return speaker.rate if speaker else DEFAULT_RATE


def write_narration(timeline, path: Path) -> bool:
    """A mono WAV of the timeline's narration (speech and voice-over files); False, with nothing
    written, when there is neither a speech engine nor a voice-over file."""
    from . import narration  # narration builds on this module

    if engine() is None and not timeline.external_voices:
        return False
    narration.write_wav(narration.narrate(timeline), path)
    return True
