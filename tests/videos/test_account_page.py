"""The account page (Admins by role): the four quota lines, one read per Refresh click, the
connection mode without secrets, and a failed render explained in plain words."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.helpers import sandbox_calls
from videos.models import QuotaSnapshot, RenderJob

pytestmark = pytest.mark.django_db
ADMIN_PAGES = [
    ("get", "videos:account", []), ("post", "videos:account_quota_refresh", []),
    ("get", "videos:aws_connection_list", []), ("get", "videos:aws_connection_create", []),
    ("post", "videos:aws_connection_create", []), ("get", "videos:aws_connection_detail", ["c1"]),
    ("get", "videos:aws_connection_edit", ["c1"]), ("post", "videos:aws_connection_edit", ["c1"]),
    ("get", "videos:aws_connection_delete", ["c1"]), ("post", "videos:aws_connection_delete", ["c1"]),
]


def _as(client, role):
    person = UserFactory(username=role.lower(), roles=[role])
    client.force_login(person)
    return person


@pytest.fixture
def admin(client):
    person = _as(client, "Admin")
    assert not person.is_superuser
    return person


def test_the_page_lives_at_account():
    assert reverse("videos:account") == "/account/"
    assert reverse("videos:aws_connection_list") == "/account/aws/"


@pytest.mark.parametrize("role", ["Editor", "Reviewer"])
def test_only_admins_see_the_account_and_its_connections(client, sandbox, role):
    _as(client, role)
    for method, name, args in ADMIN_PAGES:
        response = getattr(client, method)(reverse(name, args=args), {"name": "x", "version": "1"})
        assert response.status_code == 403, name
    assert sandbox_calls("GET", "/v1/quota") == 0 and sandbox_calls("POST", "/v1/awsconnections") == 0
    assert 'href="/account/"' not in client.get(reverse("videos:project_list")).content.decode()


def test_an_admin_by_role_sees_usage_not_read_yet_and_the_connection(client, sandbox, settings, admin):
    page = client.get(reverse("videos:account")).content.decode()

    assert "Usage this billing term" in page and "Not read yet." in page and "Refresh" in page
    assert "Sandbox" in page and f"{settings.STUDIO_BASE_URL}/sandbox/pictoryapis" in page
    assert settings.PICTORY_SANDBOX_API_KEY not in page
    assert "AWS private connections" in page and "No connections yet." in page
    assert 'aria-current="page">Account<' in page


def test_refresh_reads_once_and_shows_the_four_lines(client, sandbox, settings, admin):
    settings.PICTORY_SANDBOX_VIDEO_MINUTES_LIMIT = 45

    response = client.post(reverse("videos:account_quota_refresh"))

    assert response.status_code == 302 and response["Location"] == reverse("videos:account")
    assert sandbox_calls("GET", "/v1/quota") == 1
    page = client.get(response["Location"]).content.decode()
    assert sandbox_calls("GET", "/v1/quota") == 1  # showing the page reads nothing
    assert "Read the account&#x27;s usage from Pictory just now." in page
    for label in ("Video minutes", "Transcription minutes", "ElevenLabs voice minutes", "AI credits"):
        assert f"<strong>{label}</strong>" in page
    assert "0 of 45 min used · <strong>45 left</strong> (100%)" in page
    assert "0 of 1,000 credits used · <strong>1,000 left</strong> (100%)" in page
    assert "Read from Pictory just now" in page
    assert ">45 video min left<" in page  # the top bar too


def test_the_bars_show_used_left_and_percent_with_a_warning_colour(client, admin):
    QuotaSnapshot.objects.create(video_minutes_used=90, video_minutes_limit=100, voice_minutes_used=100,
                                 voice_minutes_limit=100, ai_credits_used=10, ai_credits_limit=40,
                                 fetched_at=timezone.now() - timedelta(minutes=5))

    page = client.get(reverse("videos:account")).content.decode()

    video = page.split('id="quota-video"', 1)[1].split("</li>", 1)[0]
    assert "quota-low" in page.split('id="quota-video"', 1)[0].rsplit("<li", 1)[1]
    assert "90 of 100 min used · <strong>10 left</strong> (10%)" in video
    assert 'aria-valuenow="90"' in video and 'style="width: 90%"' in video
    voice = page.split('id="quota-voice"', 1)[1].split("</li>", 1)[0]
    assert "<strong>0 left</strong> (0%)" in voice and "Used up" in voice
    assert "0 min used · no limit reported" in page.split('id="quota-transcription"', 1)[1].split("</li>", 1)[0]
    assert "5\xa0minutes ago" in page


def test_a_refresh_that_fails_says_why_and_keeps_the_last_figures(client, admin, settings):
    settings.STUDIO_BASE_URL = "http://127.0.0.1:9"
    QuotaSnapshot.objects.create(video_minutes_used=5, video_minutes_limit=100, fetched_at=timezone.now())

    page = client.post(reverse("videos:account_quota_refresh"), follow=True).content.decode()

    assert "Could not read the usage: Pictory could not be reached" in page
    assert "The figures below are from the read before." in page
    assert "5 of 100 min used" in page


def test_the_connection_mode_never_shows_a_secret(client, admin, settings):
    settings.PICTORY_API_KEY = "pk_live_very_secret_key_123"
    settings.PICTORY_API_BASE_URL = "http://127.0.0.1:9/pictoryapis"  # nothing leaves the machine

    page = client.get(reverse("videos:account")).content.decode()

    assert "API key" in page and "http://127.0.0.1:9/pictoryapis" in page
    assert "pk_live_very_secret_key_123" not in page and "very_secret" not in page
    assert "could not be reached" in page  # the AWS list says why it is missing


def test_client_credentials_mode_is_named_without_its_secret(client, admin, settings):
    settings.PICTORY_CLIENT_ID, settings.PICTORY_CLIENT_SECRET = "client-abc", "shh-client-secret"
    settings.PICTORY_API_BASE_URL = "http://127.0.0.1:9/pictoryapis"

    page = client.get(reverse("videos:account")).content.decode()

    assert "Client credentials" in page and "shh-client-secret" not in page


def test_gateway_mode_is_named_without_its_token(client, admin, settings):
    settings.PICTORY_GATEWAY_URL = "http://127.0.0.1:9/pictory/pictoryapis"  # nothing leaves the machine
    settings.LOWCODEAPI_TOKEN = "lc_very_secret_token_456"

    page = client.get(reverse("videos:account")).content.decode()

    assert "LowCodeAPI gateway" in page and "http://127.0.0.1:9/pictory/pictoryapis" in page
    assert "lc_very_secret_token_456" not in page and "very_secret" not in page


# --- A render refused for want of credits -----------------------------------------------------

def test_insufficient_credits_is_explained_with_the_account_page_and_what_to_do(signed_in, project):
    job = RenderJob.objects.create(project=project, kind="render", version=1, status="failed",
                                   error_code="INSUFFICIENT_CREDITS", error_message="",
                                   next_poll_at=timezone.now() + timedelta(minutes=5))

    html = signed_in.get(reverse("videos:job_status", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()

    assert "run out of video credits for this billing term" in html
    assert "Nothing was charged for this attempt." in html
    assert "The Account page shows what is used and left this term." in html
    assert "Ask an admin to top up the Pictory plan or wait for the next billing term" in html
