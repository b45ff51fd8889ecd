"""One ffmpeg run that composes a whole sandbox video.

The picture is a sequence of parts joined by ffmpeg's concat filter:

* a run of still scenes (story scenes, audio scenes, recordings without a picture): one PNG per
  subtitle cue or gap, played by the concat demuxer (subtitles and overlays drawn in);
* a video cut: each kept segment of the recording read with an input seek, scaled to cover the
  frame and centre-cropped, joined; then the scene's overlays (logo, image elements) and its
  subtitle cues, drawn by Pillow on transparent layers cropped to what they cover, are laid
  over it.

Every part and every segment is cut to whole frames on one grid (frame n at n / fps from the
start of the video), and its sound to the matching samples, so picture and sound stay together
across any number of cuts. The sound is the recordings' own (where they play it; silence
elsewhere), plus the narration track, plus the music, summed.
"""

import io
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import imageio_ffmpeg
from PIL import Image

from . import frames, music, spoken_words
from .timeline import Scene, Timeline

STILL_FPS = 12
VIDEO_FPS = 24
AUDIO_RATE = 44100
SEEK_MARGIN = 0.5  # seconds read past a segment, so the last frames and samples are there
# Recordings read at once in one run: each open input holds decoded frames (about 15 MB at 720p),
# so a video with more segments joins them in batches first.
MAX_SEGMENT_INPUTS = 24
# Subtitles sit at the bottom by default, so the top row is tried first, its middle included.
LABEL_CORNERS = ("top-right", "top-left", "top-center", "bottom-right", "bottom-left")


class ComposeError(Exception):
    pass


def fps_for(timeline: Timeline) -> int:
    return VIDEO_FPS if any(_is_video_cut(scene) for scene in timeline.scenes) else STILL_FPS


def _is_video_cut(scene: Scene) -> bool:
    return scene.media is not None and scene.media.kind == "video"


def _plays_source_sound(scene: Scene) -> bool:
    return scene.media is not None and scene.voice is None and scene.media.info.has_audio


@dataclass
class Grid:
    fps: int

    def frame(self, seconds: float) -> int:
        return round(seconds * self.fps)

    def sample(self, frame: int) -> int:
        return round(frame * AUDIO_RATE / self.fps)


@dataclass
class _Graph:
    inputs: list[list[str]] = field(default_factory=list)
    chains: list[str] = field(default_factory=list)
    count: int = 0

    def input(self, args: list[str]) -> int:
        self.inputs.append(args)
        return len(self.inputs) - 1

    def label(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}"

    def join(self, labels: list[str], *, video: bool, prefix: str) -> str:
        """Concatenate streams of one kind; a single stream is passed through."""
        if len(labels) == 1:
            return labels[0]
        out = self.label(prefix)
        kind = "v=1:a=0" if video else "v=0:a=1"
        self.chains.append("".join(f"[{label}]" for label in labels) + f"concat=n={len(labels)}:{kind}[{out}]")
        return out


# --- still scenes ------------------------------------------------------------------------------


def _label_corner(scene: Scene) -> str | None:
    """The first corner not taken by the caption or a logo/element placed there; None if all are."""
    taken = {overlay.position for overlay in scene.look.overlays if overlay.top is None and overlay.left is None}
    if scene.backdrop.caption:
        taken.add("top-left")
    return next((corner for corner in LABEL_CORNERS if corner not in taken), None)


def cue_spans(scene: Scene) -> list[tuple[str, float]]:
    """(subtitle text, seconds) covering the whole scene; "" where no cue is up."""
    spans, cursor = [], scene.start
    for cue in scene.cues:
        if cue.start > cursor + 0.001:
            spans.append(("", cue.start - cursor))
        if cue.end > max(cue.start, cursor):
            spans.append((cue.text, cue.end - max(cue.start, cursor)))
        cursor = max(cursor, cue.end)
    if scene.end > cursor + 0.001:
        spans.append(("", scene.end - cursor))
    return spans or [("", scene.duration)]


def still_frames(scene: Scene, size: tuple[int, int], total: int, work: Path) -> list[tuple[Path, float]]:
    """One PNG per subtitle cue (or gap) of a still scene, with its duration."""
    corner = _label_corner(scene)
    label = f"Sandbox · scene {scene.index + 1}/{total}" if corner else ""
    text = "" if scene.media is not None else scene.display_text
    base = frames.scene_base(size, scene.backdrop, text, label, corner or "top-right")
    base = frames.with_overlays(base, scene.look.overlays)
    written = []
    for number, (cue, seconds) in enumerate(cue_spans(scene)):
        image = base if scene.hide_subtitles else frames.with_subtitle(base, cue, scene.look.subtitle)
        path = work / f"scene{scene.index:04d}_{number:03d}.png"
        image.save(path, compress_level=1)
        written.append((path, seconds))
    return written


