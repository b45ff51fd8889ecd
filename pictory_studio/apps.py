from django.apps import AppConfig, apps
from django.conf import settings
from django.core import checks


class StudioConfig(AppConfig):
    name = "pictory_studio"
    verbose_name = "Pictory Studio"

    def ready(self) -> None:
        checks.register(sandbox_follows_its_switch, checks.Tags.security)
        checks.register(a_task_outlasts_one_pictory_call)
        checks.register(gateway_settings_come_in_pairs)


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


SEND_MARGIN_SECONDS = 2


def one_call_seconds() -> float:
    """The longest one Pictory request may take before the client gives up on it."""
    return settings.PICTORY_CONNECT_TIMEOUT + settings.PICTORY_READ_TIMEOUT + SEND_MARGIN_SECONDS


def a_task_outlasts_one_pictory_call(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A worker task is stopped at its timeout: one stopped in the middle of sending a render
    leaves that job to be checked with Pictory, so every task must outlast a whole request."""
    timeout = settings.Q_CLUSTER.get("timeout") or 0
    if not timeout or timeout > one_call_seconds():
        return []
    return [checks.Error(
        f"Worker tasks are stopped after {timeout} s, but one Pictory request may take "
        f"{one_call_seconds():g} s (PICTORY_CONNECT_TIMEOUT + PICTORY_READ_TIMEOUT + {SEND_MARGIN_SECONDS}).",
        hint="Raise STUDIO_CLAIM_TIMEOUT_SECONDS (the task timeout is half of it, at most 60 s) or lower "
             "PICTORY_READ_TIMEOUT.",
        id="pictory_studio.E002",
    )]


def gateway_settings_come_in_pairs(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Half a gateway configuration would quietly leave the studio on its sandbox."""
    url, token = bool(settings.PICTORY_GATEWAY_URL), bool(settings.LOWCODEAPI_TOKEN)
    if url == token:
        return []
    missing = "LOWCODEAPI_TOKEN" if url else "PICTORY_GATEWAY_URL"
    return [checks.Warning(
        f"Only half of the LowCodeAPI gateway is configured: {missing} is not set, so the studio does not "
        "use the gateway.",
        hint="Set both PICTORY_GATEWAY_URL (e.g. https://api.lowcodeapi.com/pictory/pictoryapis) and "
             "LOWCODEAPI_TOKEN, or neither.",
        id="pictory_studio.W003",
    )]
