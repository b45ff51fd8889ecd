"""Email to one person about one event, unless they turned that kind off.

Sending is best effort: the action that triggered an email is already done, so a bad address or
a mail server fault is logged and never raised to the caller.
"""
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email

from videos.models import NotificationSettings
from videos.services.text import single_line

log = logging.getLogger(__name__)

SUBJECT_MAX_CHARS = 200


def subject_line(text: str) -> str:
    """`text` as one header-safe line (a line break in a header would start a new header)."""
    flat = single_line(text)
    return flat if len(flat) <= SUBJECT_MAX_CHARS else flat[: SUBJECT_MAX_CHARS - 1] + "…"


def wants(user, kind: str) -> bool:
    muted = NotificationSettings.objects.filter(user=user).values_list("muted", flat=True).first() or []
    return kind not in muted


def _deliverable(address: str) -> bool:
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


def notify(*, user, kind: str, subject: str, lines: list[str], path: str) -> bool:
    """Send one email with a link straight to `path`; False when not sent (muted, no valid
    address, or the mail server refused)."""
    if user is None or not user.is_active or not user.email or not wants(user, kind):
        return False
    if not _deliverable(user.email):
        log.warning("Not sending a %s email to user %s: their email address is not valid", kind, user.pk)
        return False
    link = settings.STUDIO_BASE_URL.rstrip("/") + path
    body = "\n".join([*lines, "", link, "", "You can turn these emails off in your notification settings."])
    try:
        send_mail(subject_line(subject), body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except Exception:  # the triggering action stands; a lost email must not undo or hide it
        log.exception("Could not send a %s email to user %s", kind, user.pk)
        return False
    log.info("Sent a %s email to user %s", kind, user.pk)
    return True


def notification_settings_save(*, user, enabled: set[str]) -> NotificationSettings:
    from videos.models import NotificationKind

    prefs, _ = NotificationSettings.objects.get_or_create(user=user)
    prefs.muted = [kind for kind in NotificationKind.values if kind not in enabled]
    prefs.save(update_fields=["muted"])
    return prefs
