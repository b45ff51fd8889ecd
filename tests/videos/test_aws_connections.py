"""AWS private connections (Admins), against the sandbox over HTTP: values checked before
sending, the IAM role explained, and a stale edit never overwriting someone else's change."""
import pytest
from django.urls import reverse

from pictory_studio.pictory.factory import client_from_settings
from tests.factories import ProjectFactory, UserFactory
from tests.helpers import sandbox_calls
from videos.services.aws_connections import aws_connections_available

pytestmark = pytest.mark.django_db
PATH = "/v1/awsconnections"
NEW = {"name": "Marketing bucket", "description": "Campaign footage", "aws_account_id": "123456789012",
       "aws_region": "us-east-2", "enabled": "on"}


@pytest.fixture
def admin(client):
    person = UserFactory(username="ada", roles=["Admin"])
    assert not person.is_superuser
    client.force_login(person)
    return person


def _create(client, **changes):
    response = client.post(reverse("videos:aws_connection_create"), {**NEW, **changes})
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"].rstrip("/").split("/")[-1]


def _edit_url(connection_id):
    return reverse("videos:aws_connection_edit", args=[connection_id])


def test_the_forms_explain_the_iam_role_pictory_needs(client, sandbox, admin):
    page = client.get(reverse("videos:aws_connection_create")).content.decode()
    assert '<option value="us-east-2">us-east-2 · US East (Ohio)</option>' in page
    edit = client.get(_edit_url(_create(client))).content.decode()
    for html in (page, edit):
        assert "<code>701488979254</code>" in html and "arn:aws:iam::701488979254:root" in html
        assert "PictoryCloudIntegrationRole" in html
        for action in ("s3:ListBucket", "s3:GetObject", "s3:ListAllMyBuckets"):
            assert f"<code>{action}</code>" in html


def test_an_admin_by_role_creates_and_views_a_connection(client, sandbox, admin):
    connection_id = _create(client, aws_account_id="1234-5678-9012")  # as the AWS console shows it

    assert sandbox_calls("POST", PATH) == 1
    page = client.get(reverse("videos:aws_connection_detail", args=[connection_id])).content.decode()
    assert "Created the connection “Marketing bucket”" in page
    assert "<code>123456789012</code>" in page and "us-east-2" in page and "Enabled" in page
    assert "Campaign footage" in page and "<dt>Version</dt><dd>1</dd>" in page
    listing = client.get(reverse("videos:aws_connection_list")).content.decode()
    assert "Marketing bucket" in listing and "No connections yet." not in listing
    assert "Marketing bucket" in client.get(reverse("videos:account")).content.decode()


@pytest.mark.parametrize(("field", "value", "message"), [
    ("aws_account_id", "12345", "An AWS account id is 12 digits"),
    ("aws_account_id", "12345678901a", "An AWS account id is 12 digits"),
    ("aws_account_id", "", "An AWS account id is 12 digits"),
    ("aws_region", "", "Choose the region of the bucket"),
    ("aws_region", "mars-north-1x", "Choose the region of the bucket"),
    ("name", "  ", "Give the connection a name"),
])
def test_bad_values_are_refused_before_sending_and_nothing_typed_is_lost(client, sandbox, admin, field, value,
                                                                         message):
    response = client.post(reverse("videos:aws_connection_create"), {**NEW, field: value})

    page = response.content.decode()
    assert response.status_code == 400 and message in page
    assert sandbox_calls("POST", PATH) == 0
    assert "Nothing was sent to Pictory" in page and "Everything you typed is kept." in page
    if field != "name":
        assert 'value="Marketing bucket"' in page
    assert "Campaign footage</textarea>" in page


def test_pictorys_refusal_is_shown_beside_the_field(client, sandbox, admin):
    response = client.post(reverse("videos:aws_connection_create"), {**NEW, "aws_region": "xx-fake-9"})

    page = response.content.decode()
    assert response.status_code == 400 and sandbox_calls("POST", PATH) == 1  # well formed, unknown to AWS
    region = page.split('name="aws_region"', 1)[1].split("</label>", 1)[0]
    assert 'class="field-error"' in region
    assert 'value="Marketing bucket"' in page


