"""Creating projects and editing their storyboards."""
from django.db import transaction
from django.db.models import F, Max

from videos.models import Brand, Project, Scene, VisualKind

SCENE_FIELDS = (
    "narration", "visual_kind", "visual_query", "visual_url", "visual_color",
    "transition", "minimum_duration", "hide_subtitles",
)


def project_create(*, owner, title: str, aspect_ratio: str, language: str, brand: Brand | None = None) -> Project:
    project = Project(owner=owner, title=title.strip(), aspect_ratio=aspect_ratio, language=language, brand=brand)
    if brand:
        if brand.default_voice:
            project.voice_speaker = brand.default_voice
        project.music_volume = brand.default_music_volume
    project.save()
    return project


def project_update_settings(*, project: Project, **values) -> Project:
    for name, value in values.items():
        setattr(project, name, value)
    project.save()
    return project


def _next_position(project: Project) -> int:
    top = project.scenes.aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


def scene_add(*, project: Project, narration: str = "", after: Scene | None = None) -> Scene:
    """A new scene at the end, or right after `after`; it inherits the previous scene's visual."""
    with transaction.atomic():
        if after is not None:
            position = after.position + 1
            project.scenes.filter(position__gte=position).update(position=F("position") + 1)
        else:
            position = _next_position(project)
        previous = after or project.scenes.order_by("-position").first()
        scene = Scene(project=project, position=position, narration=narration)
        if previous is None:
            scene.visual_kind, scene.visual_color = VisualKind.COLOR, (
                project.brand.primary_color if project.brand_id else "#1F3A5F"
            )
        else:
            for name in ("visual_kind", "visual_query", "visual_url", "visual_color", "transition"):
                setattr(scene, name, getattr(previous, name))
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