def concat_list(entries: list[tuple[Path, float]], listing: Path) -> Path:
    lines = ["ffconcat version 1.0"]
    for path, seconds in entries:
        lines += [f"file '{path.name}'", f"duration {seconds:.3f}"]
    # The concat demuxer ignores the last duration unless the last file is listed again.
    lines.append(f"file '{entries[-1][0].name}'")
    listing.write_text("\n".join(lines) + "\n")
    return listing


def _still_part(graph: _Graph, scenes: list[Scene], frames_count: int, context: "_Context") -> str:
    entries = []
    for scene in scenes:
        entries += still_frames(scene, context.size, context.total_scenes, context.work)
    context.first_still = context.first_still or entries[0][0]
    listing = concat_list(entries, context.work / f"stills{scenes[0].index:04d}.ffconcat")
    index = graph.input(["-f", "concat", "-safe", "0", "-i", str(listing)])
    out = graph.label("v")
    graph.chains.append(
        f"[{index}:v]fps={context.grid.fps},scale={context.size[0]}:{context.size[1]},setsar=1,format=yuv420p,"
        f"tpad=stop_mode=clone:stop=-1,trim=end_frame={frames_count}[{out}]"
    )
    return out


# --- video cuts --------------------------------------------------------------------------------


def _cover(width: int, height: int) -> str:
    """Scale to cover width×height and crop the centre (cropping first keeps scaling cheap)."""
    return (
        f"crop=w='min(iw,ih*{width}/{height})':h='min(ih,iw*{height}/{width})',"
        f"scale={width}:{height}:flags=bilinear,setsar=1"
    )


def _even_box(box: tuple[int, int, int, int], size: tuple[int, int]) -> tuple[int, int, int, int]:
    """The box grown to even edges (the picture's colour planes are half size)."""
    left, top, right, bottom = box
    return left // 2 * 2, top // 2 * 2, min(size[0], (right + 1) // 2 * 2), min(size[1], (bottom + 1) // 2 * 2)


def _layer_input(graph: _Graph, layers: list[tuple[Image.Image, float]], name: str, work: Path):
    """Crop transparent layers to what any of them covers and play them in order;
    (input index, x, y), or None when they are all empty."""
    boxes = [image.getchannel("A").getbbox() for image, _ in layers]
    boxes = [box for box in boxes if box]
    if not boxes:
        return None
    size = layers[0][0].size
    box = _even_box(
        (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)), size
    )
    entries = []
    for number, (image, seconds) in enumerate(layers):
        path = work / f"{name}_{number:03d}.png"
        image.crop(box).save(path, compress_level=1)
        entries.append((path, seconds))
    listing = concat_list(entries, work / f"{name}.ffconcat")
    return graph.input(["-f", "concat", "-safe", "0", "-i", str(listing)]), box[0], box[1]


def _overlaid(graph: _Graph, video: str, layer, *, last: bool = False) -> str:
    if layer is None:
        return video
    index, x, y = layer
    out = graph.label("v")
    graph.chains.append(
        f"[{video}][{index}:v]overlay=x={x}:y={y}:format=yuv420:eof_action=repeat{',format=yuv420p' if last else ''}"
        f"[{out}]"
    )
    return out


def _segment_frames(scene: Scene, grid: Grid) -> list[tuple[float, float, int, int]]:
    """(source start, source seconds, first output frame, frame count) of each kept segment."""
    cut = scene.media
    rows = []
    for offset, segment in zip(cut.offsets(), cut.segments, strict=True):
        first = grid.frame(scene.start + offset)
        count = grid.frame(scene.start + offset + segment.duration) - first
        if count > 0:
            rows.append((segment.start, segment.duration, first, count))
    return rows


def _seek_inputs(graph: _Graph, scene: Scene, rows) -> list[tuple[int, int, int]]:
    """(input index, first frame, frame count) per segment: the recording read from its start."""
    path = str(scene.media.path)
    return [
        (graph.input(["-ss", f"{start:.3f}", "-t", f"{seconds + SEEK_MARGIN:.3f}", "-i", path]), first, count)
        for start, seconds, first, count in rows
    ]


def _cut_picture(graph: _Graph, index: int, count: int, size: tuple[int, int], fps: int) -> str:
    out = graph.label("s")
    graph.chains.append(
        f"[{index}:v]setpts=PTS-STARTPTS,fps={fps},{_cover(*size)},format=yuv420p,"
        f"tpad=stop_mode=clone:stop=-1,trim=end_frame={count}[{out}]"
    )
    return out


def _cut_sound(graph: _Graph, index: int, samples: int) -> str:
    out = graph.label("a")
    graph.chains.append(f"[{index}:a]asetpts=PTS-STARTPTS,{_stereo(samples)}[{out}]")
    return out


