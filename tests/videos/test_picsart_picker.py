"""The scene editor's Picsart picker (the studio's real views against the sandbox's Picsart
imitation over HTTP): search, trending, picking an image into the media library, and what the
editor says when Picsart cannot help."""
import re

import pytest
import requests
from django.urls import reverse

from pictory_studio.sandbox.models import SandboxPicsartCall
from tests.factories import UserFactory
from videos.models import MediaAsset

pytestmark = pytest.mark.django_db(transaction=True)
RESULTS = reverse("videos:media_picsart_images")
PICK = reverse("videos:media_picsart_pick")


def tokens(page: str) -> list[str]:
    return re.findall(r'"picsart_token": "([^"]+)"', page)


def test_search_shows_thumbnails_and_the_credits_left(sandbox, signed_in, settings):
    page = signed_in.get(RESULTS, {"picsart_query": "red bicycle", "box": "7"}).content.decode()

    assert 'Picsart images for “red bicycle”' in page
    assert len(tokens(page)) == 20 and page.count("<img ") == 20
    assert f"{settings.PICTORY_SANDBOX_PICSART_CREDITS - 1} credits left" in page
    assert "More images" in page and 'hx-target="#picsart-status-7"' in page


def test_without_words_it_shows_trending_images(sandbox, signed_in):
    page = signed_in.get(RESULTS).content.decode()

    assert "Trending on Picsart" in page and len(tokens(page)) == 20


def test_picking_copies_the_image_into_the_media_library(sandbox, signed_in, user):
    token = tokens(signed_in.get(RESULTS, {"q": "red bicycle"}).content.decode())[0]

    answer = signed_in.post(PICK, {"picsart_token": token}).content.decode()

    asset = MediaAsset.objects.get()
    assert asset.status == "ready" and asset.kind == "image" and asset.uploaded_by == user
    assert asset.name == "Red bicycle.jpg" and (asset.width, asset.height) == (1280, 720)
    assert f'data-picked-url="{asset.url}"' in answer and "Save the scene to keep it" in answer
    stored = requests.get(asset.url, timeout=10)
    assert stored.status_code == 200 and stored.content[:3] == b"\xff\xd8\xff"  # a JPEG at Pictory's storage
    assert "/sandbox/picsart/" not in asset.url  # the render does not depend on Picsart's address


def test_a_forged_pick_is_refused_and_nothing_is_fetched(sandbox, signed_in):
    answer = signed_in.post(PICK, {"picsart_token": "http://169.254.169.254/latest/meta-data"}).content.decode()

    assert "That image&#x27;s link has expired" in answer
    assert not MediaAsset.objects.exists()


def test_no_credits_left_is_explained_and_the_editor_stays_usable(sandbox, signed_in, settings):
    settings.PICTORY_SANDBOX_PICSART_CREDITS = 0

    answer = signed_in.get(RESULTS, {"q": "cats"})

    assert answer.status_code == 200
    assert "The Picsart account has no credits left" in answer.content.decode()


def test_the_rate_limit_is_explained(sandbox, signed_in, settings):
    settings.PICTORY_SANDBOX_PICSART_REQUESTS_PER_MINUTE = 1
    signed_in.get(RESULTS, {"q": "cats"})  # the search, then its balance read is refused

    page = signed_in.get(RESULTS, {"q": "dogs"}).content.decode()

    assert "Picsart asked us to slow down. Try again in" in page
    assert SandboxPicsartCall.objects.filter(status_code=429).exists()


def test_without_picsart_set_up_the_picker_says_who_can_add_it(signed_in, settings):
    settings.PICTORY_SANDBOX_ENABLED = False
    settings.PICSART_API_KEY = ""

    page = signed_in.get(RESULTS, {"q": "cats"}).content.decode()

    assert "Picsart is not set up: an admin can add PICSART_API_KEY" in page


def test_reviewers_cannot_pick(sandbox, client):
    client.force_login(UserFactory(username="rita", roles=["Reviewer"]))

    assert client.get(RESULTS).status_code == 403
    assert client.post(PICK, {"picsart_token": "x"}).status_code == 403


def test_the_scene_editor_offers_the_picker(signed_in, project, known_voices):
    scene = project.scenes.first()

    form = signed_in.get(reverse("videos:scene_edit", args=[scene.pk])).content.decode()

    assert "Find an image on Picsart" in form and RESULTS in form
