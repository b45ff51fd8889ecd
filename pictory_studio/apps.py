from django.apps import AppConfig, apps
from django.conf import settings
from django.core import checks


class StudioConfig(AppConfig):
    name = "pictory_studio"
    verbose_name = "Pictory Studio"

    def ready(self) -> None:
        checks.register(sandbox_follows_its_switch, checks.Tags.security)


def sandbox_follows_its_switch(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """The sandbox app is installed exactly when settings.PICTORY_SANDBOX_ENABLED is on, so a
    settings module that lists it by hand cannot put it next to real credentials."""
    installed = apps.is_installed("pictory_studio.sandbox")
    if installed == bool(settings.PICTORY_SANDBOX_ENABLED):
        return []
    if installed:
        message = "The Pictory sandbox app is installed although PICTORY_SANDBOX_ENABLED is off."
        hint = "Leave pictory_studio.sandbox out of INSTALLED_APPS; base settings add it in sandbox mode."
    else:
        message = "PICTORY_SANDBOX_ENABLED is on but the Pictory sandbox app is not installed."
        hint = "Add pictory_studio.sandbox.apps.SandboxConfig to INSTALLED_APPS, or set Pictory credentials."
    return [checks.Error(message, hint=hint, id="pictory_studio.E001")]
