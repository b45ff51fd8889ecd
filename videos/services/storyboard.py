"""Creating projects and editing their storyboards."""
from collections.abc import Sequence

from django.db import transaction
from django.db.models import F, Max

from pictory_studio.pictory import Voice
from videos.models import Brand, Project, Scene, VisualKind
from videos.services.text import single_line
from videos.services.voices import default_voice_for

SCENE_FIELDS = (
    "narration", "visual_kind", "visual_query", "visual_url", "visual_color",
    "transition", "minimum_duration", "hide_subtitles",
)


def project_create(*, owner, title: str, aspect_ratio: str, language: str, brand: Brand | None = None,
                   voices: Sequence[Voice] = ()) -> Project:
    project = Project(owner=owner, title=single_line(title), aspect_ratio=aspect_ratio, language=language,
                      brand=brand)
    preferred = brand.default_voice if brand else ""
    offered = default_voice_for(language=language, voices=list(voices), preferred=preferred)
    # No voice for the language: the account's first voice, so the voice check stays quiet. No voice
    # list at all (Pictory unreachable): the kit's voice or the model's default is kept.
    project.voice_speaker = (offered or (voices[0].name if voices else "") or preferred
                             or Project._meta.get_field("voice_speaker").default)
    if brand:
        project.voice_speed = brand.default_voice_speed
        project.music_enabled = brand.music_enabled
        project.music_volume = brand.default_music_volume
    with transaction.atomic():
        project.save()
        if brand:
            _add_brand_bookends(project, brand)
    return project


def _bookend(project: Project, brand: Brand, *, position: int, text: str, clip_url: str) -> Scene:
    scene = Scene(project=project, position=position, narration=text.strip())
    if clip_url.strip():
        scene.visual_kind, scene.visual_url = VisualKind.MEDIA, clip_url.strip()
    else:
        scene.visual_kind, scene.visual_color, scene.visual_query = VisualKind.COLOR, brand.primary_color, ""
    return scene


def _add_brand_bookends(project: Project, brand: Brand) -> None:
    """The kit's intro and outro become the first and last scenes of a new project."""
    scenes = []
    if brand.intro_text.strip() or brand.intro_clip_url.strip():
        scenes.append(_bookend(project, brand, position=0, text=brand.intro_text, clip_url=brand.intro_clip_url))
    if brand.outro_text.strip() or brand.outro_clip_url.strip():
        scenes.append(_bookend(project, brand, position=len(scenes), text=brand.outro_text,
                               clip_url=brand.outro_clip_url))
    Scene.objects.bulk_create(scenes)


def project_update_settings(*, project: Project, **values) -> Project:
    if "title" in values:
        values["title"] = single_line(values["title"])
    for name, value in values.items():
        setattr(project, name, value)
    project.save()
    return project


def _next_position(project: Project) -> int:
    top = project.scenes.aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


def scene_draft(*, project: Project, after: Scene | None = None) -> Scene:
    """An unsaved scene for the "add scene" form: it takes the previous scene's visual."""
    previous = after or project.scenes.order_by("-position").first()
    scene = Scene(project=project)
    if previous is None:
        scene.visual_kind = VisualKind.COLOR
        scene.visual_color = project.brand.primary_color if project.brand_id else "#1F3A5F"
    else:
        for name in ("visual_kind", "visual_query", "visual_url", "visual_color", "transition"):
            setattr(scene, name, getattr(previous, name))
    return scene


def scene_add(*, project: Project, narration: str = "", after: Scene | None = None, **values) -> Scene:
    """A new scene at the end, or right after `after`; fields not given follow the previous scene."""
    with transaction.atomic():
        scene = scene_draft(project=project, after=after)
        if after is not None:
            scene.position = after.position + 1
            project.scenes.filter(position__gte=scene.position).update(position=F("position") + 1)
        else:
            scene.position = _next_position(project)
        scene.narration = narration
        for name, value in values.items():
            if name in SCENE_FIELDS:
                setattr(scene, name, value)
        scene.save()
        project.save(update_fields=["updated_at"])
    return scene


def scene_update(*, scene: Scene, **values) -> Scene:
    for name, value in values.items():
        if name in SCENE_FIELDS:
            setattr(scene, name, value)
    scene.save()
    scene.project.save(update_fields=["updated_at"])
    return scene


def scene_duplicate(*, scene: Scene) -> Scene:
    with transaction.atomic():
        scene.project.scenes.filter(position__gt=scene.position).update(position=F("position") + 1)
        copy = Scene(project=scene.project, position=scene.position + 1)
        for name in SCENE_FIELDS:
            setattr(copy, name, getattr(scene, name))
        copy.save()
    return copy


def scene_delete(*, scene: Scene) -> None:
    with transaction.atomic():
        project, position = scene.project, scene.position
        scene.delete()
        project.scenes.filter(position__gt=position).update(position=F("position") - 1)


def scene_move(*, scene: Scene, direction: str) -> bool:
    """Swap a scene with its neighbour above ("up") or below ("down")."""
    neighbours = scene.project.scenes.exclude(pk=scene.pk)
    if direction == "up":
        other = neighbours.filter(position__lte=scene.position).order_by("-position", "-id").first()
    else:
        other = neighbours.filter(position__gte=scene.position).order_by("position", "id").first()
    if other is None:
        return False
    with transaction.atomic():
        mine, theirs = scene.position, other.position
        if mine == theirs:  # repair ties left by older data
            theirs = mine - 1 if direction == "up" else mine + 1
        Scene.objects.filter(pk=scene.pk).update(position=theirs)
        Scene.objects.filter(pk=other.pk).update(position=mine)
    return True
