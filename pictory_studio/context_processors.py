from django.utils.functional import SimpleLazyObject

from pictory_studio.pictory.factory import pictory_mode

_MODE_LABELS = {
    "sandbox": "Sandbox: renders are made by the studio's built-in Pictory imitation; no credits are used.",
    "api_key": "Connected to Pictory with an API key.",
    "oauth": "Connected to Pictory with client credentials.",
    "gateway": "Connected to Pictory through the LowCodeAPI gateway.",
}


def _quota_readers(user):
    """(snapshot, pill) read lazily and together: one query, and only on pages that show them
    (htmx fragments never touch them)."""
    from videos.services.account import quota_current, quota_pill

    read: dict = {}

    def snapshot():
        if "snapshot" not in read:
            read["snapshot"] = quota_current() if user is not None and user.is_authenticated else None
        return read["snapshot"]

    def shown():
        row = snapshot()
        return row if row is not None and row.fetched_at is not None else None

    return SimpleLazyObject(shown), SimpleLazyObject(lambda: quota_pill(snapshot=shown()))


def studio(request) -> dict:
    from videos.permissions import roles_of

    mode = pictory_mode()
    user = getattr(request, "user", None)
    quota, pill = _quota_readers(user)
    return {"pictory_mode": mode, "pictory_mode_label": _MODE_LABELS.get(mode, mode),
            "studio_roles": roles_of(user) if user is not None else set(),
            "quota": quota, "quota_pill": pill}
