"""Typed results of Pictory calls, parsed from bodies whose field names drift between versions."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .errors import PictoryError

FINAL_STATUSES = frozenset({"completed", "failed", "cleaned"})
_LEADING_NUMBER = re.compile(r"^\s*(-?\d+(?:\.\d+)?)")


def _first(sources: list[dict], *names: str) -> Any:
    """First non-empty value of any of names, searching each source in turn."""
    for source in sources:
        for name in names:
            value = source.get(name)
            if value not in (None, ""):
                return value
    return None


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _number(value: Any) -> float | None:
    """Numbers, numeric strings and strings like "8s" (AI-studio durations) become floats."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    match = _LEADING_NUMBER.match(str(value))
    return float(match.group(1)) if match else None


def _dict_or_none(value: Any) -> dict | None:
    return value if isinstance(value, dict) else None


def _sources(body: Any) -> list[dict]:
    """Where job fields may live: the `data` object first, then the top level."""
    if not isinstance(body, dict):
        return []
    data = body.get("data")
    return [data, body] if isinstance(data, dict) else [body]


def _items(body: Any, *keys: str) -> list:
    """A list answer that may be bare or wrapped in one of keys."""
    if isinstance(body, list):
        return body
    if isinstance(body, dict):
        for key in keys:
            if isinstance(body.get(key), list):
                return body[key]
    raise PictoryError(f"Expected a list from Pictory, got {type(body).__name__}")


@dataclass(frozen=True)
class JobRef:
    job_id: str

    @classmethod
    def from_body(cls, body: Any) -> JobRef:
        job_id = _first(_sources(body), "jobId", "job_id")
        if not job_id:
            raise PictoryError("Pictory accepted the request but returned no job id")
        return cls(job_id=str(job_id))


@dataclass(frozen=True)
class JobStatus:
    job_id: str
    status: str
    progress: float | None = None
    progress_message: str = ""
    render_state: str = ""
    video_url: str = ""
    share_url: str = ""
    thumbnail_url: str = ""
    srt_url: str = ""
    vtt_url: str = ""
    txt_url: str = ""
    audio_url: str = ""
    duration_seconds: float | None = None
    credits_used: float | None = None
    preview_url: str = ""
    render_params: dict | None = None
    storyboard: dict | None = None
    error_code: str = ""
    error_message: str = ""
    video_name: str = ""
    webhook_input: dict | None = None
    raw: dict = field(default_factory=dict, repr=False)

    @property
    def is_final(self) -> bool:
        return self.status.lower() in FINAL_STATUSES

    @property
    def is_completed(self) -> bool:
        return self.status.lower() == "completed"

    @property
    def is_failed(self) -> bool:
        return self.status.lower() == "failed"

    @classmethod
    def from_body(cls, body: Any) -> JobStatus:
        """Parse a job body: GET /v1/jobs/{id}, an item of GET /v1/jobs, or a webhook POST."""
        if not isinstance(body, dict):
            raise PictoryError(f"Expected a job object from Pictory, got {type(body).__name__}")
        sources = _sources(body)
        legacy_error = body.get("error") if isinstance(body.get("error"), dict) else {}
        storyboard = _dict_or_none(_first(sources, "storyboard"))
        render_params = _dict_or_none(_first(sources, "renderParams"))
        preview = _first(sources, "preview")
        video_url = _text(_first(sources, "videoURL", "videoUrl", "url"))
        error_code = _text(_first([*sources, legacy_error], "error_code"))
        error_message = _text(_first([*sources, legacy_error], "error_message"))

        return cls(
            job_id=_text(_first(sources, "jobId", "job_id")),
            status=_status(sources, body, has_output=bool(video_url or preview or render_params)),
            progress=_number(_first(sources, "renderProgress", "progress")),
            progress_message=_text(_first(sources, "renderProgressMessage")),
            render_state=_text(_first(sources, "renderState")),
            video_url=video_url,
            share_url=_text(_first(sources, "videoShareURL", "shareVideoURL")),
            thumbnail_url=_text(_first(sources, "thumbnail", "thumbnailURL", "thumbnailUrl")),
            srt_url=_text(_first(sources, "srtFile", "srt")),
            vtt_url=_text(_first(sources, "vttFile", "vtt")),
            txt_url=_text(_first(sources, "txtFile", "txt")),
            audio_url=_text(_first(sources, "audioURL", "audioUrl")),
            duration_seconds=_number(_first(sources, "videoDuration", "duration")),
            credits_used=_number(_first(sources, "aiCreditsUsed")),
            preview_url=preview if isinstance(preview, str) else "",
            render_params=render_params,
            storyboard=storyboard,
            error_code=error_code,
            error_message=error_message,
            video_name=_text(_first([*sources, storyboard or {}], "videoName")),
            webhook_input=_dict_or_none(_first(sources, "webhookInput")),
            raw=body,
        )


