"""The People page refuses bad usernames, emails and role names, says why next to the field, keeps
what was typed and changes nothing."""
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GOOD = {"username": "nora", "email": "nora@studio.test", "password": "a long enough passphrase 42",
        "roles": ["Editor"]}


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="ada", roles=["Admin"]))
    return client


def add(client, **changes):
    return client.post(reverse("videos:people"), {**GOOD, **changes})


def usernames():
    return set(get_user_model().objects.values_list("username", flat=True))


def test_a_good_person_is_added_with_their_roles(admin_client):
    response = add(admin_client, roles=["Editor", "Reviewer"])
    assert response.status_code == 302
    person = get_user_model().objects.get(username="nora")
    assert person.email == "nora@studio.test"
    assert set(person.groups.values_list("name", flat=True)) == {"Editor", "Reviewer"}


def test_a_script_tag_is_not_a_username(admin_client):
    before = usernames()
    response = add(admin_client, username="<script>alert(1)</script>")
    page = response.content.decode()
    assert response.status_code == 400 and usernames() == before
    assert "Enter a valid username" in page
    assert "<script>alert(1)</script>" not in page and 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in page


def test_a_200_character_username_is_refused(admin_client):
    before = usernames()
    response = add(admin_client, username="n" * 200)
    assert response.status_code == 400 and usernames() == before
    assert "at most 150 characters (it has 200)" in response.content.decode()


def test_an_invalid_email_is_refused_and_what_was_typed_is_kept(admin_client):
    before = usernames()
    response = add(admin_client, email="not-an-email", roles=["Reviewer"])
    page = response.content.decode()
    assert response.status_code == 400 and usernames() == before
    assert "Enter a valid email address" in page
    assert 'value="not-an-email"' in page and 'value="nora"' in page
    assert 'value="Reviewer" checked' in page and 'value="Editor" checked' not in page


def test_an_email_with_a_line_break_is_refused(admin_client):
    response = add(admin_client, email="nora@studio.test\nBcc: x@evil.example")
    assert response.status_code == 400 and "nora" not in usernames()


def test_an_unknown_role_is_refused_when_adding(admin_client):
    response = add(admin_client, roles=["Editor", "Owner"])
    assert response.status_code == 400 and "nora" not in usernames()
    assert "“Owner” is not a role" in response.content.decode()


def test_an_unknown_role_changes_nothing_on_an_existing_person(admin_client):
    person = UserFactory(username="rita", roles=["Reviewer", "Editor"])
    response = admin_client.post(reverse("videos:person_roles", args=[person.pk]), {"roles": ["Superuser"]},
                                 follow=True)
    assert "“Superuser” is not a role" in response.content.decode()
    assert set(person.groups.values_list("name", flat=True)) == {"Reviewer", "Editor"}


def test_known_roles_are_saved(admin_client):
    person = UserFactory(username="rita", roles=["Reviewer"])
    admin_client.post(reverse("videos:person_roles", args=[person.pk]), {"roles": ["Editor"]})
    assert set(person.groups.values_list("name", flat=True)) == {"Editor"}


def test_only_admins_add_people(client):
    client.force_login(UserFactory(username="eddie", roles=["Editor", "Reviewer"]))
    assert add(client).status_code == 403 and "nora" not in usernames()
