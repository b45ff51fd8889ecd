"""Brands, projects, their storyboards (scenes) and the render jobs sent to Pictory."""
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from videos.job_states import ACTIVE_STATUSES, FINAL_STATUSES, JobStatus


class AspectRatio(models.TextChoices):
    LANDSCAPE = "16:9", "16:9 · landscape"
    PORTRAIT = "9:16", "9:16 · vertical"
    SQUARE = "1:1", "1:1 · square"
    FOUR_FIVE = "4:5", "4:5 · feed"


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    SPANISH = "es", "Spanish"
    FRENCH = "fr", "French"
    GERMAN = "de", "German"
    ITALIAN = "it", "Italian"
    PORTUGUESE = "pt", "Portuguese"
    DUTCH = "nl", "Dutch"
    HINDI = "hi", "Hindi"
    JAPANESE = "ja", "Japanese"
    KOREAN = "ko", "Korean"
    CHINESE = "zh", "Chinese"
    RUSSIAN = "ru", "Russian"
    MARATHI = "mr", "Marathi"
    TAMIL = "ta", "Tamil"


class Transition(models.TextChoices):
    NONE = "none", "None"
    FADE = "fade", "Fade"
    WIPE_UP = "wipeup", "Wipe up"
    WIPE_DOWN = "wipedown", "Wipe down"
    WIPE_LEFT = "wipeleft", "Wipe left"
    WIPE_RIGHT = "wiperight", "Wipe right"
    SMOOTH_LEFT = "smoothleft", "Smooth left"
    SMOOTH_RIGHT = "smoothright", "Smooth right"
    RADIAL = "radial", "Radial"
    CIRCLE_CROP = "circlecrop", "Circle crop"
    HORIZONTAL_BLUR = "hblur", "Horizontal blur"


class VisualKind(models.TextChoices):
    SEARCH = "search", "Stock search"
    MEDIA = "media", "Media URL"
    COLOR = "color", "Colour"


class MediaKind(models.TextChoices):
    IMAGE = "image", "Image"
    AUDIO = "audio", "Audio"
    VIDEO = "video", "Video"
    FONT = "font", "Font"


class MediaStatus(models.TextChoices):
    UPLOADING = "uploading", "Uploading"
    READY = "ready", "Ready"
    REFUSED = "refused", "Refused"


class MediaAsset(models.Model):
    """A file in the team's media library, stored at Pictory through a signed upload URL.

    The bytes go from the browser straight to the signed URL; the studio only records what
    arrived and checks it by its content before marking it ready.
    """

    name = models.CharField(max_length=255)
    kind = models.CharField(max_length=8, choices=MediaKind.choices)
    content_type = models.CharField(max_length=100)
    size_bytes = models.PositiveBigIntegerField(default=0)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    duration_seconds = models.FloatField(null=True, blank=True)
    url = models.URLField(max_length=1000, blank=True, help_text="The permanent URL Pictory gave for the file.")
    key = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=MediaStatus.choices, default=MediaStatus.UPLOADING)
    refusal = models.CharField(max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="media_assets"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "kind", "-created_at"], name="media_ready_by_kind")]

    def __str__(self) -> str:
        return self.name


class LogoPosition(models.TextChoices):
    TOP_LEFT = "top-left", "Top left"
    TOP_RIGHT = "top-right", "Top right"
    BOTTOM_LEFT = "bottom-left", "Bottom left"
    BOTTOM_RIGHT = "bottom-right", "Bottom right"
    TOP_CENTER = "top-center", "Top centre"
    BOTTOM_CENTER = "bottom-center", "Bottom centre"


