"""The sandbox's own tables. Nothing outside the sandbox reads them except through HTTP."""

import uuid

from django.db import models


class SandboxToken(models.Model):
    """An access token issued by POST /v1/oauth2/token (legacy auth mode)."""

    token = models.CharField(max_length=100, unique=True)
    client_id = models.CharField(max_length=200)
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    def __str__(self):
        return f"token for {self.client_id} (expires {self.expires_at:%Y-%m-%d %H:%M:%S})"


class JobKind(models.TextChoices):
    PREVIEW = "preview", "Storyboard preview"
    RENDER = "render", "Video render"
    TRANSCRIPTION = "transcription", "Transcription"
    HIGHLIGHTS = "highlights", "Highlights"


class JobStatus(models.TextChoices):
    IN_PROGRESS = "in-progress", "In progress"
    COMPLETED = "completed", "Completed"
    FAILED = "failed", "Failed"


class SandboxJob(models.Model):
    """One job, as GET /v1/jobs/{id} reports it.

    The job finishes when the wall clock passes `due_at`. A planned failure (a fault trigger
    found at creation) is kept in `fault_code`/`fault_message` and applied when it is due.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=20, choices=JobKind.choices)
    status = models.CharField(
        max_length=12, choices=JobStatus.choices, default=JobStatus.IN_PROGRESS
    )
    credential = models.CharField(max_length=80, help_text="Fingerprint of the creator.")
    storyboard = models.JSONField(help_text="The validated request body, unknown fields stripped.")
    video_name = models.CharField(max_length=500, blank=True)
    webhook = models.CharField(max_length=500, blank=True)
    webhook_input = models.JSONField(null=True, blank=True)
    base_url = models.CharField(
        max_length=300, help_text="Scheme and host of the creating request, for webhook URLs."
    )
    source_job = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="renders"
    )
    fault_code = models.CharField(max_length=60, blank=True)
    fault_message = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(db_index=True)
    due_at = models.DateTimeField()
    # Claim taken by whoever is producing the outputs, so only one finisher works at a time.
    claim_token = models.CharField(max_length=40, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)
    # Outputs made ahead of the due time (the fields that will finish the job), so a job
    # completes when its wall-clock time is up rather than that plus the encoding time.
    prepared = models.JSONField(null=True, blank=True)
    error_code = models.CharField(max_length=60, blank=True)
    error_message = models.CharField(max_length=500, blank=True)
    video_seconds = models.FloatField(default=0, help_text="Rendered length, for the quota.")
    ai_credits = models.FloatField(default=0, help_text="AI credits charged, for the quota.")
    media_seconds = models.FloatField(default=0, help_text="Transcribed media length, for the quota.")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.kind} {self.id} ({self.status})"

    @property
    def is_terminal(self) -> bool:
        return self.status != JobStatus.IN_PROGRESS


class SandboxTemplate(models.Model):
    """A template made from an uploaded .pictai project (POST /v1/templates).

    `scenes` holds {sceneId, subtitles: [text], backgroundVisual} per scene; `variables` maps
    each {{name}} found in the scene text to its default (the name itself).
    """

    template_id = models.CharField(max_length=64, unique=True)
    account = models.CharField(max_length=80, db_index=True, help_text="Fingerprint of the owner.")
    name = models.CharField(max_length=500)
    language = models.CharField(max_length=10)
    aspect_ratio = models.CharField(max_length=10)
    scenes = models.JSONField(default=list)
    variables = models.JSONField(default=dict)
    audio = models.JSONField(default=dict, blank=True)
    published = models.BooleanField(default=False)
    deprecated = models.BooleanField(default=False)
    file_size = models.PositiveIntegerField(default=0, help_text="Bytes of the uploaded file.")
    created_at = models.DateTimeField(db_index=True)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"template {self.template_id} ({self.name})"


class SandboxRequest(models.Model):
    """One API call, so tests and benchmarks can count what reached the sandbox."""

    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    endpoint = models.CharField(max_length=40, blank=True, help_text="Route name, e.g. job_detail.")
    credential_kind = models.CharField(max_length=10, blank=True, help_text="key, token or empty.")
    credential = models.CharField(max_length=80, blank=True)
    status_code = models.PositiveSmallIntegerField()
    job_id = models.UUIDField(null=True, blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["credential", "created_at"], name="sandbox_req_cred_time"),
            models.Index(fields=["job_id", "credential"], name="sandbox_req_job_cred"),
        ]

    def __str__(self):
        return f"{self.method} {self.path} → {self.status_code}"


class SandboxWebhookDelivery(models.Model):
    """One attempt to POST a finished job to its webhook."""

    job = models.ForeignKey(SandboxJob, on_delete=models.CASCADE, related_name="deliveries")
    url = models.CharField(max_length=500)
    attempt = models.PositiveSmallIntegerField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "sandbox webhook deliveries"

    def __str__(self):
        return f"webhook {self.job_id} attempt {self.attempt} → {self.status_code or self.error}"


class SandboxBrand(models.Model):
    """A brand kit made through /v1/brands/editvideo. Shared by every credential, like jobs."""

    brand_id = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    color = models.JSONField(default=dict, blank=True, help_text="{primary: {...}, secondary: {...}}")
    font = models.JSONField(default=dict, blank=True)
    logo = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"brand {self.name} ({self.brand_id})"


class SandboxUpload(models.Model):
    """A file behind a signed upload URL (POST /v1/media/generateurl, then PUT).

    The bytes live under the media root at `key`; `size` stays empty until the PUT completes.
    """

    key = models.CharField(max_length=200, unique=True)
    file_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=200)
    size = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField()
    uploaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"upload {self.key} ({self.content_type})"


class SandboxVoiceTrack(models.Model):
    """A voice-over track added through POST /v1/voiceovers/tracks; its API id is
    TRACK_ID_BASE + pk, apart from the fixed catalogue's ids."""

    TRACK_ID_BASE = 5000

    name = models.CharField(max_length=100, unique=True)
    engine = models.CharField(max_length=40)
    service = models.CharField(max_length=20)
    language = models.CharField(max_length=20)
    description = models.TextField(blank=True)
    voice_id = models.CharField(max_length=200, blank=True)
    accent = models.CharField(max_length=100, blank=True)
    age = models.CharField(max_length=10, blank=True)
    gender = models.CharField(max_length=10, blank=True)
    sample = models.CharField(max_length=500, blank=True, help_text="The sample URL given, if any.")
    public_user_id = models.CharField(max_length=200, blank=True)
    elevenlabs_settings = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"voice track {self.track_id} ({self.name})"

    @property
    def track_id(self) -> int:
        return self.TRACK_ID_BASE + self.pk


