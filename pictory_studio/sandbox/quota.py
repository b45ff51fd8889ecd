"""Account usage as GET /v1/quota reports it; renders and transcriptions count once they complete."""

import re

from django.conf import settings
from django.db.models import Sum

from . import conf
from .models import JobKind, JobStatus, SandboxJob

# Credits per AI image, and per second of AI video (contract §5.10).
IMAGE_CREDITS = {"seedream3.0": 2.0, "flux-schnell": 0.6, "nanobanana": 4.0}
VIDEO_CREDITS_PER_SECOND = {"veo3.1": 20.0, "veo3.1_fast": 10.0, "pixverse5.5": 1.6}
AI_CREDITS_LIMIT = 1000
TRANSCRIPTION_MINUTES_LIMIT = 600
ELEVENLABS_MINUTES_LIMIT = 100


def ai_credits_for(storyboard: dict) -> float:
    """What the AI visuals of a storyboard cost (0 for stock and colour backgrounds)."""
    total = 0.0
    for scene in storyboard.get("scenes") or []:
        ai_visual = (scene.get("background") or {}).get("aiVisual")
        if not ai_visual:
            continue
        model = ai_visual.get("model", "seedream3.0")
        if model in VIDEO_CREDITS_PER_SECOND:
            digits = re.sub(r"\D", "", str(ai_visual.get("videoDuration", "")))
            seconds = float(digits or 5)
            total += VIDEO_CREDITS_PER_SECOND[model] * seconds
        else:
            total += IMAGE_CREDITS.get(model, 2.0)
    return round(total, 2)


def _completed_totals() -> dict:
    return SandboxJob.objects.filter(kind=JobKind.RENDER, status=JobStatus.COMPLETED).aggregate(
        seconds=Sum("video_seconds"), credits=Sum("ai_credits")
    )


def video_minutes_exhausted() -> bool:
    used_seconds = _completed_totals()["seconds"] or 0
    return used_seconds / 60 >= conf.video_minutes_limit()


def transcription_minutes_limit() -> float:
    """Monthly transcription minutes; once used up, new transcriptions fail INSUFFICIENT_CREDITS."""
    return float(getattr(settings, "PICTORY_SANDBOX_TRANSCRIPTION_MINUTES_LIMIT", TRANSCRIPTION_MINUTES_LIMIT))


def transcription_seconds_used() -> float:
    """The media length of every completed transcription."""
    done = SandboxJob.objects.filter(kind=JobKind.TRANSCRIPTION, status=JobStatus.COMPLETED)
    return done.aggregate(seconds=Sum("media_seconds"))["seconds"] or 0.0


def transcription_seconds_left() -> float:
    return max(0.0, transcription_minutes_limit() * 60 - transcription_seconds_used())


def transcription_minutes_exhausted() -> bool:
    return transcription_seconds_left() <= 0


def usage() -> dict:
    totals = _completed_totals()
    return {
        "videoMinutes": {
            "used": round((totals["seconds"] or 0) / 60, 2),
            "limit": conf.video_minutes_limit(),
        },
        "transcriptionMinutes": {
            "used": round(transcription_seconds_used() / 60, 2),
            "limit": transcription_minutes_limit(),
        },
        "elevenLabsVoiceOverMinutes": {"used": 0, "limit": ELEVENLABS_MINUTES_LIMIT},
        "aiCredits": {"used": round(totals["credits"] or 0, 2), "limit": AI_CREDITS_LIMIT},
    }
