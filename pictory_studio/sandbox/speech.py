"""Real narration for sandbox renders, spoken by eSpeak NG.

The engine and its voice data ship inside the `espeakng-loader` wheel, so speech works offline
on a fresh machine. Each narrated scene is spoken at the words-per-minute the duration rule
uses (150 × speed / 100); speech that would overrun its scene is spoken again faster, so the
video keeps the length the contract promises. Without the engine the track stays silent.
"""

import array
import ctypes
import logging
import threading
import wave
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

WORDS_PER_MINUTE = 150
MAX_WPM = 450
_RETRIEVAL = 1  # AUDIO_OUTPUT_RETRIEVAL: samples come back through the callback
_RATE_PARAMETER = 1  # espeakRATE
_LANGUAGES = {
    "en-us": "en-us", "en-gb": "en-gb", "en-au": "en-gb", "en-ie": "en-gb", "en-in": "en-gb",
    "en": "en-us", "fr": "fr-fr", "de": "de", "it": "it", "pt": "pt-br", "es": "es", "nl": "nl",
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
            self.lib.espeak_SetVoiceByName(voice.encode())
            self.lib.espeak_SetParameter(_RATE_PARAMETER, max(80, min(wpm, MAX_WPM)), 0)
            self.lib.espeak_Synth(data, len(data) + 1, 0, 0, 0, 0, None, None)
            self.lib.espeak_Synchronize()
            return self._samples


@lru_cache(maxsize=1)
def engine() -> _Engine | None:
    try:
        return _Engine()
    except (ImportError, OSError, AttributeError) as exc:
        log.warning("Sandbox narration is silent: eSpeak NG is not available (%s)", exc)
        return None


def voice_name(voice: dict | None, language: str) -> str:
    """eSpeak's voice for a sandbox voice: its language and accent, with a male or female variant."""
    code = ((voice or {}).get("language") or language or "en").lower()
    base = _LANGUAGES.get(code) or _LANGUAGES.get(code.split("-")[0], "en-us")
    gender = ((voice or {}).get("gender") or "").lower()
    return base + ("+f3" if gender == "female" else "+m3")


def _spoken(speaker: _Engine, text: str, *, voice: str, wpm: int, seconds: float) -> array.array:
    """The scene's speech, faster when it would overrun the scene; cut at the scene's end at worst."""
    limit = int(seconds * speaker.rate)
    samples = speaker.speak(text, voice=voice, wpm=wpm)
    if len(samples) > limit and wpm < MAX_WPM:
        samples = speaker.speak(text, voice=voice, wpm=int(wpm * len(samples) / max(limit, 1) * 1.05) + 1)
    return samples[:limit]


def write_narration(timeline, path: Path) -> bool:
    """A mono WAV with each narrated scene spoken from its start; False when there is no engine."""
    speaker = engine()
    if speaker is None:
        return False
    track = array.array("h", bytes(2 * int(timeline.duration * speaker.rate + 1)))
    for scene in timeline.scenes:
        if scene.voice is None or not scene.narration.strip():
            continue
        wpm = int(WORDS_PER_MINUTE * scene.speed / 100)
        samples = _spoken(speaker, scene.narration, voice=voice_name(scene.voice, timeline.language), wpm=wpm,
                          seconds=scene.duration)
        start = int(scene.start * speaker.rate)
        end = min(start + len(samples), len(track))
        track[start:end] = samples[: end - start]
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(2)
        audio.setframerate(speaker.rate)
        audio.writeframes(track.tobytes())
    return True
