"""People and their roles (managed by admins)."""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from videos.models import Role


def roles_set(*, user, roles: set[str], by) -> None:
    """Give `user` exactly these roles. An admin cannot take Admin away from themselves."""
    if user.pk == by.pk and Role.ADMIN not in roles and not user.is_superuser:
        raise ValidationError("You cannot remove your own Admin role; ask another admin.")
    groups = [Group.objects.get_or_create(name=name)[0] for name in roles if name in Role.values]
    user.groups.set(groups)


def person_add(*, username: str, email: str, password: str, roles: set[str], by):
    User = get_user_model()
    username = username.strip()
    if not username:
        raise ValidationError("Give the person a username.")
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(f"“{username}” is already taken.")
    candidate = User(username=username, email=email.strip())
    validate_password(password, user=candidate)
    with transaction.atomic():
        candidate.set_password(password)
        candidate.save()
        roles_set(user=candidate, roles=roles or {Role.EDITOR}, by=by)
    return candidate
