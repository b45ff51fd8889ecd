"""Templates: import a .pictai file, pull the account's templates, edit scene text, delete."""
import json

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from pictory_studio.pictory import NotFoundError
from pictory_studio.pictory.factory import client_from_settings
from templates_app.models import VideoTemplate
from templates_app.services.variables import extract_variables
from videos.services.text import without_nul


class TemplateFileError(ValueError):
    """A project file the studio will not send, with what to do about it."""


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def check_template_file(data: bytes) -> None:
    """Refuse files Pictory would refuse, before uploading them."""
    cap = settings.PICTORY_TEMPLATE_MAX_BYTES
    if len(data) > cap:
        raise TemplateFileError(f"The project file is {_megabytes(len(data))}; the limit is {_megabytes(cap)}. "
                                "Export the project again without embedded media.")
    if not data.strip():
        raise TemplateFileError("The file is empty. Export the project from Pictory again.")
    try:
        project = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise TemplateFileError("This is not a Pictory project file: it is not JSON. "
                                "In Pictory, open the project and use Download → Project file (.pictai).") from None
    if not isinstance(project, dict) or not isinstance(project.get("scenes"), list):
        raise TemplateFileError("This JSON file is not a Pictory project: it has no list of scenes.")
    if not project["scenes"]:
        raise TemplateFileError("This Pictory project has no scenes. Add scenes in Pictory and export it again.")


def template_save(*, remote, user=None) -> VideoTemplate:
    """Create or update our mirror of a Pictory template."""
    scenes = [{"scene_id": s.scene_id, "text": without_nul(s.text)} for s in remote.scenes]
    names = extract_variables(s["text"] for s in scenes)
    variables = {name: (remote.variables or {}).get(name, name) for name in names}
    template, _ = VideoTemplate.objects.update_or_create(
        pictory_template_id=remote.template_id,
        defaults={"name": remote.name or "Untitled template", "language": remote.language or "en",
                  "aspect_ratio": remote.aspect_ratio or "", "scenes": scenes, "variables": variables,
                  "synced_at": timezone.now()},
        create_defaults={"name": remote.name or "Untitled template", "language": remote.language or "en",
                         "aspect_ratio": remote.aspect_ratio or "", "scenes": scenes, "variables": variables,
                         "synced_at": timezone.now(), "created_by": user},
    )
    return template


def template_import_file(*, data: bytes, user, client=None) -> VideoTemplate:
    check_template_file(data)
    remote = (client or client_from_settings()).create_template(data)
    return template_save(remote=remote, user=user)


def template_pull_all(*, user, client=None) -> int:
    """Mirror every template of the Pictory account; returns how many were read."""
    client = client or client_from_settings()
    count = 0
    for summary in client.list_templates():
        try:
            remote = client.get_template(summary.template_id)
        except NotFoundError:
            continue  # deleted at Pictory between the list and this read
        template_save(remote=remote, user=user)
        count += 1
    return count


def template_update_scenes(*, template: VideoTemplate, texts: dict[str, str], client=None) -> VideoTemplate:
    """Change scene text at Pictory, then here (future videos only)."""
    scenes = [{"scene_id": s["scene_id"], "text": without_nul(texts.get(str(s["scene_id"]), s["text"]))}
              for s in template.scenes]
    payload = [{"sceneId": s["scene_id"], "subtitles": [{"text": s["text"]}]} for s in scenes]
    (client or client_from_settings()).update_template(template.pictory_template_id, payload)
    names = extract_variables(s["text"] for s in scenes)
    template.scenes = scenes
    template.variables = {name: template.variables.get(name, name) for name in names}
    template.synced_at = timezone.now()
    template.save(update_fields=["scenes", "variables", "synced_at"])
    return template


def template_delete(*, template: VideoTemplate, client=None) -> bool:
    """Delete at Pictory; keep our row (inactive) when batches still refer to it.

    Returns True when the template is gone here too."""
    (client or client_from_settings()).delete_template(template.pictory_template_id)
    with transaction.atomic():
        if template.batches.exists():
            template.is_active = False
            template.save(update_fields=["is_active"])
            return False
        template.delete()
    return True


def scenes_using(template: VideoTemplate) -> dict[str, list[int]]:
    """Variable name -> the scene numbers whose text uses it."""
    usage: dict[str, list[int]] = {name: [] for name in template.variables}
    for number, scene in enumerate(template.scenes, start=1):
        for name in extract_variables([scene["text"]]):
            usage.setdefault(name, []).append(number)
    return usage
