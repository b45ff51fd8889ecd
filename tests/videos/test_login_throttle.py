"""Signing in: a few wrong passwords lock that username from that address for a while; the page
says until when; an admin can unlock; other people and addresses are unaffected."""
import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.http import HttpRequest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def sign_in(client, username, password, address="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def hammer(client, username, times=6, address="10.0.0.1"):
    for _ in range(times):
        sign_in(client, username, "wrong password", address)


def test_six_wrong_passwords_lock_the_account_and_the_page_says_until_when(client):
    person = UserFactory(username="lena")
    hammer(client, "lena")
    response = sign_in(client, "lena", PASSWORD)
    assert signed_in_as(client) is None
    assert response.status_code == 429
    page = response.content.decode()
    attempt = AccessAttempt.objects.get(username="lena")
    until = attempt.attempt_time + timedelta(minutes=15)
    assert ("Too many failed sign-ins for this account from your address. "
            f"Try again after {until:%H:%M} (in 15 minutes), or ask an Admin to unlock you.") in page
    assert re.search(r'<input[^>]+name="username"[^>]+value="lena"', page), "the sign-in form is still there"
    assert person.pk  # the account itself is untouched


def test_tries_during_the_lockout_do_not_push_the_time_back(client):
    UserFactory(username="lena")
    hammer(client, "lena", times=5)
    first = AccessAttempt.objects.get(username="lena").attempt_time
    hammer(client, "lena", times=3)
    assert AccessAttempt.objects.get(username="lena").attempt_time == first


def test_a_right_password_before_the_limit_signs_in_and_clears_the_count(client):
    person = UserFactory(username="lena")
    hammer(client, "lena", times=4)
    assert sign_in(client, "lena", PASSWORD).status_code == 302
    assert signed_in_as(client) == str(person.pk)
    assert not AccessAttempt.objects.filter(username="lena").exists()


def test_another_username_from_the_same_address_is_unaffected(client):
    UserFactory(username="lena")
    other = UserFactory(username="omar")
    hammer(client, "lena")
    assert sign_in(client, "omar", PASSWORD).status_code == 302
    assert signed_in_as(client) == str(other.pk)


def test_the_same_username_from_another_address_is_unaffected(client):
    person = UserFactory(username="lena")
    hammer(client, "lena", address="10.0.0.1")
    assert sign_in(client, "lena", PASSWORD, address="10.0.0.2").status_code == 302
    assert signed_in_as(client) == str(person.pk)


def test_an_admin_sees_the_lockout_and_unlocks_it(client):
    person = UserFactory(username="lena")
    admin = UserFactory(username="ada", roles=["Admin"])
    hammer(client, "lena")
    client.force_login(admin)
    page = client.get(reverse("videos:people")).content.decode()
    assert "Locked out of signing in" in page and 'name="unlock" value="lena"' in page and "10.0.0.1" in page
    response = client.post(reverse("videos:people"), {"unlock": "lena"}, follow=True)
    assert "Unlocked lena" in response.content.decode()
    assert 'name="unlock" value="lena"' not in response.content.decode()
    client.logout()
    assert sign_in(client, "lena", PASSWORD).status_code == 302
    assert signed_in_as(client) == str(person.pk)


def test_someone_who_is_not_an_admin_cannot_unlock(client):
    UserFactory(username="lena")
    editor = UserFactory(username="eddie", roles=["Editor", "Reviewer"])
    hammer(client, "lena")
    client.force_login(editor)
    assert client.post(reverse("videos:people"), {"unlock": "lena"}).status_code == 403
    assert AccessAttempt.objects.filter(username="lena").exists()
    client.logout()
    assert sign_in(client, "lena", PASSWORD).status_code == 429


def test_unlocking_without_a_name_clears_nobody(client):
    UserFactory(username="lena")
    admin = UserFactory(username="ada", roles=["Admin"])
    hammer(client, "lena")
    client.force_login(admin)
    response = client.post(reverse("videos:people"), {"unlock": ""}, follow=True)
    assert "Say whom to unlock." in response.content.decode()
    assert AccessAttempt.objects.filter(username="lena").exists()


def test_test_client_sign_in_still_works(client):
    """force_login needs nothing; login() needs a request, which the test client does not pass."""
    person = UserFactory(username="lena")
    assert client.login(request=HttpRequest(), username="lena", password=PASSWORD)
    assert signed_in_as(client) == str(person.pk)
    client.logout()
    client.force_login(person)
    assert signed_in_as(client) == str(person.pk)


def test_behind_a_trusted_proxy_each_client_address_is_locked_on_its_own(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    person = UserFactory(username="lena")
    for _ in range(6):
        client.post(reverse("login"), {"username": "lena", "password": "wrong"}, REMOTE_ADDR="10.9.9.9",
                    HTTP_X_FORWARDED_FOR="forged-by-client, 203.0.113.5")
    # The proxy (10.9.9.9) appended the address it received from; what is left of it is the client's.
    locked = client.post(reverse("login"), {"username": "lena", "password": PASSWORD}, REMOTE_ADDR="10.9.9.9",
                         HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert locked.status_code == 429
    # Another visitor through the same proxy is not locked out by the first one's mistakes.
    other = client.post(reverse("login"), {"username": "lena", "password": PASSWORD}, REMOTE_ADDR="10.9.9.9",
                        HTTP_X_FORWARDED_FOR="203.0.113.5, 198.51.100.7")
    assert other.status_code == 302 and signed_in_as(client) == str(person.pk)


def test_without_trusted_proxies_a_forged_forwarded_for_changes_nothing(client):
    UserFactory(username="lena")
    for forged in range(6):  # a new "address" each try: still one lockout, on the real address
        client.post(reverse("login"), {"username": "lena", "password": "wrong"}, REMOTE_ADDR="10.0.0.1",
                    HTTP_X_FORWARDED_FOR=f"203.0.113.{forged}")
    assert sign_in(client, "lena", PASSWORD).status_code == 429
