from django.apps import AppConfig


class SandboxConfig(AppConfig):
    """Installed, with its URLs mounted at /sandbox/, only in sandbox mode
    (settings.PICTORY_SANDBOX_ENABLED: no Pictory credentials, not production settings)."""

    name = "pictory_studio.sandbox"
    label = "sandbox"
    verbose_name = "Pictory sandbox"
    default_auto_field = "django.db.models.BigAutoField"
