"""A spoken MP4 made in the test itself: eSpeak NG reads sentences (with a pause between them)
over a moving test picture. It carries no words of its own, so transcribing it means listening."""
import array
import subprocess
import wave
from pathlib import Path

import imageio_ffmpeg

from pictory_studio.sandbox import speech

SENTENCES = [
    "Welcome to the spring product webinar.",
    "Today we show three new features for content teams.",
    "First, every video can use your brand kit.",
    "Second, subtitles follow your colours and your font.",
    "Finally, bulk videos are faster than ever before.",
    "Thank you for watching and see you next time.",
]
PAUSE_SECONDS = 0.9


def spoken_clip(path: Path, *, sentences=SENTENCES, size="640x360") -> list[tuple[str, float, float]]:
    """Write the clip; return each sentence with the seconds where it is spoken."""
    engine = speech.engine()
    if engine is None:
        raise RuntimeError("eSpeak NG is needed to make the spoken clip")
    track, spans, rate = array.array("h"), [], engine.rate
    for sentence in sentences:
        start = len(track) / rate
        track.extend(engine.speak(sentence, voice="en-us+m3", wpm=140))
        spans.append((sentence, round(start, 3), round(len(track) / rate, 3)))
        track.extend(array.array("h", bytes(2 * int(PAUSE_SECONDS * rate))))
    audio = path.with_suffix(".wav")
    with wave.open(str(audio), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(track.tobytes())
    seconds = len(track) / rate
    subprocess.run([
        imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc2=size={size}:rate=25",
        "-i", str(audio), "-t", f"{seconds:.3f}", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", "64k", "-movflags", "+faststart", str(path)], check=True, timeout=120)
    audio.unlink()
    return spans
