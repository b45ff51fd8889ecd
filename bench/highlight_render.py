"""Highlight-cut benchmark: how fast the sandbox renders a 20 s highlight of a 60 s talk.

    .venv/bin/python bench/highlight_render.py
    BENCH_SOURCE_SECONDS=120 BENCH_CUT_SECONDS=40 .venv/bin/python bench/highlight_render.py

Makes a spoken 16:9 recording (1280×720, 25 fps): eSpeak NG reads sentences word by word, so
every word's time is known, over a moving ffmpeg test pattern. Writes its transcript in the
transcription job's shape, highlights every other sentence until about BENCH_CUT_SECONDS are
kept, and renders the cut to 9:16 (720×1280, the sandbox's output size) with the sandbox's
renderer, in process, on a throw-away media folder: once with the recording's own sound, once
with an AI voice reading the kept words and the music bed. Prints seconds of output per second
of processing (wall clock), the CPU seconds a render takes, and the load average, since other
work on the machine slows the wall clock. Target: at least 6× real time on an idle 2-core machine.
"""
import array
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "pictory_studio.settings.test"

import django  # noqa: E402

django.setup()

import imageio_ffmpeg  # noqa: E402
from django.conf import settings  # noqa: E402

from pictory_studio.sandbox import render, speech  # noqa: E402
from pictory_studio.sandbox.timeline import build_timeline  # noqa: E402

SOURCE_SECONDS = float(os.environ.get("BENCH_SOURCE_SECONDS", 60))
CUT_SECONDS = float(os.environ.get("BENCH_CUT_SECONDS", 20))
RUNS = int(os.environ.get("BENCH_RUNS", 3))
TARGET_SPEED = 6.0
VOICE = "en-us+m1"
WORD_GAP, SENTENCE_GAP = 0.08, 0.45
SENTENCES = [
    "Welcome everyone to this short session about planning a product launch",
    "We will start with the audience and what they need from us",
    "Then we look at the message and the channels that carry it",
    "Every launch needs a clear date and a small set of goals",
    "Our first goal is to reach people who already know the brand",
    "The second goal is to bring new visitors to the store",
    "Short videos work best for both of these goals",
    "Keep each clip under a minute and open with the strongest line",
    "Subtitles matter because most people watch without sound",
    "A consistent look helps viewers recognise the brand at once",
    "Measure what happens in the first week and adjust quickly",
    "Thank you for listening and good luck with your launch",
]


def _trimmed(samples: array.array, threshold: int = 300) -> array.array:
    """The samples without eSpeak's leading and trailing near-silence."""
    if not samples:
        return samples
    first = next((i for i, v in enumerate(samples) if abs(v) > threshold), 0)
    last = next((i for i in range(len(samples) - 1, -1, -1) if abs(samples[i]) > threshold), len(samples) - 1)
    return samples[first : last + 1]


def speak_talk(target_seconds: float) -> tuple[array.array, int, list[list[tuple[str, float, float]]]]:
    """The talk's samples, their rate, and its sentences as (word, start, end) lists."""
    engine = speech.engine()
    if engine is None:
        sys.exit("eSpeak NG is not available: the bench needs speech to make its recording")
    rate = engine.rate
    track = array.array("h")
    sentences = []
    cache: dict[str, array.array] = {}
    index = 0
    while len(track) / rate < target_seconds:
        words = []
        for word in SENTENCES[index % len(SENTENCES)].split():
            if word not in cache:
                cache[word] = _trimmed(engine.speak(word, voice=VOICE, wpm=170))
            start = len(track) / rate
            track.extend(cache[word])
            words.append((word, round(start, 3), round(len(track) / rate, 3)))
            track.extend(array.array("h", bytes(2 * int(WORD_GAP * rate))))
        track.extend(array.array("h", bytes(2 * int(SENTENCE_GAP * rate))))
        sentences.append(words)
        index += 1
    return track, rate, sentences


