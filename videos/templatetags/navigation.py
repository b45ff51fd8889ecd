"""Which top-bar section the current page belongs to, from the URL that matched it."""
from django import template

register = template.Library()

# (URL namespace, URL name prefix, section); the first match wins, "" means no section.
_SECTION_RULES: tuple[tuple[str, str, str], ...] = (
    ("videos", "review_queue", "reviews"),
    ("videos", "people", "people"),
    ("videos", "person_", "people"),
    ("videos", "notification_settings", ""),
    ("videos", "pictory_webhook", ""),
    ("videos", "brand_", "brands"),
    ("videos", "media_", "media"),
    ("videos", "recording_", "recordings"),
    ("videos", "voice", "voices"),
    ("videos", "account", "account"),
    ("videos", "aws_", "account"),
    ("videos", "", "projects"),  # projects, their scenes, jobs, versions, comments and compare
    ("templates_app", "template_", "templates"),
    ("templates_app", "batch_", "batches"),
    ("templates_app", "row_", "batches"),
    ("reports", "", "reports"),
)


def section_for(*, namespace: str, url_name: str) -> str:
    """The top-bar section of a URL, or "" for pages outside every section."""
    for rule_namespace, prefix, section in _SECTION_RULES:
        if namespace == rule_namespace and url_name.startswith(prefix):
            return section
    return ""


@register.simple_tag(takes_context=True)
def nav_section(context) -> str:
    """The current page's section: `{% nav_section as section %}`."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None:  # e.g. a 404 page: no URL matched
        return ""
    return section_for(namespace=match.namespace or "", url_name=match.url_name or "")