def test_an_edit_saves_against_the_version_it_was_opened_at(client, sandbox, admin):
    connection_id = _create(client)
    form = client.get(_edit_url(connection_id)).content.decode()
    assert '<input type="hidden" name="version" value="1"' in form
    assert 'name="aws_account_id"' not in form  # the account and region cannot change

    response = client.post(_edit_url(connection_id), {"name": "Brand bucket", "description": "", "version": "1"})

    assert response.status_code == 302 and sandbox_calls("PUT", f"{PATH}/{connection_id}") == 1
    current = client_from_settings().get_aws_connection(connection_id)
    assert (current.name, current.description, current.enabled, current.version) == ("Brand bucket", "", False, 2)
    assert "Saved “Brand bucket” (version 2)." in client.get(response["Location"]).content.decode()


def test_a_stale_edit_never_overwrites_and_keeps_what_was_typed(client, sandbox, admin):
    connection_id = _create(client)
    client.get(_edit_url(connection_id))  # opened at version 1 …
    client_from_settings().update_aws_connection(  # … while a colleague saves version 2
        connection_id, name="Colleague's name", description="Changed meanwhile", enabled=True, version=1)

    response = client.post(_edit_url(connection_id),
                           {"name": "My new name", "description": "My description", "version": "1"})

    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed this connection while you were editing (it is now version 2)" in page
    assert "Nothing was saved." in page
    assert 'value="My new name"' in page and "My description</textarea>" in page
    their_values = page.split('id="their-values"', 1)[1].split("Below are your values", 1)[0]
    assert "Colleague&#x27;s name" in their_values and "Changed meanwhile" in their_values
    assert "version 2" in their_values
    assert '<input type="hidden" name="version" value="2"' in page
    current = client_from_settings().get_aws_connection(connection_id)
    assert (current.name, current.version) == ("Colleague's name", 2)

    # Saving again, having seen their values, is a deliberate choice and goes through.
    again = client.post(_edit_url(connection_id), {"name": "My new name", "description": "", "version": "2"})
    assert again.status_code == 302
    assert client_from_settings().get_aws_connection(connection_id).name == "My new name"


def test_delete_asks_first_names_the_projects_using_it_then_deletes(client, sandbox, admin):
    connection_id = _create(client)
    ProjectFactory(title="Spring teaser", aws_connection_id=connection_id)
    url = reverse("videos:aws_connection_delete", args=[connection_id])

    confirm = client.get(url).content.decode()

    assert "Delete “Marketing bucket”?" in confirm and "Spring teaser" in confirm
    assert sandbox_calls("DELETE", f"{PATH}/{connection_id}") == 0
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("videos:aws_connection_list")
    assert sandbox_calls("DELETE", f"{PATH}/{connection_id}") == 1
    listing = client.get(reverse("videos:aws_connection_list")).content.decode()
    assert "Deleted the connection “Marketing bucket” at Pictory." in listing and "No connections yet." in listing
    assert client.get(reverse("videos:aws_connection_detail", args=[connection_id])).status_code == 404


def test_an_unknown_connection_is_not_found(client, sandbox, admin):
    assert client.get(reverse("videos:aws_connection_detail", args=["1700000000000-nope"])).status_code == 404
    assert client.get(_edit_url("1700000000000-nope")).status_code == 404


def test_the_project_picker_list_is_cached_and_follows_changes(client, sandbox, admin):
    assert aws_connections_available() == ([], "")
    assert aws_connections_available() == ([], "")
    assert sandbox_calls("GET", PATH) == 1

    connection_id = _create(client)

    connections, error = aws_connections_available()
    assert error == "" and [c.id for c in connections] == [connection_id]
    assert sandbox_calls("GET", PATH) == 2


def test_the_picker_says_when_the_list_cannot_be_read(settings):
    settings.STUDIO_BASE_URL = "http://127.0.0.1:9"
    connections, error = aws_connections_available()
    assert connections == [] and "could not be loaded right now" in error


def test_connections_come_in_pages_and_the_picker_gets_them_all(client, sandbox, admin):
    api = client_from_settings()
    for number in range(21):
        api.create_aws_connection(name=f"Bucket {number:02d}", description="", aws_account_id="123456789012",
                                  aws_region="us-east-2")
    listing = reverse("videos:aws_connection_list")

    first = client.get(listing).content.decode()

    assert "Bucket 00" in first and "Bucket 19" in first and "Bucket 20" not in first
    next_link = first.split('<a href="?page=', 1)[1].split('"', 1)[0]
    second = client.get(f"{listing}?page={next_link}").content.decode()
    assert "Bucket 20" in second and "Bucket 00" not in second and "← First page" in second
    assert "All connections →" in client.get(reverse("videos:account")).content.decode()
    connections, error = aws_connections_available()
    assert error == "" and len(connections) == 21
