"""English speech made in the test itself, for the recogniser: eSpeak NG reads sentences with a
pause between them, muxed into an MP4 that carries no words of its own. Returns where each word
is spoken (words are timed within their sentence by their letters)."""

import array
import re
import subprocess
from pathlib import Path

import imageio_ffmpeg

from pictory_studio.sandbox import speech

SENTENCES = [
    "Good morning and welcome to our meeting.",
    "Today we want to talk about the new video studio.",
    "You can upload a long recording and get the text in a few minutes.",
    "Then the studio finds the best parts for a short video.",
    "It keeps whole sentences and puts them in the right order.",
    "You can change the choice before you make the video.",
    "Our team uses it every week for sales and support.",
    "Thank you for watching and see you next time.",
]
# eSpeak's US female voice f2: the recogniser hears 59–79 % of these words (eSpeak varies a little
# from run to run); its male voices fare worse (about 35–60 %).
VOICE = "en-us+f2"
WORDS_PER_MINUTE = 150
PAUSE_SECONDS = 0.8


def plain(word: str) -> str:
    return re.sub(r"[^a-z']", "", word.lower())


def english_clip(path: Path, *, sentences=SENTENCES, video: bool = True) -> list[tuple[str, float]]:
    """Write the clip (MP4 with a picture, or M4A); return (plain word, second it starts) in order."""
    engine = speech.engine()
    if engine is None:
        raise RuntimeError("eSpeak NG is needed to make the spoken clip")
    track, spoken, rate = array.array("h"), [], engine.rate
    for sentence in sentences:
        start = len(track) / rate
        track.extend(engine.speak(sentence, voice=VOICE, wpm=WORDS_PER_MINUTE))
        seconds = len(track) / rate - start
        words = sentence.split()
        letters = sum(len(word) for word in words)
        at = start
        for word in words:
            spoken.append((plain(word), round(at, 3)))
            at += seconds * len(word) / letters
        track.extend(array.array("h", bytes(2 * int(PAUSE_SECONDS * rate))))
    picture = ["-f", "lavfi", "-i", "color=c=0x203040:size=320x180:rate=10"] if video else []
    codecs = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-shortest"] if video else []
    subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y", "-f", "s16le", "-ar", str(rate), "-ac", "1",
         "-i", "-", *picture, *codecs, "-c:a", "aac", "-b:a", "64k", str(path)],
        input=track.tobytes(), check=True, timeout=120,
    )
    return spoken