def _status(sources: list[dict], body: dict, *, has_output: bool) -> str:
    status = _first(sources, "status")
    if status:
        return str(status).strip()
    # Legacy bodies may omit status; infer it the way the official examples read them.
    if body.get("success") is False:
        return "failed"
    return "completed" if has_output else "in-progress"


@dataclass(frozen=True)
class JobPage:
    items: list[JobStatus]
    next_page_key: str

    @classmethod
    def from_body(cls, body: Any) -> JobPage:
        items = [JobStatus.from_body(item) for item in _items(body, "items", "Items", "data")]
        next_key = body.get("nextPageKey") if isinstance(body, dict) else None
        return cls(items=items, next_page_key=_text(next_key))


@dataclass(frozen=True)
class Voice:
    id: str
    name: str
    voice_id: str = ""
    gender: str = ""
    accent: str = ""
    language: str = ""
    service: str = ""
    engine: str = ""
    category: str = ""
    sample_url: str = ""

    @classmethod
    def from_item(cls, item: dict) -> Voice:
        return cls(
            id=_text(item.get("id")),
            name=_text(item.get("name")),
            voice_id=_text(_first([item], "voice", "voiceId")),
            gender=_text(item.get("gender")),
            accent=_text(item.get("accent")),
            language=_text(item.get("language")),
            service=_text(item.get("service")),
            engine=_text(item.get("engine")),
            category=_text(item.get("category")),
            sample_url=_text(_first([item], "sample", "sampleUrl")),
        )

    @classmethod
    def from_body(cls, body: Any) -> Voice:
        """The created track of POST /v1/voiceovers/tracks: bare, or wrapped in `data`."""
        voice = cls.from_item(_object_source(body, "voice track", "id", "name"))
        if not voice.id and not voice.name:
            raise PictoryError("Pictory returned a voice track without an id or name")
        return voice

    @classmethod
    def list_from_body(cls, body: Any) -> list[Voice]:
        items = _items(body, "data", "items")
        return [cls.from_item(item) for item in items if isinstance(item, dict)]


@dataclass(frozen=True)
class NamedItem:
    id: str
    name: str

    @classmethod
    def list_from_body(cls, body: Any) -> list[NamedItem]:
        return [
            cls(id=_text(_first([item], "id", "brandId", "styleId")), name=_text(item.get("name")))
            for item in _items(body, "data", "items")
            if isinstance(item, dict)
        ]


@dataclass(frozen=True)
class QuotaLine:
    used: float = 0.0
    limit: float = 0.0

    @classmethod
    def from_value(cls, value: Any) -> QuotaLine:
        if not isinstance(value, dict):
            return cls()
        return cls(used=_number(value.get("used")) or 0.0, limit=_number(value.get("limit")) or 0.0)


@dataclass(frozen=True)
class Quota:
    video_minutes: QuotaLine
    transcription_minutes: QuotaLine
    elevenlabs_minutes: QuotaLine
    ai_credits: QuotaLine

    @classmethod
    def from_body(cls, body: Any) -> Quota:
        if not isinstance(body, dict):
            raise PictoryError(f"Expected a quota object from Pictory, got {type(body).__name__}")
        source = body["data"] if isinstance(body.get("data"), dict) else body
        return cls(
            video_minutes=QuotaLine.from_value(source.get("videoMinutes")),
            transcription_minutes=QuotaLine.from_value(source.get("transcriptionMinutes")),
            elevenlabs_minutes=QuotaLine.from_value(
                _first([source], "elevenLabsVoiceOverMinutes", "elevenLabsMinutes")
            ),
            ai_credits=QuotaLine.from_value(source.get("aiCredits")),
        )


