"""SRT, WebVTT and plain-text transcripts whose cues follow the timeline."""

import textwrap

from .timeline import Cue, Timeline

LINE_WIDTH = 42


def _clock(seconds: float, separator: str) -> str:
    millis = max(0, round(seconds * 1000))
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def _cues(timeline: Timeline) -> list[Cue]:
    return [cue for scene in timeline.scenes for cue in scene.cues]


def _lines(text: str) -> str:
    return "\n".join(textwrap.wrap(text, LINE_WIDTH, break_on_hyphens=False)) or text


def srt(timeline: Timeline) -> str:
    blocks = [
        f"{number}\n{_clock(cue.start, ',')} --> {_clock(cue.end, ',')}\n{_lines(cue.text)}\n"
        for number, cue in enumerate(_cues(timeline), start=1)
    ]
    return "\n".join(blocks)


def vtt(timeline: Timeline) -> str:
    blocks = [
        f"{_clock(cue.start, '.')} --> {_clock(cue.end, '.')}\n{_lines(cue.text)}\n"
        for cue in _cues(timeline)
    ]
    return "WEBVTT\n\n" + "\n".join(blocks)


def transcript(timeline: Timeline) -> str:
    """The narration, one scene per line."""
    return "".join(f"{scene.narration}\n" for scene in timeline.scenes if scene.narration)
