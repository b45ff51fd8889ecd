"""Who may do what with templates and batches."""


def can_manage_templates(user) -> bool:
    """Importing, editing and deleting templates is an admin's job."""
    return user.is_authenticated and user.is_active and user.is_staff


def can_run_batches(user) -> bool:
    return user.is_authenticated and user.is_active