def _bool(value: Any) -> bool:
    """JSON booleans, plus the "true"/"false" strings and 0/1 that older bodies sometimes carry."""
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


def _deprecated(item: dict) -> bool:
    # List and create answers say `deprecated`; get-by-id says `depricated` (sic).
    value = _first([item], "deprecated", "depricated")
    return _bool(value) if value is not None else False


def _template_source(body: Any, what: str) -> dict:
    if not isinstance(body, dict):
        raise PictoryError(f"Expected a {what} object from Pictory, got {type(body).__name__}")
    data = body.get("data")
    return data if isinstance(data, dict) and "templateId" not in body else body


def _joined(parts: list[Any]) -> str:
    return " ".join(str(part).strip() for part in parts if part not in (None, "") and str(part).strip())


def _layer_texts(layers: Any) -> list[Any]:
    """Text of the text items in `layers`, which is a list of lists of items (or a flat list)."""
    texts: list[Any] = []
    pending = list(layers) if isinstance(layers, list) else []
    while pending:
        item = pending.pop(0)
        if isinstance(item, list):
            pending[0:0] = item
        elif isinstance(item, dict) and item.get("type", "text") == "text":
            texts.append(item.get("text"))
    return texts


@dataclass(frozen=True)
class TemplateScene:
    scene_id: str
    text: str

    @classmethod
    def from_item(cls, item: dict) -> TemplateScene:
        """Text from subtitles[].text (older), else a plain `text`, else the layers' text items."""
        subtitles = item.get("subtitles")
        text = ""
        if isinstance(subtitles, list):
            text = _joined([sub.get("text") for sub in subtitles if isinstance(sub, dict)])
        if not text:
            text = _text(item.get("text")).strip()
        if not text:
            text = _joined(_layer_texts(item.get("layers")))
        return cls(scene_id=_text(_first([item], "sceneId", "scene_id", "id")), text=text)


@dataclass(frozen=True)
class Template:
    template_id: str
    name: str = ""
    language: str = ""
    aspect_ratio: str = ""
    scenes: list[TemplateScene] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)
    published: bool = False
    deprecated: bool = False
    raw: dict = field(default_factory=dict, repr=False)

    @classmethod
    def from_body(cls, body: Any) -> Template:
        """Parse the bare template object of POST /v1/templates or GET /v1/templates/{id}."""
        source = _template_source(body, "template")
        template_id = _first([source], "templateId", "template_id", "id")
        if not template_id:
            raise PictoryError("Pictory returned a template without a templateId")
        scenes = source.get("scenes")
        variables = source.get("variables")
        if isinstance(variables, dict):
            variables = {str(name): _text(value) for name, value in variables.items()}
        elif isinstance(variables, list):
            variables = {str(name): "" for name in variables if name not in (None, "")}
        else:
            variables = {}
        return cls(
            template_id=str(template_id),
            name=_text(source.get("name")),
            language=_text(source.get("language")),
            aspect_ratio=_text(_first([source], "aspectRatio", "aspect_ratio", "layout")),
            scenes=[TemplateScene.from_item(s) for s in scenes if isinstance(s, dict)]
            if isinstance(scenes, list)
            else [],
            variables=variables,
            published=_bool(source.get("published")),
            deprecated=_deprecated(source),
            raw=body,
        )


@dataclass(frozen=True)
class TemplateSummary:
    template_id: str
    name: str = ""
    language: str = ""
    published: bool = False
    deprecated: bool = False

    @classmethod
    def from_item(cls, item: dict) -> TemplateSummary:
        return cls(
            template_id=_text(_first([item], "templateId", "template_id", "id")),
            name=_text(item.get("name")),
            language=_text(item.get("language")),
            published=_bool(item.get("published")),
            deprecated=_deprecated(item),
        )

    @classmethod
    def list_from_body(cls, body: Any) -> list[TemplateSummary]:
        """GET /v1/templates: {"items": [...]} in creation order (a bare list is accepted too)."""
        return [cls.from_item(item) for item in _items(body, "items", "Items", "data") if isinstance(item, dict)]


