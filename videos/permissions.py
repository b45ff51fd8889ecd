"""Who may do what to projects. Every signed-in team member may edit any project for now."""


def can_view_project(user, project) -> bool:
    return user.is_authenticated and user.is_active


def can_edit_project(user, project) -> bool:
    return user.is_authenticated and user.is_active
