"""Who may do what: each role's actions. What an object's state allows, and who may decide on an
open review request (never the version's author; only the named reviewers when there are some),
live beside the review transitions (videos/services/review_policy.py); views check them through
`require` and `decide_refusal`."""
import time

from django.core.cache import cache
from django.db import models

from videos.models import Role


class Action(models.TextChoices):
    VIEW = "view", "see projects and versions"
    EDIT = "edit", "edit storyboards and settings"
    RENDER = "render", "preview and render"
    SEND_FOR_REVIEW = "send_for_review", "send a version for review"
    WITHDRAW = "withdraw", "withdraw a review request"
    COMMENT = "comment", "comment and reply"
    RESOLVE_COMMENT = "resolve_comment", "resolve comments"
    DECIDE = "decide", "approve or request changes"
    RUN_BATCHES = "run_batches", "make and launch batches"
    REVIEW_BATCHES = "review_batches", "review batch videos"
    MANAGE_TEMPLATES = "manage_templates", "import and edit templates"
    MANAGE_PEOPLE = "manage_people", "manage people and roles"
    MANAGE_BRANDS = "manage_brands", "create and change brand kits"
    MANAGE_MEDIA = "manage_media", "upload to the media library"
    MANAGE_VOICES = "manage_voices", "add custom voice tracks"
    MANAGE_ACCOUNT = "manage_account", "see the account and manage AWS connections"


ROLE_ACTIONS: dict[str, set[str]] = {
    Role.ADMIN: set(Action.values),
    Role.EDITOR: {Action.VIEW, Action.EDIT, Action.RENDER, Action.SEND_FOR_REVIEW, Action.WITHDRAW,
                  Action.COMMENT, Action.RESOLVE_COMMENT, Action.RUN_BATCHES, Action.MANAGE_MEDIA},
    Role.REVIEWER: {Action.VIEW, Action.COMMENT, Action.RESOLVE_COMMENT, Action.DECIDE, Action.REVIEW_BATCHES},
}


ROLES_VERSION_KEY = "people:roles-version"
ROLES_CACHE_SECONDS = 300


def roles_of(user) -> set[str]:
    """The person's roles (read once per request and remembered on the user object).

    Kept in the shared cache too, so a page polled every few seconds does not ask the database
    each time; any change of anyone's roles moves the version on, so a change shows at once."""
    if not user.is_authenticated or not user.is_active:
        return set()
    cached = getattr(user, "_studio_roles", None)
    if cached is None:
        version = cache.get_or_set(ROLES_VERSION_KEY, time.time_ns, timeout=None)
        key = f"people:roles:{version}:{user.pk}"
        names = cache.get(key)
        if names is None:
            names = sorted(user.groups.filter(name__in=Role.values).values_list("name", flat=True))
            cache.set(key, names, ROLES_CACHE_SECONDS)
        cached = set(names)
        if user.is_superuser:
            cached.add(Role.ADMIN)
        user._studio_roles = cached
    return cached


def roles_changed(**kwargs) -> None:
    """Someone's groups changed (either side of the relation, or a group itself): forget every
    remembered set of roles."""
    # A new version, never an old one again (even if the cache dropped the key meanwhile).
    cache.set(ROLES_VERSION_KEY, time.time_ns(), timeout=None)


def role_allows(user, action: str) -> bool:
    return any(action in ROLE_ACTIONS[role] for role in roles_of(user))
