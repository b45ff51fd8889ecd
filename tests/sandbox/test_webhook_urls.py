"""Which webhook addresses the sandbox calls, and how it shows them."""

import pytest

from pictory_studio.sandbox.webhook_urls import delivery_refusal, masked_url, shown_storyboard, without_secret

MARKER = "6f1c2d3e-4b5a-4c6d-8e7f-001122334455"


@pytest.fixture(autouse=True)
def studio_address(settings):
    settings.STUDIO_BASE_URL = "https://studio.example.test"


@pytest.mark.parametrize("url", [
    f"https://studio.example.test/hooks/pictory/{MARKER}/token/",
    "https://STUDIO.example.test:443/hooks/x",
    "http://127.0.0.1:8000/hooks/x",
    "http://127.9.9.9/hooks/x",
    "http://localhost:5000/hooks/x",
    "http://[::1]:5000/hooks/x",
])
def test_the_studio_itself_and_loopback_are_called(url):
    assert delivery_refusal(url) == ""


@pytest.mark.parametrize("url", [
    "http://studio.example.test/hooks/x",  # another scheme than the studio's
    "https://studio.example.test:8443/hooks/x",  # another port
    "https://studio.example.test.evil.example/hooks/x",
    "http://10.255.255.1/hooks/x",
    "http://169.254.169.254/latest/meta-data/",
    "http://example.invalid/hooks/x",
    "http://0.0.0.0:8000/hooks/x",
    "http://2130706433/hooks/x",  # 127.0.0.1 written as a number, which resolvers accept
    "http://[::ffff:127.0.0.1]/hooks/x",
    "http://127.0.0.1@example.invalid/hooks/x",
    "http://example.invalid\\@127.0.0.1/hooks/x",
    "ftp://127.0.0.1/hooks/x",
    "http://[::1/hooks/x",
    "http:///hooks/x",
])
def test_everything_else_is_refused_with_the_reason(url):
    refusal = delivery_refusal(url)

    assert refusal.startswith("Refused:")
    assert "https://studio.example.test:443" in refusal and "loopback" in refusal


def test_the_refusal_names_the_host_it_would_have_called():
    assert "10.255.255.1:80" in delivery_refusal("http://10.255.255.1/hooks/x")


@pytest.mark.parametrize(("url", "shown"), [
    (f"https://studio.example.test/hooks/pictory/{MARKER}/9f8e7d6c5b4a/",
     f"https://studio.example.test/hooks/pictory/{MARKER}/masked/"),
    ("https://hooks.example.test/render", "https://hooks.example.test/masked"),
    ("https://user:pw@hooks.example.test/a/b?token=abc&x=1#frag", "https://hooks.example.test/a/masked?token=masked&x=masked"),
    ("http://127.0.0.1:9000/", "http://127.0.0.1:9000/"),
    ("", ""),
])
def test_addresses_are_shown_with_their_secret_masked(url, shown):
    assert masked_url(url) == shown


def test_error_messages_lose_the_secret():
    url = f"http://127.0.0.1:9/hooks/pictory/{MARKER}/9f8e7d6c5b4a/"
    message = (f"ConnectionError: HTTPConnectionPool(host='127.0.0.1', port=9): Max retries exceeded with "
               f"url: /hooks/pictory/{MARKER}/9f8e7d6c5b4a/ (Caused by refused) while posting to {url}")

    cleaned = without_secret(message, url)

    assert "9f8e7d6c5b4a" not in cleaned
    assert f"url: /hooks/pictory/{MARKER}/masked/ (Caused by refused)" in cleaned


def test_a_stored_request_is_shown_with_its_webhook_masked_and_left_unchanged():
    stored = {"videoName": "teaser", "webhook": "https://hooks.example.test/h/secret-1"}

    shown = shown_storyboard(stored)

    assert shown == {"videoName": "teaser", "webhook": "https://hooks.example.test/h/masked"}
    assert stored["webhook"] == "https://hooks.example.test/h/secret-1"
    assert shown_storyboard({"videoName": "no hook"}) == {"videoName": "no hook"}
