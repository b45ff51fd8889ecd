"""What changed between two versions' storyboards: settings, and scene by scene."""
from dataclasses import dataclass, field
from difflib import SequenceMatcher

SETTING_LABELS = {
    "aspectRatio": "Aspect ratio", "language": "Language", "voice": "Voice", "speed": "Voice speed",
    "music": "Music", "brandId": "Brand kit",
}


@dataclass(frozen=True)
class SceneChange:
    kind: str  # "same" | "edited" | "added" | "removed"
    old: dict | None
    new: dict | None
    changes: list[str] = field(default_factory=list)  # what differs in an edited scene


def _settings(board: dict) -> dict:
    voices = ((board.get("voiceOver") or {}).get("aiVoices") or [{}])[0]
    music = board.get("backgroundMusic") or {}
    return {
        "aspectRatio": board.get("aspectRatio", ""), "language": board.get("language", ""),
        "voice": voices.get("speaker", ""), "speed": voices.get("speed", ""),
        "music": f"{music.get('volume', 0):g}" if music.get("enabled") else "off",
        "brandId": board.get("brandId", ""),
    }


def visual_label(scene: dict) -> str:
    background = scene.get("background") or {}
    if "color" in background:
        return f"colour {background['color']}"
    if "visualUrl" in background:
        return f"media {background['visualUrl']}"
    return f"stock “{(background.get('searchFilter') or {}).get('query', '')}”"


def _scene_changes(old: dict, new: dict) -> list[str]:
    found = []
    if old.get("story") != new.get("story"):
        found.append("text")
    if visual_label(old) != visual_label(new):
        found.append("visual")
    for key, label in (("sceneTransition", "transition"), ("minimumDuration", "minimum duration"),
                       ("hideSubtitles", "subtitles")):
        if old.get(key) != new.get(key):
            found.append(label)
    return found


def settings_diff(old: dict, new: dict) -> list[tuple[str, str, str]]:
    before, after = _settings(old), _settings(new)
    return [(SETTING_LABELS[k], str(before[k]), str(after[k])) for k in before if before[k] != after[k]]


def scenes_diff(old: dict, new: dict) -> list[SceneChange]:
    """Scenes aligned by their text; a replaced run pairs up as edits, the rest as added/removed."""
    a, b = old.get("scenes") or [], new.get("scenes") or []
    matcher = SequenceMatcher(a=[s.get("story", "") for s in a], b=[s.get("story", "") for s in b], autojunk=False)
    result: list[SceneChange] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for old_scene, new_scene in zip(a[i1:i2], b[j1:j2], strict=True):
                changes = _scene_changes(old_scene, new_scene)
                result.append(SceneChange("edited" if changes else "same", old_scene, new_scene, changes))
            continue
        pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(pairs):
            result.append(SceneChange("edited", a[i1 + k], b[j1 + k], _scene_changes(a[i1 + k], b[j1 + k])))
        result.extend(SceneChange("removed", scene, None) for scene in a[i1 + pairs:i2])
        result.extend(SceneChange("added", None, scene) for scene in b[j1 + pairs:j2])
    return result