def make_source(folder: Path, seconds: float) -> tuple[Path, list]:
    samples, rate, sentences = speak_talk(seconds)
    wav = folder / "talk.wav"
    with wave.open(str(wav), "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(2)
        audio.setframerate(rate)
        audio.writeframes(samples.tobytes())
    source = folder / "talk.mp4"
    subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-y", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25",
         "-i", str(wav), "-shortest", "-c:v", "libx264", "-preset", "veryfast", "-g", "50", "-pix_fmt", "yuv420p",
         "-c:a", "aac", "-b:a", "96k", str(source)],
        check=True,
    )
    return source, sentences


def transcript(sentences: list, cut_seconds: float) -> tuple[list[dict], float]:
    """Every other sentence highlighted until about cut_seconds are kept; (transcript, seconds kept)."""
    kept, result = 0.0, []
    for number, words in enumerate(sentences):
        highlight = number % 2 == 1 and kept < cut_seconds
        if highlight:
            kept += words[-1][2] - words[0][1]
        result.append({
            "uid": f"s{number}",
            "speakerId": 1,
            "words": [
                {"uid": f"w{number}-{i}", "word": word, "start_time": start, "end_time": end, "speakerId": 1,
                 "sentence_index": number, "highlight": highlight}
                for i, (word, start, end) in enumerate(words)
            ],
        })
    return result, kept


def _cpu_seconds() -> float:
    """CPU time used so far by this process and the ffmpeg runs it waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(storyboard: dict, out_root: Path) -> tuple[float, list[float], list[float]]:
    """(output seconds, wall seconds per run, CPU seconds per run) of rendering the storyboard."""
    walls, cpus = [], []
    for run in range(RUNS):
        timeline = build_timeline(storyboard, seed=f"bench-{run}")
        started, cpu = time.perf_counter(), _cpu_seconds()
        render.render_video(timeline, out_root / f"run-{uuid.uuid4().hex}")
        walls.append(time.perf_counter() - started)
        cpus.append(_cpu_seconds() - cpu)
    return timeline.duration, walls, cpus


def report(label: str, seconds: float, walls: list[float], cpus: list[float]) -> bool:
    median = statistics.median(walls)
    speed = seconds / median
    print(f"{label}: {seconds:.1f} s of 720x1280 video; render {median:.2f} s median wall ({min(walls):.2f} s best) "
          f"over {len(walls)} runs → {speed:.1f}x real time (target ≥ {TARGET_SPEED:.0f}x); "
          f"{statistics.median(cpus):.2f} CPU s per run; load average {os.getloadavg()[0]:.1f}")
    return speed >= TARGET_SPEED


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-highlight-") as folder:
        folder = Path(folder)
        settings.PICTORY_SANDBOX_MEDIA_ROOT = folder / "media"
        holder = folder / "media" / str(uuid.uuid4())
        holder.mkdir(parents=True)
        source, sentences = make_source(holder, SOURCE_SECONDS)
        url = f"http://127.0.0.1/sandbox/files/{holder.name}/{source.name}"
        words, kept = transcript(sentences, CUT_SECONDS)
        duration = sentences[-1][-1][2]
        print(f"source: {duration:.1f} s, 1280x720 25 fps, {sum(len(s) for s in sentences)} words; "
              f"highlighted {kept:.1f} s in {sum(1 for s in words if s['words'][0]['highlight'])} sentences")
        storyboard = {
            "videoName": "Launch talk — teaser",
            "aspectRatio": "9:16",
            "language": "en",
            "scenes": [{"videoUrl": url, "audioLanguage": "en-US", "transcript": words,
                        "mediaRepurposeSettings": {"useHighlights": True}}],
        }
        ok = report("own sound", *measure(storyboard, folder / "out"))
        voiced = {**storyboard, "voiceOver": {"enabled": True, "aiVoices": [{"speaker": "Martin", "speed": 100}]},
                  "backgroundMusic": {"enabled": True, "autoMusic": True, "volume": 0.1}}
        ok = report("AI voice + music bed", *measure(voiced, folder / "out")) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