def _object_source(body: Any, what: str, *id_names: str, wrappers: tuple[str, ...] = ("data",)) -> dict:
    """The object of a single-object answer: bare, or wrapped once (e.g. {"success", "data"})."""
    if not isinstance(body, dict):
        raise PictoryError(f"Expected a {what} object from Pictory, got {type(body).__name__}")
    if _first([body], *id_names) is None:
        for key in wrappers:
            if isinstance(body.get(key), dict):
                return body[key]
    return body


def _as_dict(value: Any, key: str) -> dict:
    """An object field; a bare string is read as its main key (a colour "#123456", a logo URL)."""
    if isinstance(value, dict):
        return value
    if isinstance(value, str) and value:
        return {key: value}
    return {}


def _version(value: Any) -> int:
    number = _number(value)
    return int(number) if number is not None else 0


def _account_id(value: Any) -> str:
    # A JSON number would lose the leading zeros of an account id such as 012345678901.
    return f"{value:012d}" if isinstance(value, int) and not isinstance(value, bool) else _text(value)


BRAND_ID_NAMES = ("brandId", "id", "brand_id", "_id")
CONNECTION_ID_NAMES = ("connectionId", "connection_id", "id")


@dataclass(frozen=True)
class BrandKit:
    """A brand of the "edit video" brand API: colours, font and logo a render can be named with."""

    id: str
    name: str = ""
    description: str = ""
    primary: dict = field(default_factory=dict)
    secondary: dict = field(default_factory=dict)
    font: dict = field(default_factory=dict)
    logo: dict = field(default_factory=dict)
    raw: dict = field(default_factory=dict, repr=False)

    @classmethod
    def from_item(cls, item: dict) -> BrandKit:
        colors = _as_dict(_first([item], "color", "colors", "colour"), "primary")
        return cls(
            id=_text(_first([item], *BRAND_ID_NAMES)),
            name=_text(item.get("name")),
            description=_text(item.get("description")),
            primary=_as_dict(colors.get("primary"), "main"),
            secondary=_as_dict(colors.get("secondary"), "main"),
            font=_as_dict(item.get("font"), "family"),
            logo=_as_dict(item.get("logo"), "url"),
            raw=item,
        )

    @classmethod
    def from_body(cls, body: Any) -> BrandKit:
        """A bare brand object (create, get, update), or one wrapped in `data`."""
        kit = cls.from_item(_object_source(body, "brand", *BRAND_ID_NAMES))
        if not kit.id:
            raise PictoryError("Pictory returned a brand without a brandId")
        return kit

    @classmethod
    def list_from_body(cls, body: Any) -> list[BrandKit]:
        """Bare array or wrapped; entries without an id cannot be used again and are left out."""
        kits = [cls.from_item(item) for item in _items(body, "data", "items", "brands") if isinstance(item, dict)]
        return [kit for kit in kits if kit.id]


@dataclass(frozen=True)
class UploadTarget:
    """Where to PUT a file (signed_url, short-lived) and where it stays afterwards (url)."""

    signed_url: str
    url: str
    key: str = ""

    @classmethod
    def from_body(cls, body: Any) -> UploadTarget:
        """{"success": true, "data": {signedUrl, url, key}}; a bare object is accepted too."""
        sources = _sources(body)
        signed_url = _text(_first(sources, "signedUrl", "signedURL", "signed_url", "uploadUrl"))
        url = _text(_first(sources, "url", "fileUrl", "URL"))
        if not signed_url or not url:
            raise PictoryError("Pictory returned no signedUrl and url for the upload")
        return cls(signed_url=signed_url, url=url, key=_text(_first(sources, "key", "Key", "fileKey")))


