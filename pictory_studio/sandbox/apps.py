from django.apps import AppConfig


class SandboxConfig(AppConfig):
    name = "pictory_studio.sandbox"
    label = "sandbox"
    verbose_name = "Pictory sandbox"
    default_auto_field = "django.db.models.BigAutoField"
