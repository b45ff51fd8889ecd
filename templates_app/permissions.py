"""Who may do what with templates and batches (roles are shared with videos)."""
from videos.permissions import Action, role_allows


def can_manage_templates(user) -> bool:
    """Importing, editing and deleting templates is an admin's job."""
    return role_allows(user, Action.MANAGE_TEMPLATES)


def can_run_batches(user) -> bool:
    return role_allows(user, Action.RUN_BATCHES)


def can_review_batches(user) -> bool:
    return role_allows(user, Action.REVIEW_BATCHES)
