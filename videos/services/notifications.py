"""Email to one person about one event, unless they turned that kind off."""
import logging

from django.conf import settings
from django.core.mail import send_mail

from videos.models import NotificationSettings

log = logging.getLogger(__name__)


def wants(user, kind: str) -> bool:
    muted = NotificationSettings.objects.filter(user=user).values_list("muted", flat=True).first() or []
    return kind not in muted


def notify(*, user, kind: str, subject: str, lines: list[str], path: str) -> bool:
    """Send one email with a link straight to `path`; False when not sent (muted, no address)."""
    if user is None or not user.is_active or not user.email or not wants(user, kind):
        return False
    link = settings.STUDIO_BASE_URL.rstrip("/") + path
    body = "\n".join([*lines, "", link, "", "You can turn these emails off in your notification settings."])
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    log.info("Sent a %s email to user %s", kind, user.pk)
    return True


def notification_settings_save(*, user, enabled: set[str]) -> NotificationSettings:
    from videos.models import NotificationKind

    prefs, _ = NotificationSettings.objects.get_or_create(user=user)
    prefs.muted = [kind for kind in NotificationKind.values if kind not in enabled]
    prefs.save(update_fields=["muted"])
    return prefs
