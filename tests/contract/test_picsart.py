"""Picsart (pictory-api.md §13): the studio's Picsart client against the sandbox's Picsart
imitation over real HTTP, and the imitation's own rules on the wire."""
import io
import time
from datetime import timedelta

import pytest
import requests
from django.utils import timezone
from PIL import Image

from pictory_studio.picsart import (
    PicsartAuthError,
    PicsartClient,
    PicsartConfig,
    PicsartPaymentRequiredError,
    PicsartRateLimitedError,
    PicsartTransportError,
)
from pictory_studio.picsart.factory import picsart_client_from_settings
from pictory_studio.sandbox.models import SandboxPicsartCall

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def picsart(sandbox, settings) -> PicsartClient:
    return PicsartClient(PicsartConfig(api_key=settings.PICTORY_SANDBOX_PICSART_API_KEY,
                                       base_url=sandbox.url + "/sandbox/picsart"))


def raw(sandbox, settings, path, *, accept="application/json", key=None, **params):
    headers = {"Accept": accept, "X-Picsart-API-Key": settings.PICTORY_SANDBOX_PICSART_API_KEY if key is None else key}
    return requests.get(sandbox.url + "/sandbox/picsart" + path, headers=headers, params=params, timeout=10)


def test_search_pages_through_every_result_with_next_page(picsart):
    first = picsart.search_images("golden retriever", page_size=20)
    second = picsart.search_images("golden retriever", page=first.next_page, page_size=20)
    last = picsart.search_images("golden retriever", page=second.next_page, page_size=20)

    assert (first.next_page, second.next_page, last.next_page) == (2, 3, None)
    ids = [image.image_id for page in (first, second, last) for image in page.images]
    assert len(ids) == len(set(ids)) == 45
    assert first.images[0].title == "Golden retriever" and first.images[0].width == 1280


def test_the_images_are_real_pictures_of_what_was_searched(picsart):
    image = picsart.search_images("red bicycle").images[0]

    full = Image.open(io.BytesIO(requests.get(image.url, timeout=10).content))
    thumb = Image.open(io.BytesIO(requests.get(image.thumbnail_url, timeout=10).content))

    assert (full.format, full.size) == ("JPEG", (1280, 720))
    assert thumb.size == (320, 180)
    assert len(full.convert("RGB").resize((16, 9)).getcolors(maxcolors=256)) > 20  # a picture, not a flat colour
    other = picsart.search_images("blue ocean").images[0]
    assert requests.get(other.url, timeout=10).content != requests.get(image.url, timeout=10).content


def test_trending_the_catalogues_and_the_balance(picsart, settings):
    trending = picsart.trending_images(page_size=10)
    assert len(trending.images) == 10 and trending.next_page == 2
    assert [tool["id"] for tool in picsart.video_tools_info()][0] == "video-upscale"
    assert "text2image-v2" in [model["id"] for model in picsart.genai_models()]

    # One charged call so far (the trending page; catalogues are free): the balance shows it.
    assert picsart.balance() == settings.PICTORY_SANDBOX_PICSART_CREDITS - 1


def test_credits_run_out_with_402_and_the_balance_says_zero(picsart, settings):
    settings.PICTORY_SANDBOX_PICSART_CREDITS = 2
    picsart.search_images("cats")
    picsart.trending_images()

    with pytest.raises(PicsartPaymentRequiredError) as refused:
        picsart.search_images("dogs")

    assert refused.value.status == 402 and "no credits left" in refused.value.message
    assert picsart.balance() == 0


def test_the_wrong_key_is_a_401_and_never_shown(sandbox, settings):
    client = PicsartClient(PicsartConfig(api_key="wrong-secret-key", base_url=sandbox.url + "/sandbox/picsart"))

    with pytest.raises(PicsartAuthError) as refused:
        client.balance()

    assert "PICSART_API_KEY" in refused.value.message and "wrong-secret-key" not in str(refused.value)
    assert "wrong-secret-key" not in repr(client.config)


def test_without_accept_json_picsart_answers_406(sandbox, settings):
    answer = raw(sandbox, settings, "/tools/1.0/balance", accept="text/html")
    assert answer.status_code == 406 and answer.json()["message"] == "Not Acceptable"
    assert raw(sandbox, settings, "/tools/1.0/balance").status_code == 200


def test_the_per_minute_limit_is_429_with_both_headers_and_a_long_wait_is_not_retried(sandbox, picsart, settings):
    settings.PICTORY_SANDBOX_PICSART_REQUESTS_PER_MINUTE = 2
    picsart.balance()
    picsart.balance()

    started = time.monotonic()
    with pytest.raises(PicsartRateLimitedError) as limited:
        picsart.balance()

    assert limited.value.retry_after is not None and limited.value.retry_after > 5
    assert "Try again in" in limited.value.message
    assert time.monotonic() - started < 2  # a minute's wait is raised, not slept
    answer = raw(sandbox, settings, "/tools/1.0/balance")
    assert answer.status_code == 429
    assert int(answer.headers["Retry-After"]) >= 1
    assert int(answer.headers["X-Picsart-RateLimit-Reset-Time"]) > time.time()


def test_a_short_429_is_waited_out_and_retried(picsart, settings):
    slept = []
    client = PicsartClient(picsart.config, sleep=lambda seconds: (slept.append(seconds), time.sleep(seconds)))
    settings.PICTORY_SANDBOX_PICSART_REQUESTS_PER_MINUTE = 1
    client.balance()
    # The only call in the window leaves it in about half a second: Picsart says wait 1 s.
    SandboxPicsartCall.objects.update(created_at=timezone.now() - timedelta(seconds=59.5))

    assert client.balance() == settings.PICTORY_SANDBOX_PICSART_CREDITS
    assert slept == [1.0]


def test_unreachable_picsart_is_a_transport_error_after_retries(settings):
    slept = []
    client = PicsartClient(PicsartConfig(api_key="k", base_url="http://127.0.0.1:9"), sleep=slept.append)

    with pytest.raises(PicsartTransportError) as failed:
        client.balance()

    assert len(slept) == client.config.get_retries and failed.value.__cause__ is None


def test_bad_paging_is_a_400_that_says_what_is_allowed(sandbox, settings):
    answer = raw(sandbox, settings, "/image-tools/search", q="x", page_size=500)
    assert answer.status_code == 400 and "page_size is 1 to 50" in answer.json()["message"]


def test_in_sandbox_mode_the_studio_uses_the_imitation(sandbox, settings):
    settings.PICSART_API_KEY = ""
    client = picsart_client_from_settings()

    assert client.config.base_url == sandbox.url + "/sandbox/picsart"
    assert client.balance() == settings.PICTORY_SANDBOX_PICSART_CREDITS

    settings.PICSART_API_KEY = "live-key"
    assert picsart_client_from_settings().config.base_url == settings.PICSART_API_BASE_URL