@dataclass(frozen=True)
class AwsConnection:
    """A private connection through which Pictory reads visuals from the account's S3 bucket."""

    id: str
    name: str = ""
    description: str = ""
    aws_account_id: str = ""
    aws_region: str = ""
    enabled: bool = True
    version: int = 0
    created: str = ""
    updated: str = ""

    @classmethod
    def from_item(cls, item: dict) -> AwsConnection:
        enabled = item.get("enabled")
        return cls(
            id=_text(_first([item], *CONNECTION_ID_NAMES)),
            name=_text(item.get("name")),
            description=_text(item.get("description")),
            aws_account_id=_account_id(_first([item], "awsAccountId", "aws_account_id", "accountId")),
            aws_region=_text(_first([item], "awsRegion", "aws_region", "region")),
            # Connections are created enabled unless told otherwise.
            enabled=_bool(enabled) if enabled not in (None, "") else True,
            version=_version(item.get("version")),
            created=_text(_first([item], "createdDate", "createdAt", "created")),
            updated=_text(_first([item], "updatedDate", "updatedAt", "updated")),
        )

    @classmethod
    def from_body(cls, body: Any) -> AwsConnection:
        """A bare connection object (create, get, update), or one wrapped in `data` or `Item`."""
        source = _object_source(body, "AWS connection", *CONNECTION_ID_NAMES, wrappers=("data", "Item"))
        connection = cls.from_item(source)
        if not connection.id:
            raise PictoryError("Pictory returned an AWS connection without a connectionId")
        return connection


@dataclass(frozen=True)
class AwsConnectionPage:
    items: list[AwsConnection]
    next_page_key: str = ""

    @classmethod
    def from_body(cls, body: Any) -> AwsConnectionPage:
        """{"Items": [...]} (capital I) plus a key for the next page when more follow."""
        items = [AwsConnection.from_item(item) for item in _items(body, "Items", "items", "data")
                 if isinstance(item, dict)]
        next_key = _first([body], "pageKey", "nextPageKey", "NextPageKey") if isinstance(body, dict) else None
        return cls(items=[item for item in items if item.id], next_page_key=_text(next_key))


@dataclass(frozen=True)
class TranscriptWord:
    """One word (or a pause marker) with its timing in seconds."""

    uid: str
    word: str
    start: float
    end: float
    speaker_id: int = 0
    sentence_index: int = 0
    highlight: bool = False
    is_pause: bool = False
    pause_size: str = ""

    @classmethod
    def from_item(cls, item: dict) -> TranscriptWord:
        return cls(
            uid=_text(item.get("uid")),
            word=_text(item.get("word")),
            start=_number(_first([item], "start_time", "startTime", "start")) or 0.0,
            end=_number(_first([item], "end_time", "endTime", "end")) or 0.0,
            speaker_id=int(_number(_first([item], "speakerId", "speaker_id")) or 0),
            sentence_index=int(_number(item.get("sentence_index")) or 0),
            highlight=_bool(item.get("highlight")),
            is_pause=_bool(item.get("is_pause")),
            pause_size=_text(item.get("pause_size")),
        )


@dataclass(frozen=True)
class TranscriptSentence:
    uid: str
    speaker_id: int
    words: tuple[TranscriptWord, ...]

    @property
    def text(self) -> str:
        return " ".join(w.word for w in self.words if not w.is_pause and w.word)

    @property
    def start(self) -> float:
        spoken = [w for w in self.words if not w.is_pause]
        return spoken[0].start if spoken else 0.0

    @property
    def end(self) -> float:
        spoken = [w for w in self.words if not w.is_pause]
        return spoken[-1].end if spoken else 0.0

    @classmethod
    def from_item(cls, item: dict) -> TranscriptSentence:
        words = tuple(TranscriptWord.from_item(w) for w in item.get("words") or [] if isinstance(w, dict))
        return cls(uid=_text(item.get("uid")), speaker_id=int(_number(item.get("speakerId")) or 0), words=words)


