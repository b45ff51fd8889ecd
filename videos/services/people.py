"""People, their roles and their sign-in lockouts (managed by admins)."""
import logging
from dataclasses import dataclass
from datetime import datetime

from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.text import Truncator

from videos.models import Role

log = logging.getLogger(__name__)


def _known_roles(roles: set[str]) -> set[str]:
    unknown = sorted(roles - set(Role.values))
    if unknown:
        name = Truncator(unknown[0]).chars(40)
        raise ValidationError({"roles": f"“{name}” is not a role. Choose Admin, Editor or Reviewer; "
                                        "nothing was changed."})
    return roles


def roles_set(*, user, roles: set[str], by) -> None:
    """Give `user` exactly these roles. An admin cannot take Admin away from themselves."""
    _known_roles(roles)
    if user.pk == by.pk and Role.ADMIN not in roles and not user.is_superuser:
        raise ValidationError("You cannot remove your own Admin role; ask another admin.")
    user.groups.set([Group.objects.get_or_create(name=name)[0] for name in roles])


def _username_errors(username: str) -> list[str]:
    User = get_user_model()
    if not username:
        return ["Give the person a username."]
    try:
        User._meta.get_field(User.USERNAME_FIELD).run_validators(username)  # allowed characters, length
    except ValidationError as exc:
        return exc.messages
    if User.objects.filter(**{f"{User.USERNAME_FIELD}__iexact": username}).exists():
        return [f"“{username}” is already taken."]
    return []


def _email_errors(email: str) -> list[str]:
    if not email:
        return []  # optional: without one, the person gets no emails
    try:
        validate_email(email)
        get_user_model()._meta.get_field("email").run_validators(email)
    except ValidationError:
        return ["Enter a valid email address, like name@example.com, or leave it empty."]
    return []


def person_add(*, username: str, email: str, password: str, roles: set[str], by):
    """Add a person. Bad input raises ValidationError with a message per field; nothing is saved."""
    User = get_user_model()
    username = User.normalize_username(username.strip())
    email = email.strip()
    errors: dict[str, list[str]] = {}
    for field, messages in (("username", _username_errors(username)), ("email", _email_errors(email))):
        if messages:
            errors[field] = messages
    try:
        _known_roles(roles)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    candidate = User(username=username, email=email)
    try:
        validate_password(password, user=candidate)
    except ValidationError as exc:
        errors["password"] = exc.messages
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        candidate.set_password(password)
        candidate.save()
        roles_set(user=candidate, roles=roles or {Role.EDITOR}, by=by)
    return candidate


@dataclass(frozen=True)
class Lockout:
    """One username locked out of signing in from one address."""

    username: str
    ip_address: str | None
    until: datetime

    @property
    def minutes_left(self) -> int:
        return max(1, -(-int((self.until - timezone.now()).total_seconds()) // 60))


def _lockouts(**filters) -> list[Lockout]:
    cool_off = get_cool_off()
    rows = (AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cool_off, **filters)
            .values("username", "ip_address").order_by("username", "ip_address")
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time")))
    limit = get_failure_limit(None, None)
    return [Lockout(username=row["username"], ip_address=row["ip_address"], until=row["last"] + cool_off)
            for row in rows if row["failures"] >= limit]


def lockouts_list() -> list[Lockout]:
    """Every username now locked out of signing in, per address."""
    return _lockouts(username__isnull=False)


def lockout_for(*, username: str, ip_address: str | None) -> Lockout | None:
    """The lockout of this username from this address, if there is one now."""
    found = _lockouts(username=username, ip_address=ip_address)
    return found[0] if found else None


def person_unlock(*, username: str, by) -> int:
    """Let `username` try to sign in again from every address; returns how many records were cleared."""
    if not username:
        raise ValidationError("Say whom to unlock.")
    cleared = axes_reset(username=username)
    log.info("User %s cleared %d failed sign-in records", by.pk, cleared)
    return cleared