class Brand(models.Model):
    """A brand kit: what every video of a project or batch shares (logo, colours, font, voice, music).

    It applies locally through the render payload whether or not Pictory knows it; when it is
    linked (`pictory_brand_id`), Pictory also receives it as brandId.
    """

    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    pictory_brand_id = models.CharField(
        "Pictory brand id", max_length=64, blank=True,
        help_text="The id of the brand kit in Pictory (sent as brandId). Leave empty to not apply one.",
    )
    pictory_synced_at = models.DateTimeField(null=True, blank=True)
    pictory_sync_note = models.CharField(max_length=300, blank=True)
    logo = models.ForeignKey(MediaAsset, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    logo_url = models.URLField(max_length=1000, blank=True)
    logo_position = models.CharField(max_length=14, choices=LogoPosition.choices, default=LogoPosition.TOP_RIGHT)
    logo_width = models.PositiveSmallIntegerField(default=15, help_text="Percent of the video width.")
    primary_color = models.CharField(max_length=9, default="#1F3A5F")
    primary_light = models.CharField(max_length=9, blank=True)
    primary_dark = models.CharField(max_length=9, blank=True)
    primary_contrast_text = models.CharField(max_length=9, blank=True)
    secondary_color = models.CharField(max_length=9, default="#F2A541")
    secondary_light = models.CharField(max_length=9, blank=True)
    secondary_dark = models.CharField(max_length=9, blank=True)
    secondary_contrast_text = models.CharField(max_length=9, blank=True)
    font_family = models.CharField(max_length=80, blank=True)
    font_url = models.URLField(max_length=1000, blank=True)
    font_file = models.ForeignKey(MediaAsset, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    subtitle_style_id = models.CharField(max_length=64, blank=True)
    subtitle_style_name = models.CharField(max_length=120, blank=True)
    default_voice = models.CharField(max_length=80, blank=True)
    default_voice_speed = models.PositiveSmallIntegerField(default=100)
    music_enabled = models.BooleanField("background music", default=True)
    default_music_volume = models.FloatField(default=0.1)
    intro_text = models.TextField(blank=True)
    intro_clip_url = models.URLField(max_length=1000, blank=True)
    outro_text = models.TextField(blank=True)
    outro_clip_url = models.URLField(max_length=1000, blank=True)
    is_default = models.BooleanField("team default", default=False)
    archived_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="one_default_brand"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("videos:brand_detail", args=[self.pk])

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class QuotaSnapshot(models.Model):
    """The account's usage in this billing term, as GET /v1/quota last reported it (one row)."""

    video_minutes_used = models.FloatField(default=0)
    video_minutes_limit = models.FloatField(default=0)
    transcription_minutes_used = models.FloatField(default=0)
    transcription_minutes_limit = models.FloatField(default=0)
    voice_minutes_used = models.FloatField(default=0)
    voice_minutes_limit = models.FloatField(default=0)
    ai_credits_used = models.FloatField(default=0)
    ai_credits_limit = models.FloatField(default=0)
    fetched_at = models.DateTimeField(null=True, blank=True)
    problem = models.CharField(max_length=300, blank=True, help_text="Why the last refresh failed, if it did.")
    problem_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"quota as of {self.fetched_at}"

    @property
    def video_minutes_left(self) -> float:
        return max(0.0, self.video_minutes_limit - self.video_minutes_used)


class Project(models.Model):
    """One video being made: its settings and, through scenes, its storyboard."""

    title = models.CharField(max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="projects")
    brand = models.ForeignKey(Brand, null=True, blank=True, on_delete=models.SET_NULL, related_name="projects")
    aspect_ratio = models.CharField(max_length=5, choices=AspectRatio.choices, default=AspectRatio.LANDSCAPE)
    language = models.CharField(max_length=5, choices=Language.choices, default=Language.ENGLISH)
    voice_speaker = models.CharField("voice", max_length=80, default="Martin")
    voice_speed = models.PositiveSmallIntegerField(default=100)
    music_enabled = models.BooleanField("background music", default=True)
    music_volume = models.FloatField(default=0.1)
    require_all_reviewers = models.BooleanField(
        default=False, help_text="Approve only when every named reviewer has approved (default: one is enough)."
    )
    final_job = models.ForeignKey(
        "RenderJob", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The approved version.",
    )
    aws_connection_id = models.CharField(
        "AWS connection", max_length=64, blank=True,
        help_text="Let visuals come from the team's own S3 bucket through this private connection.",
    )
    pictory_project_id = models.CharField(max_length=64, blank=True)
    highlight_cut = models.OneToOneField(
        "HighlightCut", null=True, blank=True, on_delete=models.SET_NULL, related_name="project",
        help_text="Set when the project's video is a highlight cut of a recording rather than scenes.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["-created_at", "-id"], name="project_newest_first")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("videos:project_detail", args=[self.pk])


class Scene(models.Model):
    """One row of a storyboard: narration over a visual."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="scenes")
    position = models.PositiveIntegerField(default=0)
    narration = models.TextField(blank=True)
    visual_kind = models.CharField(max_length=10, choices=VisualKind.choices, default=VisualKind.SEARCH)
    visual_query = models.CharField("stock search", max_length=200, blank=True)
    visual_url = models.CharField("media URL", max_length=1000, blank=True)
    visual_color = models.CharField("colour", max_length=40, blank=True)
    transition = models.CharField(max_length=12, choices=Transition.choices, default=Transition.FADE)
    minimum_duration = models.FloatField(null=True, blank=True)
    hide_subtitles = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["project", "position"], name="scene_storyboard_order")]

    def __str__(self) -> str:
        return f"Scene {self.position + 1} of {self.project_id}"


class JobKind(models.TextChoices):
    PREVIEW = "preview", "Preview"
    RENDER = "render", "Render"
    TEMPLATE_PREVIEW = "template_preview", "Template preview"
    TEMPLATE_RENDER = "template_render", "Template render"
    TRANSCRIPTION = "transcription", "Transcription"
    HIGHLIGHTS = "highlights", "Highlights"


class RenderJob(models.Model):
    """One call to Pictory that produces something; a project's renders are its versions.

    `payload` is the exact body sent (the per-job webhook secret masked) and never changes.
    """

    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.CASCADE, related_name="render_jobs"
    )
    kind = models.CharField(max_length=20, choices=JobKind.choices)
    # Pooled jobs (bulk rows) are sent by a dispatcher that caps how many run at once at
    # Pictory; the sweeper never sends them directly.
    pooled = models.BooleanField(default=False)
    version = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    request_token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    marker = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    endpoint = models.CharField(max_length=120, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    storyboard = models.JSONField(default=dict, blank=True)
    source_preview = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="renders"
    )
    pictory_job_id = models.CharField(max_length=64, blank=True, db_index=True)
    progress = models.FloatField(null=True, blank=True)
    progress_message = models.CharField(max_length=200, blank=True)
    video_url = models.URLField(max_length=1000, blank=True)
    share_url = models.URLField(max_length=1000, blank=True)
    thumbnail_url = models.URLField(max_length=1000, blank=True)
    srt_url = models.URLField(max_length=1000, blank=True)
    vtt_url = models.URLField(max_length=1000, blank=True)
    txt_url = models.URLField(max_length=1000, blank=True)
    preview_url = models.URLField(max_length=1000, blank=True)
    preview_scenes = models.JSONField(default=list, blank=True)
    duration_seconds = models.FloatField(null=True, blank=True)
    credits_used = models.FloatField(null=True, blank=True)
    error_code = models.CharField(max_length=64, blank=True)
    error_message = models.TextField(blank=True)
    error_fields = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    next_poll_at = models.DateTimeField(null=True, blank=True, db_index=True)
    poll_count = models.PositiveIntegerField(default=0)
    send_count = models.PositiveSmallIntegerField(default=0, help_text="Times a worker claimed it to send.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "version"],
                condition=models.Q(version__isnull=False),
                name="render_version_unique_per_project",
            )
        ]
        indexes = [models.Index(fields=["project", "kind", "-created_at"], name="job_project_kind_newest")]

    def __str__(self) -> str:
        label = f"v{self.version}" if self.version else self.get_kind_display()
        return f"{self.project or self.payload.get('videoName', 'Job')} · {label}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def label(self) -> str:
        return f"Version {self.version}" if self.version else self.get_kind_display()


class PictoryPace(models.Model):
    """The next moment any worker may send a request to Pictory (one shared row).

    Each request takes the next free slot with a short locked update, so all workers
    together stay under PICTORY_REQUESTS_PER_SECOND."""

    name = models.CharField(max_length=40, unique=True)
    next_free_at = models.FloatField(default=0.0)

    def __str__(self) -> str:
        return f"{self.name} pace"


# --- review ------------------------------------------------------------------------------------
class Role(models.TextChoices):
    """Team roles, kept as Django groups (a person may hold several)."""

    ADMIN = "Admin", "Admin"
    EDITOR = "Editor", "Editor"
    REVIEWER = "Reviewer", "Reviewer"


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    APPROVED = "approved", "Approved"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    SUPERSEDED = "superseded", "Superseded"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Review(models.Model):
    """One request to review one version; closed by a decision, a withdrawal or a newer request."""

    job = models.ForeignKey(RenderJob, on_delete=models.CASCADE, related_name="reviews")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reviews")
    status = models.CharField(max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.IN_REVIEW)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="review_requests")
    require_all = models.BooleanField(default=False)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["project", "status"], name="review_project_status")]

    def __str__(self) -> str:
        return f"Review of {self.job} ({self.get_status_display()})"


class Decision(models.TextChoices):
    APPROVE = "approve", "Approved"
    REQUEST_CHANGES = "request_changes", "Requested changes"


class ReviewDecision(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="decisions")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.reviewer} {self.get_decision_display().lower()}"


class Comment(models.Model):
    """A remark on a version, optionally at a moment of the video; replies hang off a parent."""

    job = models.ForeignKey(RenderJob, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    body = models.TextField()
    timecode = models.FloatField(null=True, blank=True, help_text="Seconds into the video.")
    resolved = models.BooleanField(default=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Comment by {self.author} on {self.job}"


class ActivityVerb(models.TextChoices):
    RENDER_STARTED = "render_started", "started rendering"
    RENDER_FINISHED = "render_finished", "finished rendering"
    RENDER_FAILED = "render_failed", "failed to render"
    SENT_FOR_REVIEW = "sent_for_review", "sent for review"
    WITHDRAWN = "withdrawn", "withdrew the review request for"
    COMMENTED = "commented", "commented on"
    APPROVED = "approved", "approved"
    CHANGES_REQUESTED = "changes_requested", "requested changes to"


class Activity(models.Model):
    """The project's log: who did what to which version, and when."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="activities")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    verb = models.CharField(max_length=20, choices=ActivityVerb.choices)
    job = models.ForeignKey(RenderJob, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    detail = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["project", "-created_at"], name="activity_project_newest")]
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return f"{self.actor} {self.get_verb_display()}"


class NotificationKind(models.TextChoices):
    RENDER_DONE = "render_done", "My render finished or failed"
    REVIEW_REQUESTED = "review_requested", "A review was requested from me"
    REVIEW_DECIDED = "review_decided", "A decision was made on my version"
    BATCH_FINISHED = "batch_finished", "My batch finished"


class NotificationSettings(models.Model):
    """Which emails a person wants; every kind is on until they turn it off."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    muted = models.JSONField(default=list, blank=True, help_text="Kinds this person turned off.")

    class Meta:
        verbose_name = verbose_name_plural = "notification settings"

    def __str__(self) -> str:
        return f"Notifications of {self.user}"


class RecordingKind(models.TextChoices):
    VIDEO = "video", "Video"
    AUDIO = "audio", "Audio"


class TranscriptionLanguage(models.TextChoices):
    """The languages Pictory transcribes (contract §8.2, audioLanguage list)."""

    EN_US = "en-US", "English (US)"
    EN_GB = "en-GB", "English (UK)"
    EN_AU = "en-AU", "English (Australia)"
    EN_IN = "en-IN", "English (India)"
    EN_IE = "en-IE", "English (Ireland)"
    EN_AB = "en-AB", "English (Scotland)"
    EN_WL = "en-WL", "English (Wales)"
    FR_FR = "fr-FR", "French (France)"
    FR_CA = "fr-CA", "French (Canada)"
    DE_DE = "de-DE", "German (Germany)"
    DE_CH = "de-CH", "German (Switzerland)"
    IT_IT = "it-IT", "Italian"
    ES_ES = "es-ES", "Spanish (Spain)"
    ES_US = "es-US", "Spanish (US)"
    NL_NL = "nl-NL", "Dutch"
    PT_BR = "pt-BR", "Portuguese (Brazil)"
    JA_JP = "ja-JP", "Japanese"
    KO_KR = "ko-KR", "Korean"
    RU_RU = "ru-RU", "Russian"
    HI_IN = "hi-IN", "Hindi"
    TA_IN = "ta-IN", "Tamil"
    MR_IN = "mr-IN", "Marathi"


class Recording(models.Model):
    """A long video or audio file (a webinar, talk, podcast) to transcribe and cut into highlights."""

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=5, choices=RecordingKind.choices, default=RecordingKind.VIDEO)
    media = models.ForeignKey(MediaAsset, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    url = models.URLField("file address", max_length=1000)
    language = models.CharField(max_length=5, choices=TranscriptionLanguage.choices,
                                default=TranscriptionLanguage.EN_US)
    duration_seconds = models.FloatField(null=True, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    transcription_job = models.ForeignKey(
        RenderJob, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The add form's one-time token: a form sent twice adds one recording.
    request_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # A row of a bulk run: its line in the paste, its clip length, and the cut and render the
    # run made for it (each stage starts when the one before finishes).
    batch = models.ForeignKey("RecordingBatch", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="recordings")
    batch_line = models.PositiveIntegerField(null=True, blank=True)
    batch_seconds = models.PositiveIntegerField(null=True, blank=True)
    batch_cut = models.OneToOneField("HighlightCut", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    batch_render = models.ForeignKey(RenderJob, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    batch_problem = models.CharField(max_length=500, blank=True, help_text="Why the row's next stage could not start.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("videos:recording_detail", args=[self.pk])


class Transcript(models.Model):
    """What Pictory heard, kept as it came, and the team's corrections kept apart from it.

    Both are lists of sentences in the contract's shape (§4.2); `corrected` is None until
    someone edits, and every edit rewrites it whole, so the original is never touched.
    """

    recording = models.OneToOneField(Recording, on_delete=models.CASCADE, related_name="transcript")
    original = models.JSONField(default=list)
    corrected = models.JSONField(null=True, blank=True)
    txt_url = models.URLField(max_length=1000, blank=True)
    srt_url = models.URLField(max_length=1000, blank=True)
    vtt_url = models.URLField(max_length=1000, blank=True)
    media_info = models.JSONField(default=dict, blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    corrected_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Transcript of {self.recording}"


class HighlightCut(models.Model):
    """A short video made of chosen sentences of a recording (a 30 s teaser, a 90 s summary)."""

    recording = models.ForeignKey(Recording, on_delete=models.CASCADE, related_name="cuts")
    name = models.CharField(max_length=120)
    target_seconds = models.PositiveIntegerField()
    # Uids of the kept sentences; Pictory's pick until someone changes it.
    sentence_uids = models.JSONField(default=list, blank=True)
    suggested_uids = models.JSONField(default=list, blank=True, help_text="The sentences Pictory picked.")
    highlights_job = models.ForeignKey(
        RenderJob, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    voice_over = models.BooleanField(
        default=False, help_text="Replace the recording's own sound with the project's AI voice reading the words."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.name} of {self.recording}"


class RecordingBatch(models.Model):
    """Many recordings pasted at once, each turned hands-off into one highlight clip: transcribed,
    cut to its length by Pictory's pick, and rendered with the batch's shape and brand kit."""

    name = models.CharField(max_length=200)
    target_seconds = models.PositiveIntegerField(default=30, help_text="The clip length of rows that give none.")
    aspect_ratio = models.CharField(max_length=5, choices=AspectRatio.choices, default=AspectRatio.PORTRAIT)
    brand = models.ForeignKey(Brand, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    language = models.CharField(max_length=5, choices=TranscriptionLanguage.choices,
                                default=TranscriptionLanguage.EN_US)
    # Lines of the paste left out at launch (line number, text, why), shown on the batch page.
    skipped_lines = models.JSONField(default=list, blank=True)
    # The launch form's one-time token: a form sent twice launches one batch.
    request_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True, help_text="When every row was ready or failed.")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "recording batches"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("videos:recording_batch_detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None
