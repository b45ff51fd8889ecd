"""Transcription benchmark: how fast and how well the sandbox recognises English speech.

    .venv/bin/python bench/transcription_speed.py
    BENCH_VOICES=en-us+f2,en-us+m3 .venv/bin/python bench/transcription_speed.py
    BENCH_REPEAT=5 .venv/bin/python bench/transcription_speed.py     # 5 × the talk: long audio
    BENCH_DEFAULTS=1 .venv/bin/python bench/transcription_speed.py   # also PocketSphinx's defaults

For each eSpeak NG voice, makes about 80 s of English speech (twenty sentences of everyday
vocabulary, 0.6 s apart; BENCH_REPEAT times over) and muxes it into an MP4 with a still picture
and AAC sound, WITHOUT the spoken-words tag the sandbox's own renders carry, so the recogniser
must listen. Then runs the sandbox's recogniser on it in process (ffmpeg decode, silence cuts,
PocketSphinx) and prints seconds of audio per second of processing (wall clock; and CPU time of
this process: levels and decoder, not ffmpeg) and the share of the spoken words recognised in
order (longest common subsequence). BENCH_DEFAULTS=1 runs the same pipeline again with
PocketSphinx's default decoder settings, for comparison. eSpeak varies a little from run to run,
so shares move by a few points. Prints the load average, since other work on the machine slows
the wall clock. Target: at least 4× real time (6× on long audio) on a 2-core machine.
"""
import array
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import imageio_ffmpeg  # noqa: E402

from pictory_studio.sandbox import recognise, speech  # noqa: E402

VOICES = os.environ.get("BENCH_VOICES", "en-us+f2,en-us+m6,en-us+m3").split(",")
COMPARE_DEFAULTS = os.environ.get("BENCH_DEFAULTS") == "1"
REPEAT = int(os.environ.get("BENCH_REPEAT", 1))
TARGET_SPEED = 4.0
WORDS_PER_MINUTE = 150
PAUSE_SECONDS = 0.6
SENTENCES = [
    "Good morning and welcome to our meeting.",
    "Today we want to talk about the new video studio.",
    "You can upload a long recording and get the text in a few minutes.",
    "Then the studio finds the best parts for a short video.",
    "It keeps whole sentences and puts them in the right order.",
    "You can change the choice before you make the video.",
    "Our team uses it every week for sales and support.",
    "Customers asked for shorter clips that work on every phone.",
    "So we built a tool that finds the best moments in a long talk.",
    "The new video has subtitles and your logo in the corner.",
    "Every video can use your brand colours and your font.",
    "When you are happy, press render and wait a minute.",
    "The first version was slow, but the new one is much faster.",
    "We tested it with more than one hundred recordings last month.",
    "Most of them were meetings, interviews and short lessons.",
    "Some people speak fast, and some people speak very slowly.",
    "Please tell us what you think after the session.",
    "We will answer every question by email this week.",
    "There is also a short guide on our help page.",
    "Thank you for watching and see you next time.",
]


def plain(word: str) -> str:
    return re.sub(r"[^a-z']", "", word.lower())


def spoken_mp4(path: Path, voice: str) -> tuple[list[str], float]:
    """The talk read by `voice`, as an MP4 without spoken-words metadata; (words, seconds)."""
    engine = speech.engine()
    if engine is None:
        sys.exit("eSpeak NG is not available: nothing to benchmark")
    track = array.array("h")
    for sentence in SENTENCES * REPEAT:
        track.extend(engine.speak(sentence, voice=voice, wpm=WORDS_PER_MINUTE))
        track.extend(array.array("h", bytes(2 * int(PAUSE_SECONDS * engine.rate))))
    subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y", "-f", "s16le", "-ar", str(engine.rate), "-ac", "1",
         "-i", "-", "-f", "lavfi", "-i", "color=c=0x203040:size=640x360:rate=10", "-c:v", "libx264",
         "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-shortest", "-c:a", "aac", "-b:a", "96k", str(path)],
        input=track.tobytes(), check=True, timeout=300,
    )
    words = [plain(word) for sentence in SENTENCES * REPEAT for word in sentence.split()]
    return words, len(track) / engine.rate


def share_in_order(expected: list[str], heard: list[recognise.HeardWord]) -> float:
    """Longest common subsequence of the words, over the words spoken (a true LCS: difflib's
    matcher falls apart on a text said several times over)."""
    words = [plain(w.word) for w in heard]
    previous = [0] * (len(words) + 1)
    for spoken in expected:
        current = [0]
        for index, word in enumerate(words):
            current.append(previous[index] + 1 if word == spoken else max(previous[index + 1], current[index]))
        previous = current
    return previous[-1] / len(expected)


def measure(path: Path, work: Path) -> tuple[list[recognise.HeardWord], float, float]:
    """(words, wall seconds, decoder CPU seconds) of one recognition."""
    started, cpu_started = time.perf_counter(), time.process_time()
    heard = recognise.recognise_media(path, work)
    return heard, time.perf_counter() - started, time.process_time() - cpu_started


def use_settings(settings: dict) -> None:
    """Build the process's decoder with these settings now, so its making is not timed."""
    recognise.DECODER_SETTINGS = settings
    recognise._decoder = None
    with recognise._decoder_lock:
        recognise._shared_decoder()


def main() -> None:
    tuned = dict(recognise.DECODER_SETTINGS)
    configs = [("tuned", tuned)] + ([("pocketsphinx defaults", {"loglevel": "FATAL"})] if COMPARE_DEFAULTS else [])
    print(f"tuned decoder settings: {tuned}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-transcription-") as folder:
        work = Path(folder)
        for voice in VOICES:
            path = work / f"talk-{voice.replace('+', '-')}.mp4"
            expected, seconds = spoken_mp4(path, voice)
            for label, settings in configs:
                use_settings(settings)
                heard, wall, cpu = measure(path, work)
                share = share_in_order(expected, heard)
                rows.append((label, seconds, wall, share))
                print(f"{voice:10s} {label:22s} {seconds:5.1f} s of speech: {seconds / wall:5.1f}× real time "
                      f"(CPU {seconds / cpu:5.1f}×), {share:.0%} of {len(expected)} words recognised "
                      "in order", flush=True)
    for label, _ in configs:
        mine = [row for row in rows if row[0] == label]
        audio = sum(row[1] for row in mine)
        speed = audio / sum(row[2] for row in mine)
        share = sum(row[3] for row in mine) / len(mine)
        print(f"{label}, all voices: {audio:.0f} s of speech at {speed:.1f}× real time; "
              f"{share:.0%} of words recognised on average")
        if label == "tuned":
            verdict = "met" if speed >= TARGET_SPEED else "NOT met"
    print(f"load average: {' '.join(f'{value:.2f}' for value in os.getloadavg())}")
    print(f"target ≥ {TARGET_SPEED:g}× real time: {verdict}")


if __name__ == "__main__":
    main()
