from pictory_studio.pictory.factory import pictory_mode

_MODE_LABELS = {
    "sandbox": "Sandbox: renders are made by the studio's built-in Pictory imitation; no credits are used.",
    "api_key": "Connected to Pictory with an API key.",
    "oauth": "Connected to Pictory with client credentials.",
}


def studio(request) -> dict:
    from videos.permissions import roles_of

    mode = pictory_mode()
    user = getattr(request, "user", None)
    return {"pictory_mode": mode, "pictory_mode_label": _MODE_LABELS.get(mode, mode),
            "studio_roles": roles_of(user) if user is not None else set()}