def _segment_inputs(graph: _Graph, scene: Scene, context: "_Context") -> list[tuple[int, int, int]]:
    """(input index, first frame, frame count) of what plays a media scene's segments: the
    recording itself, or pieces joined beforehand when the video has many segments."""
    rows = _segment_frames(scene, context.grid)
    if not context.batched or scene.media.kind != "video":
        return _seek_inputs(graph, scene, rows)
    inputs = []
    for number, start in enumerate(range(0, len(rows), MAX_SEGMENT_INPUTS)):
        batch = rows[start : start + MAX_SEGMENT_INPUTS]
        piece = _join_batch(scene, batch, context, context.work / f"piece{scene.index:04d}_{number:03d}.mkv")
        inputs.append((graph.input(["-i", str(piece)]), batch[0][2], sum(row[3] for row in batch)))
    return inputs


def _join_batch(scene: Scene, rows, context: "_Context", target: Path) -> Path:
    """Some segments cut, covered and joined into one nearly lossless piece (sound as PCM)."""
    graph, grid = _Graph(), context.grid
    inputs = _seek_inputs(graph, scene, rows)
    pictures = [_cut_picture(graph, index, count, context.size, grid.fps) for index, _, count in inputs]
    maps = ["-map", f"[{graph.join(pictures, video=True, prefix='vc')}]"]
    if scene.media.info.has_audio:
        sounds = [_cut_sound(graph, index, grid.sample(first + count) - grid.sample(first))
                  for index, first, count in inputs]
        maps += ["-map", f"[{graph.join(sounds, video=False, prefix='ac')}]"]
    _run(graph, [*maps, "-c:v", "libx264", "-preset", "ultrafast", "-crf", "12", "-c:a", "pcm_s16le", str(target)])
    return target


def _video_part(graph: _Graph, scene: Scene, inputs, context: "_Context") -> str:
    pieces = [_cut_picture(graph, index, count, context.size, context.grid.fps) for index, _, count in inputs]
    video = graph.join(pieces, video=True, prefix="vc")
    empty = frames.transparent(context.size)
    static = _layer_input(
        graph, [(frames.with_overlays(empty, scene.look.overlays), scene.duration)], f"overlay{scene.index:04d}",
        context.work,
    )
    cues = None
    if not scene.hide_subtitles and scene.cues:
        layers = [(frames.with_subtitle(empty, text, scene.look.subtitle), s) for text, s in cue_spans(scene)]
        cues = _layer_input(graph, layers, f"cues{scene.index:04d}", context.work)
    video = _overlaid(graph, video, static, last=cues is None)
    return _overlaid(graph, video, cues, last=True)


# --- sound -------------------------------------------------------------------------------------


def _silence(graph: _Graph, samples: int) -> str:
    out = graph.label("a")
    graph.chains.append(f"anullsrc=r={AUDIO_RATE}:cl=stereo,atrim=end_sample={samples}[{out}]")
    return out


def _stereo(samples: int) -> str:
    return (
        f"aresample={AUDIO_RATE},aformat=sample_fmts=fltp:channel_layouts=stereo,"
        f"apad=whole_len={samples},atrim=end_sample={samples}"
    )


def _program_sound(graph: _Graph, timeline: Timeline, segment_inputs: dict, context: "_Context") -> str:
    """The recordings' own sound where they play it, silence elsewhere, on the frame grid."""
    grid = context.grid
    labels = []
    for scene in timeline.scenes:
        first, last = grid.frame(scene.start), grid.frame(scene.end)
        if _plays_source_sound(scene):
            inputs = segment_inputs.get(scene.index) or _segment_inputs(graph, scene, context)
            labels += [_cut_sound(graph, index, grid.sample(start + count) - grid.sample(start))
                       for index, start, count in inputs]
        elif last > first:
            labels.append(_silence(graph, grid.sample(last) - grid.sample(first)))
    return graph.join(labels, video=False, prefix="ap")


# --- the whole video ---------------------------------------------------------------------------


@dataclass
class _Context:
    size: tuple[int, int]
    grid: Grid
    work: Path
    total_scenes: int
    batched: bool = False  # video segments are joined in batches before the final run
    first_still: Path | None = None


@dataclass(frozen=True)
class Composed:
    first_still: Path | None  # the first still frame written
    opens_with_video: bool


def _picture(graph: _Graph, timeline: Timeline, context: _Context, segment_inputs: dict) -> str:
    grid = context.grid
    parts, run = [], []

    def flush():
        if run:
            count = grid.frame(run[-1].end) - grid.frame(run[0].start)
            if count > 0:
                parts.append(_still_part(graph, list(run), count, context))
            run.clear()

    for scene in timeline.scenes:
        if _is_video_cut(scene):
            flush()
            inputs = _segment_inputs(graph, scene, context)
            segment_inputs[scene.index] = inputs
            if inputs:
                parts.append(_video_part(graph, scene, inputs, context))
        else:
            run.append(scene)
    flush()
    return graph.join(parts, video=True, prefix="vp")


