"""How long a storyboard will play, from its words.

Pictory's narrators read about 150 words a minute at speed 100; a scene lasts as long as
its narration plus a short pause, and never less than its minimum duration.
"""
from dataclasses import dataclass

WORDS_PER_MINUTE = 150
END_PAUSE_SECONDS = 0.5
SILENT_SCENE_SECONDS = 3.0


def word_count(text: str) -> int:
    return len(text.split())


def scene_seconds(*, narration: str, voice_speed: int = 100, minimum_duration: float | None = None) -> float:
    words = word_count(narration)
    if words == 0:
        return float(minimum_duration or SILENT_SCENE_SECONDS)
    speed = max(voice_speed, 1) / 100
    seconds = words / (WORDS_PER_MINUTE * speed) * 60 + END_PAUSE_SECONDS
    return max(seconds, minimum_duration or 0.0)


@dataclass(frozen=True)
class SceneFigures:
    words: int
    seconds: float


def format_seconds(seconds: float) -> str:
    """12.4 -> '0:12'; 75 -> '1:15'."""
    total = int(round(seconds))
    return f"{total // 60}:{total % 60:02d}"