class SandboxAwsConnection(models.Model):
    """A private AWS connection (/v1/awsconnections). `version` is the optimistic lock a PUT
    must quote."""

    connection_id = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    aws_account_id = models.CharField(max_length=12)
    aws_region = models.CharField(max_length=30)
    enabled = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"AWS connection {self.name} ({self.connection_id})"


class SandboxPicsartCall(models.Model):
    """One call to the Picsart imitation: its per-minute limit and its credits count these."""

    key = models.CharField(max_length=40, help_text="Fingerprint of the X-Picsart-API-Key.")
    endpoint = models.CharField(max_length=40)
    status_code = models.PositiveSmallIntegerField()
    charged = models.BooleanField(default=False, help_text="Whether the call used a credit.")
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["key", "created_at"], name="sandbox_picsart_key_time")]

    def __str__(self):
        return f"picsart {self.endpoint} → {self.status_code}"


class SandboxProject(models.Model):
    """A saved Pictory project: from a storyboard sent with `saveProject: true`, or one a
    person made in Pictory's web app (seeded by `manage.py sandbox_seed_projects`)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    account = models.CharField(max_length=80, db_index=True, help_text="Fingerprint of the owner.")
    name = models.CharField(max_length=500)
    source = models.CharField(max_length=20, help_text="api or web")
    layout = models.CharField(max_length=10, default="16:9")
    language = models.CharField(max_length=10, default="en")
    scenes = models.JSONField(default=list, help_text="[{story, background}] as a storyboard names them.")
    job = models.OneToOneField(SandboxJob, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="saved_project")
    created_at = models.DateTimeField(db_index=True)
    updated_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.name
