"""Media for sandbox tests: small recordings made with the bundled ffmpeg, uploaded through the
media API, transcripts with known word times, and readers for what a render holds."""

import io
import re
import subprocess
from pathlib import Path

import imageio_ffmpeg
from PIL import Image

from .conftest import local_path

FFMPEG = imageio_ffmpeg.get_ffmpeg_exe()
SENTENCES = [
    "alpha bravo charlie",
    "delta echo foxtrot",
    "golf hotel india",
    "juliet kilo lima",
    "mike november oscar",
    "papa quebec romeo",
]
SENTENCE_SECONDS = 2.0


def make_media(path: Path, *, seconds: float, video: bool = True, tone: int | None = 440,
               size=(640, 360)) -> Path:
    """A recording: a moving test pattern (when `video`) and a sine tone (or silence)."""
    inputs = []
    if video:
        inputs += ["-f", "lavfi", "-i", f"testsrc2=size={size[0]}x{size[1]}:rate=25"]
    sound = f"sine=f={tone}:r=44100" if tone else "anullsrc=r=44100:cl=mono"
    inputs += ["-f", "lavfi", "-i", sound]
    codecs = ["-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-pix_fmt", "yuv420p"] if video else []
    subprocess.run(
        [FFMPEG, "-y", "-v", "error", *inputs, "-t", str(seconds), *codecs, "-c:a", "aac", str(path)],
        check=True, capture_output=True,
    )
    return path


def media_seconds(path) -> float:
    """A media file's length as ffmpeg reads it from the container."""
    info = subprocess.run([FFMPEG, "-hide_banner", "-i", str(path)], capture_output=True, text=True).stderr
    hours, minutes, seconds = re.search(r"Duration: (\d+):(\d+):(\d+\.\d+)", info).groups()
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def upload(api, client, name: str, content_type: str, data: bytes) -> str:
    """Store a file through the media API and the signed PUT; its permanent URL."""
    response = api.post("/v1/media/generateurl", {"fileName": name, "contentType": content_type})
    assert response.status_code == 200, response.content
    target = response.json()["data"]
    put = client.put(target["signedUrl"], data=data, content_type=content_type)
    assert put.status_code == 200, put.content
    return target["url"]


def upload_recording(api, client, tmp_path, name="talk.mp4", **options) -> str:
    path = make_media(tmp_path / name, **options)
    content_type = "video/mp4" if name.endswith(".mp4") else "audio/mp4"
    return upload(api, client, name, content_type, path.read_bytes())


def word_times(sentence: int, position: int) -> tuple[float, float]:
    """Where word `position` of sentence `sentence` is spoken in the recording."""
    start = sentence * SENTENCE_SECONDS + 0.2 + position * 0.55
    return round(start, 3), round(start + 0.45, 3)


def transcript(highlighted: set[int] | None = None) -> list[dict]:
    """The recording's transcript in the transcription job's shape; sentences in `highlighted`
    carry highlight: true (None: no highlight flags at all). Pauses sit between sentences."""
    sentences = []
    for index, text in enumerate(SENTENCES):
        words = []
        for position, word in enumerate(text.split()):
            start, end = word_times(index, position)
            item = {"uid": f"w{index}-{position}", "word": word, "start_time": start, "end_time": end,
                    "speakerId": 1, "sentence_index": index}
            if highlighted is not None:
                item["highlight"] = index in highlighted
            words.append(item)
        pause_start = words[-1]["end_time"]
        words.append({"uid": f"p{index}", "word": "", "is_pause": True, "pause_size": 0.45,
                      "start_time": pause_start, "end_time": round(pause_start + 0.45, 3),
                      "speakerId": 1, "sentence_index": index})
        sentences.append({"uid": f"s{index}", "speakerId": 1, "words": words})
    return sentences


def kept_seconds(highlighted: set[int]) -> float:
    """The rule written out for these sentences: runs of consecutive highlighted sentences play from
    their first word's start to their last word's end."""
    total, run = 0.0, []
    for index in [*range(len(SENTENCES)), None]:
        if index is not None and index in highlighted:
            run.append(index)
            continue
        if run:
            total += word_times(run[-1], 2)[1] - word_times(run[0], 0)[0]
            run = []
    return total


def kept_words(highlighted: set[int]) -> list[str]:
    return [word for index in sorted(highlighted) for word in SENTENCES[index].split()]


def media_scene(url: str, **extra) -> dict:
    return {"videoUrl": url, "audioLanguage": "en-US", **extra}


def loudness(path) -> tuple[float, float]:
    """(mean, max) volume of the audio track in dB, as ffmpeg's volumedetect measures it."""
    result = subprocess.run([FFMPEG, "-hide_banner", "-i", str(path), "-vn", "-af", "volumedetect",
                             "-f", "null", "-"], capture_output=True, text=True, check=False)
    mean = re.search(r"mean_volume: (-?[\d.]+|-inf) dB", result.stderr).group(1)
    peak = re.search(r"max_volume: (-?[\d.]+|-inf) dB", result.stderr).group(1)
    return float(mean.replace("-inf", "-999")), float(peak.replace("-inf", "-999"))


def frame_at(path, seconds: float) -> Image.Image:
    result = subprocess.run(
        [FFMPEG, "-v", "error", "-ss", f"{seconds:.3f}", "-i", str(path), "-frames:v", "1",
         "-f", "image2pipe", "-c:v", "png", "-"],
        capture_output=True, check=True,
    )
    return Image.open(io.BytesIO(result.stdout)).convert("RGB")


def file_text(client, url: str) -> str:
    return b"".join(client.get(url).streaming_content).decode()


def srt_words(text: str) -> list[str]:
    lines = [line for line in text.splitlines() if line and not line.isdigit() and "-->" not in line]
    return " ".join(lines).split()


def video_path(settings, data) -> Path:
    return local_path(settings, data["videoURL"])