def compose(
    timeline: Timeline,
    work: Path,
    target: Path,
    *,
    narration: Path | None,
    music_choice: music.Music | None,
    metadata: list[str] | None,
) -> Composed:
    """Render the MP4 to `target`; `metadata`: the input arguments of its spoken words, if known."""
    fps = fps_for(timeline)
    grid = Grid(fps)
    context = _Context((timeline.width, timeline.height), grid, work, len(timeline.scenes))
    segments = sum(len(_segment_frames(scene, grid)) for scene in timeline.scenes if _is_video_cut(scene))
    context.batched = segments > MAX_SEGMENT_INPUTS
    graph = _Graph()
    segment_inputs: dict[int, list] = {}
    video = _picture(graph, timeline, context, segment_inputs)
    total = grid.sample(grid.frame(timeline.duration))
    sounds = []
    if any(_plays_source_sound(scene) for scene in timeline.scenes):
        sounds.append(_program_sound(graph, timeline, segment_inputs, context))
    if narration is not None:
        index = graph.input(["-i", str(narration)])
        out = graph.label("n")
        graph.chains.append(f"[{index}:a]{_stereo(total)}[{out}]")
        sounds.append(out)
    if not sounds:
        sounds.append(_silence(graph, total))
    if music_choice is not None:
        out = graph.label("m")
        if music_choice.path is None:
            graph.chains.append(
                music.bed_graph(total / AUDIO_RATE, music_choice.seed, volume=music_choice.volume,
                                rate=AUDIO_RATE, label=out)
            )
        else:
            index = graph.input(music.file_input(music_choice))
            graph.chains.append(music.file_graph(index, total / AUDIO_RATE, volume=music_choice.volume,
                                                 rate=AUDIO_RATE, label=out))
        sounds.append(out)
    sound = sounds[0]
    if len(sounds) > 1:
        sound = graph.label("mix")
        mixed = "".join(f"[{label}]" for label in sounds)
        graph.chains.append(f"{mixed}amix=inputs={len(sounds)}:normalize=0:duration=first[{sound}]")
    metadata_index = graph.input(metadata) if metadata else None
    _encode(graph, video, sound, target, fps=fps, stills_only=fps == STILL_FPS, metadata_index=metadata_index,
            rich_sound=bool(music_choice) or any(scene.media for scene in timeline.scenes))
    return Composed(first_still=context.first_still, opens_with_video=_is_video_cut(timeline.scenes[0]))


def _run(graph: _Graph, output: list[str]) -> None:
    command = [imageio_ffmpeg.get_ffmpeg_exe(), "-y", "-hide_banner", "-loglevel", "error"]
    for args in graph.inputs:
        command += args
    command += ["-filter_complex", ";".join(graph.chains), *output]
    result = subprocess.run(command, capture_output=True, text=True, timeout=1800, check=False)
    if result.returncode != 0:
        raise ComposeError(f"ffmpeg failed: {result.stderr.strip()[-400:]}")


def _encode(graph: _Graph, video: str, sound: str, target: Path, *, fps: int, stills_only: bool,
            metadata_index: int | None, rich_sound: bool) -> None:
    output = [
        "-map", f"[{video}]", "-map", f"[{sound}]",
        "-c:v", "libx264", "-preset", "ultrafast", *(["-tune", "stillimage"] if stills_only else []),
        "-g", str(fps * 2), "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", "64k" if rich_sound else "32k",
    ]
    if metadata_index is None:
        # Nothing is copied from the inputs: a recording's own words would not fit the cut.
        output += ["-map_metadata", "-1", "-movflags", "+faststart"]
    else:
        output += spoken_words.ffmpeg_output_args(metadata_index)
    _run(graph, [*output, str(target)])


def poster(scene: Scene, size: tuple[int, int]) -> Image.Image | None:
    """The first frame a video cut shows, covering `size`; None when it cannot be read."""
    cut = scene.media
    start = cut.segments[0].start if cut.segments else 0.0
    result = subprocess.run(
        [
            imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-ss", f"{start:.3f}", "-i", str(cut.path),
            "-frames:v", "1", "-vf", _cover(*size), "-f", "image2pipe", "-c:v", "png", "-",
        ],
        capture_output=True, timeout=120, check=False,
    )
    if result.returncode != 0 or not result.stdout:
        return None
    with Image.open(io.BytesIO(result.stdout)) as image:
        return image.convert("RGB")
