"""How the studio reads: the section marked in the top bar, times, thumbnails, admin names, messages."""
import datetime
import re
from pathlib import Path

import pytest
from django.urls import get_resolver, reverse
from django.utils import timezone

from pictory_studio.pictory import AuthenticationError, NotFoundError, ServerError
from templates_app.models import Batch, VideoTemplate
from tests.factories import ProjectFactory, UserFactory
from videos.models import RenderJob
from videos.services.explain import pictory_error_text
from videos.templatetags.navigation import section_for
from videos.templatetags.studio import ago

pytestmark = pytest.mark.django_db
CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "studio.css"
NAV = re.compile(r'<nav class="topnav"[^>]*>(.*?)</nav>', re.DOTALL)
LINK = re.compile(r"<a [^>]*>([^<]+)</a>")


def current_links(html: str) -> list[str]:
    """The top-bar links marked as the current page."""
    nav = NAV.search(html).group(1)
    return [text for text in LINK.findall(nav) if re.search(
        rf'<a [^>]*aria-current="page"[^>]*>{re.escape(text)}</a>', nav)]


@pytest.fixture
def lead(db):
    return UserFactory(username="lead", is_staff=True, roles=["Admin", "Editor", "Reviewer"])


# --- The section you are in -------------------------------------------------------------------

def test_each_section_marks_its_own_link(client, lead):
    client.force_login(lead)
    project = ProjectFactory(owner=lead)
    job = RenderJob.objects.create(project=project, kind="render", version=1, status="completed")
    template = VideoTemplate.objects.create(pictory_template_id="t-1", name="Welcome", scenes=[], variables={})
    batch = Batch.objects.create(template=template, name="Wave", created_by=lead)
    expected = {
        reverse("videos:project_list"): ["Projects"],
        reverse("videos:project_create"): ["Projects"],
        project.get_absolute_url(): ["Projects"],
        reverse("videos:version_review", args=[job.pk]): ["Projects"],
        reverse("templates_app:template_list"): ["Templates"],
        template.get_absolute_url(): ["Templates"],
        reverse("templates_app:batch_list"): ["Batches"],
        batch.get_absolute_url(): ["Batches"],
        reverse("videos:review_queue"): ["Reviews"],
        reverse("videos:recording_list"): ["Recordings"],
        reverse("videos:people"): ["People"],
        reverse("videos:notification_settings"): [],
    }
    for url, links in expected.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert current_links(response.content.decode()) == links, url


def test_every_studio_url_belongs_to_the_section_of_its_path():
    """Checked against the URL itself, so a new page cannot silently fall outside its section."""
    by_path = [("reviews/", "reviews"), ("people/", "people"), ("templates/", "templates"),
               ("batches/", "batches"), ("rows/", "batches"), ("settings/", ""), ("hooks/", ""),
               ("brands/", "brands"), ("media/", "media"), ("voices/", "voices"), ("account/", "account"),
               ("recordings/", "recordings"),
               ("", "projects")]

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):  # an include(): its paths continue the prefix
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), pattern.name

    for namespace in ("videos", "templates_app"):
        for path, name in walk(get_resolver().namespace_dict[namespace][1].url_patterns):
            section = next(section for prefix, section in by_path if path.startswith(prefix))
            assert section_for(namespace=namespace, url_name=name) == section, path


def test_a_page_outside_the_studio_urls_marks_nothing():
    assert section_for(namespace="", url_name="login") == ""
    assert section_for(namespace="admin", url_name="index") == ""


# --- Times --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("seconds_ago", "text"), [
    (0, "just now"),
    (59, "just now"),
    (60, "1 minute ago"),
    (5 * 60 + 10, "5 minutes ago"),
    (2 * 3600 + 5 * 60, "2 hours, 5 minutes ago"),
    (3 * 86400, "3 days ago"),
    (-20, "just now"),
    (-5 * 60 - 10, "in 5 minutes"),
])
def test_ago_says_just_now_within_a_minute(seconds_ago, text):
    # Django keeps "5 minutes" on one line with a no-break space.
    assert ago(timezone.now() - datetime.timedelta(seconds=seconds_ago)).replace("\xa0", " ") == text


def test_ago_of_nothing_is_empty():
    assert ago(None) == ""
    assert ago("") == ""