@dataclass(frozen=True)
class TranscriptionResult:
    """A transcription or highlights job: its status and, once completed, the transcript and files."""

    status: JobStatus
    sentences: tuple[TranscriptSentence, ...] = ()
    txt_url: str = ""
    srt_url: str = ""
    vtt_url: str = ""
    media_info: dict = field(default_factory=dict)

    @classmethod
    def from_body(cls, body: Any) -> TranscriptionResult:
        status = JobStatus.from_body(body)
        sources = _sources(body)
        transcript = _first(sources, "transcript")
        sentences = tuple(
            TranscriptSentence.from_item(item) for item in (transcript if isinstance(transcript, list) else [])
            if isinstance(item, dict)
        )
        return cls(
            status=status,
            sentences=sentences,
            txt_url=_text(_first(sources, "txt", "txtFile")),
            srt_url=_text(_first(sources, "srt", "srtFile")),
            vtt_url=_text(_first(sources, "vtt", "vttFile")),
            media_info=_dict_or_none(_first(sources, "mediaInfo")) or {},
        )


@dataclass(frozen=True)
class ProjectScene:
    story: str
    background: dict

    @classmethod
    def from_item(cls, item: dict) -> ProjectScene:
        background = item.get("background")
        return cls(story=_text(_first([item], "story", "text", "sceneText")),
                   background=background if isinstance(background, dict) else {})


@dataclass(frozen=True)
class Project:
    """A saved Pictory project (`GET /v2/projects[/{id}]`); scenes only in the detail answer."""

    project_id: str
    name: str
    source: str = ""
    layout: str = ""
    language: str = ""
    scene_count: int | None = None
    saved_at: str = ""
    video_url: str = ""
    share_url: str = ""
    scenes: tuple[ProjectScene, ...] = ()

    @classmethod
    def from_body(cls, body: Any) -> Project:
        data = body.get("data") if isinstance(body, dict) and isinstance(body.get("data"), dict) else body
        data = data if isinstance(data, dict) else {}
        scenes = tuple(ProjectScene.from_item(scene) for scene in data.get("scenes") or [] if isinstance(scene, dict))
        count = _number(data.get("sceneCount"))
        return cls(project_id=_text(_first([data], "project_id", "projectId", "id")),
                   name=_text(_first([data], "projectName", "name")), source=_text(data.get("source")),
                   layout=_text(data.get("layout")), language=_text(data.get("scriptLanguage")),
                   scene_count=int(count) if count is not None else (len(scenes) or None),
                   saved_at=_text(_first([data], "saveDate", "updatedDate", "createdDate")),
                   video_url=_text(_first([data], "videoURL", "videoUrl")),
                   share_url=_text(_first([data], "shareVideoURL", "videoShareURL")), scenes=scenes)


@dataclass(frozen=True)
class ProjectPage:
    items: list[Project]
    next_page_key: str

    @classmethod
    def from_body(cls, body: Any) -> ProjectPage:
        items = [Project.from_body(item) for item in _items(body, "items", "Items", "projects", "data")]
        next_key = body.get("nextPageKey") if isinstance(body, dict) else None
        return cls(items=items, next_page_key=_text(next_key))


@dataclass(frozen=True)
class AccountVideo:
    """A finished video of the account (`GET /v1/videos`), whoever made it."""

    video_id: str
    name: str
    duration_seconds: float | None = None
    share_url: str = ""
    project_id: str = ""
    created_at: str = ""

    @classmethod
    def from_item(cls, item: dict) -> AccountVideo:
        return cls(video_id=_text(_first([item], "videoId", "jobId", "job_id", "id")),
                   name=_text(_first([item], "videoName", "name")), duration_seconds=_number(item.get("videoDuration")),
                   share_url=_text(_first([item], "shareVideoURL", "videoShareURL")),
                   project_id=_text(item.get("projectId")),
                   created_at=_text(_first([item], "createdDate", "generatedDate")))


@dataclass(frozen=True)
class VideoPage:
    items: list[AccountVideo]
    next_page_key: str

    @classmethod
    def from_body(cls, body: Any) -> VideoPage:
        listed = _items(body, "videos", "items", "data")
        items = [AccountVideo.from_item(item) for item in listed if isinstance(item, dict)]
        next_key = body.get("nextPageKey") if isinstance(body, dict) else None
        return cls(items=items, next_page_key=_text(next_key))
