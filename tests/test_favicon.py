"""The studio's icon: a real .ico at /favicon.ico (browsers ask there first) and linked from every page."""
import io
from pathlib import Path

import pytest
from django.templatetags.static import static
from PIL import Image

ICO = Path(__file__).resolve().parents[1] / "static" / "img" / "favicon.ico"


def test_the_icon_file_holds_the_usual_sizes():
    image = Image.open(ICO)
    assert image.format == "ICO"
    assert {(16, 16), (32, 32), (48, 48)} <= set(image.info["sizes"])
    # The studio's mark: the indigo tile of favicon.svg, not a blank square.
    assert image.convert("RGB").getpixel((8, 24)) == pytest.approx((0x4F, 0x46, 0xE5), abs=8)


@pytest.mark.django_db
def test_pages_link_the_icon(client):
    page = client.get("/login/").content.decode()
    assert f'<link rel="icon" href="{static("img/favicon.ico")}"' in page


@pytest.mark.django_db
def test_favicon_ico_at_the_site_root_is_the_icon(client, settings):
    # Static files are served from the source folders here, as they are after collectstatic.
    settings.WHITENOISE_USE_FINDERS = True
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert Image.open(io.BytesIO(body)).format == "ICO"