def test_ago_accepts_a_naive_time():
    assert ago(datetime.datetime.now() - datetime.timedelta(minutes=3)) == "3\xa0minutes ago"


def test_a_project_made_a_moment_ago_reads_just_now(client, lead):
    client.force_login(lead)
    ProjectFactory(owner=lead, title="Fresh idea")
    page = client.get(reverse("videos:project_list")).content.decode()
    assert "just now by lead" in page
    assert "0 minutes" not in page


def test_a_batch_started_an_hour_ago_says_so(client, lead):
    client.force_login(lead)
    template = VideoTemplate.objects.create(pictory_template_id="t-1", name="Welcome", scenes=[], variables={},
                                            synced_at=timezone.now())
    batch = Batch.objects.create(template=template, name="Wave", created_by=lead)
    Batch.objects.filter(pk=batch.pk).update(created_at=timezone.now() - datetime.timedelta(hours=1))
    assert "1\xa0hour ago by lead" in client.get(reverse("templates_app:batch_list")).content.decode()
    assert "synced just now" in client.get(template.get_absolute_url()).content.decode()


# --- Thumbnails ---------------------------------------------------------------------------------

@pytest.mark.parametrize("ratio", ["9:16", "1:1", "4:5", "16:9"])
def test_a_thumbnail_is_fitted_whole_into_its_card(client, lead, ratio):
    client.force_login(lead)
    project = ProjectFactory(owner=lead, title="Story cut", aspect_ratio=ratio)
    RenderJob.objects.create(project=project, kind="render", version=1, status="completed",
                             thumbnail_url="http://cdn.test/final.jpg")
    page = client.get(reverse("videos:project_list")).content.decode()
    assert '<img class="thumb-fit" src="http://cdn.test/final.jpg"' in page


def test_the_thumbnail_style_contains_the_picture_instead_of_cropping_it():
    rule = re.search(r"\.thumb-fit \{([^}]*)\}", CSS.read_text()).group(1)
    assert "object-fit: contain" in rule
    # Out of the flow: a tall picture cannot stretch its 16:9 frame and be cut to a strip.
    assert "position: absolute" in rule and "inset: 0" in rule


# --- Admin names --------------------------------------------------------------------------------

def test_admin_index_spells_plurals_right(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert ">Batches<" in page and ">Notification settings<" in page and ">Activities<" in page
    assert "Batchs" not in page and "settingss" not in page


# --- Messages for failed Pictory calls ----------------------------------------------------------

def test_templates_list_missing_says_the_account_does_not_offer_templates():
    text = pictory_error_text(NotFoundError("Not Found", status=404), action="template_pull")
    assert text.startswith("This Pictory account or API does not offer templates")
    assert "plan" in text and "PICTORY_API_BASE_URL" in text and ".pictai" in text
    assert "no longer has" not in text and "Pull the templates again" not in text


def test_template_upload_missing_says_the_account_does_not_offer_templates():
    text = pictory_error_text(NotFoundError("Not Found", status=404), action="template_upload")
    assert text.startswith("This Pictory account or API does not offer templates")
    assert "the template upload" in text and "PICTORY_API_BASE_URL" in text
    assert "no longer has" not in text and "Pull the templates again" not in text


@pytest.mark.parametrize("action", ["template_edit", "template_delete"])
def test_a_template_that_vanished_says_so(action):
    text = pictory_error_text(NotFoundError("Template not found", status=404), action=action)
    assert text == "Pictory no longer has this template. Pull the templates again to refresh the list."


def test_not_found_without_a_known_call_claims_nothing_about_templates():
    text = pictory_error_text(NotFoundError("Cannot GET /v1/things", status=404))
    assert text == "Pictory did not find what the studio asked for (Cannot GET /v1/things)."


def test_other_failures_read_the_same_whatever_the_call():
    refused = AuthenticationError("Unauthorized", status=401)
    assert pictory_error_text(refused, action="template_pull") == pictory_error_text(refused)
    assert "credentials" in pictory_error_text(refused, action="template_upload")
    assert "try again in a minute" in pictory_error_text(ServerError("Bad gateway", status=502),
                                                         action="template_pull")


def test_an_unknown_call_name_is_a_programming_error():
    with pytest.raises(ValueError, match="template_pul"):
        pictory_error_text(NotFoundError("Not Found", status=404), action="template_pul")
