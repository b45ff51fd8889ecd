"""Branded renders: the logo, image elements, subtitle style and brand colours are visible in the
frames of the real MP4 (contract §6.1, §6.4, §6.5), read back pixel by pixel."""

import io
import subprocess
import uuid
from pathlib import Path

import imageio_ffmpeg
import pytest
from PIL import Image

from tests.sandbox.media_files import upload

from .conftest import local_path

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
FONT = FIXTURES / "DejaVuSerif-Bold.ttf"
WIDTH, HEIGHT = 640, 360
MARGIN = HEIGHT // 30  # the 9-grid margin
MAGENTA, CYAN, WHITE = (255, 0, 255), (0, 229, 255), (255, 255, 255)
GREEN, RED, YELLOW = (0, 200, 83), (213, 0, 0), (255, 235, 59)
PURPLE, GOLD = (106, 27, 154), (255, 214, 0)
STORY = "Fresh bread every single morning"


# --- helpers -----------------------------------------------------------------------------------


def png(color, size=(160, 80)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def upload_png(api, client, color, size=(160, 80)) -> str:
    return upload(api, client, "logo.png", "image/png", png(color, size))


def storyboard(scenes, **top) -> dict:
    return {"videoName": "brand-check", "videoWidth": WIDTH, "videoHeight": HEIGHT, "scenes": scenes, **top}


def card(color="#FFFFFF", **extra) -> dict:
    """A one-second colour scene without text."""
    return {"background": {"color": color}, "minimumDuration": 1, **extra}


def rendered(api, body) -> dict:
    data = api.finished(api.create(body))["data"]
    assert data["status"] == "completed", data
    return data


def frame(settings, data, seconds: float) -> Image.Image:
    """The MP4's frame at `seconds`, decoded by ffmpeg."""
    result = subprocess.run(
        [
            imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-ss", f"{seconds:.3f}",
            "-i", str(local_path(settings, data["videoURL"])),
            "-frames:v", "1", "-f", "image2pipe", "-c:v", "png", "-",
        ],
        capture_output=True,
        check=True,
    )
    return Image.open(io.BytesIO(result.stdout)).convert("RGB")


def near(pixel, color, tolerance=30) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, color, strict=True))


def share(image, box, color, tolerance=30) -> float:
    """The fraction of pixels inside box (left, top, right, bottom) that have the colour."""
    pixels = list(image.crop(box).get_flattened_data())
    return sum(near(pixel, color, tolerance) for pixel in pixels) / len(pixels)


def bounds(image, color, tolerance=30):
    """(left, top, right, bottom) of the pixels with the colour, or None."""
    mask = Image.new("L", image.size)
    mask.putdata([255 if near(pixel, color, tolerance) else 0 for pixel in image.get_flattened_data()])
    return mask.getbbox()


def inner(box, by=6):
    left, top, right, bottom = box
    return left + by, top + by, right - by, bottom - by


def grid_box(position: str, width: int, height: int):
    """Where a `width`×`height` image sits for a 9-grid position, written out independently."""
    row, column = position.split("-")
    x = {"left": MARGIN, "center": (WIDTH - width) // 2, "right": WIDTH - width - MARGIN}[column]
    y = {"top": MARGIN, "center": (HEIGHT - height) // 2, "bottom": HEIGHT - height - MARGIN}[row]
    return x, y, x + width, y + height


def opposite(position: str) -> str:
    flip = {"top": "bottom", "bottom": "top", "left": "right", "right": "left", "center": "center"}
    row, column = position.split("-")
    return f"{flip[row]}-{flip[column]}"


def create_brand(api, **overrides) -> dict:
    body = {
        "name": f"Bakery {uuid.uuid4().hex[:6]}",
        "color": {
            "primary": {"main": "#6A1B9A", "contrastText": "#FFFFFF"},
            "secondary": {"main": "#FFD600", "contrastText": "#000000"},
        },
        "font": {"family": "Lato"},
    }
    body.update(overrides)
    response = api.post("/v1/brands/editvideo", body)
    assert response.status_code == 200, response.content
    return response.json()


# --- logo and image elements -------------------------------------------------------------------


@pytest.mark.parametrize("position", ["top-left", "bottom-right"])
def test_logo_is_drawn_at_its_corner_on_every_scene(api, client, settings, position):
    logo = upload_png(api, client, MAGENTA)  # 160×80: at 20 % of 640 px it is 128×64
    body = storyboard([card(), card()], logo={"url": logo, "position": position, "width": "20%"})

    data = rendered(api, body)

    for seconds in (0.5, 1.5):
        image = frame(settings, data, seconds)
        assert share(image, inner(grid_box(position, 128, 64)), MAGENTA) > 0.95, seconds
        assert share(image, grid_box(opposite(position), 128, 64), MAGENTA) == 0, seconds


def test_logo_width_as_a_number_is_a_percent_of_the_frame(api, client, settings):
    logo = upload_png(api, client, MAGENTA, size=(100, 100))
    body = storyboard([card()], logo={"url": logo, "position": "top-left", "width": 25})

    image = frame(settings, rendered(api, body), 0.5)

    assert bounds(image, MAGENTA) == pytest.approx((MARGIN, MARGIN, MARGIN + 160, MARGIN + 160), abs=2)


def test_image_element_is_drawn_at_top_left_percent_on_its_scene_only(api, client, settings):
    square = upload_png(api, client, CYAN, size=(100, 100))
    element = {"type": "image", "visualUrl": square, "top": "50%", "left": "25%", "width": "10%"}
    body = storyboard([card(), card(elements=[element])])

    data = rendered(api, body)
    first, second = frame(settings, data, 0.5), frame(settings, data, 1.5)

    placed = (160, 180, 224, 244)  # left 25 % of 640, top 50 % of 360, 64 px square
    assert share(second, inner(placed), CYAN) > 0.95
    assert bounds(second, CYAN) == pytest.approx(placed, abs=2)
    assert bounds(first, CYAN) is None


def test_image_element_with_a_preset_position(api, client, settings):
    square = upload_png(api, client, CYAN, size=(100, 100))
    element = {"type": "image", "visualUrl": square, "position": "bottom-center", "width": "10%"}

    image = frame(settings, rendered(api, storyboard([card(elements=[element])])), 0.5)

    assert bounds(image, CYAN) == pytest.approx(grid_box("bottom-center", 64, 64), abs=2)


def test_sandbox_label_moves_to_a_free_corner_when_a_logo_takes_its_place(api, client, settings):
    logo = upload_png(api, client, MAGENTA)
    plain = frame(settings, rendered(api, storyboard([card("#202020")])), 0.5)
    body = storyboard([card("#202020")], logo={"url": logo, "position": "top-right", "width": "20%"})

    branded = frame(settings, rendered(api, body), 0.5)

    left, right = (0, 0, WIDTH // 2, 60), (WIDTH // 2, 0, WIDTH, 60)
    assert bounds(plain.crop(right), WHITE, 60) is not None and bounds(plain.crop(left), WHITE, 60) is None
    assert bounds(branded.crop(left), WHITE, 60) is not None  # still readable, beside the logo


@pytest.mark.parametrize(
    "kind",
    ["outside url", "unknown sandbox key", "not an image"],
)
def test_logo_that_cannot_be_read_from_sandbox_storage_is_skipped(api, client, settings, kind):
    if kind == "outside url":
        url = "https://cdn.example.test/acme-logo.png"
    elif kind == "unknown sandbox key":
        url = f"http://testserver/sandbox/storage/media/uploads/{uuid.uuid4()}/logo.png"
    else:
        url = upload(api, client, "logo.png", "image/png", b"this is not a picture")
    element = {"type": "image", "visualUrl": url, "position": "center", "width": "30%"}
    body = storyboard([card(elements=[element])], logo={"url": url, "position": "top-left", "width": "20%"})

    data = rendered(api, body)
    image = frame(settings, data, 0.5)

    assert share(image, grid_box("top-left", 128, 64), WHITE, tolerance=12) > 0.99
    assert share(image, grid_box("center-center", 192, 96), WHITE, tolerance=12) > 0.99


# --- subtitle style ----------------------------------------------------------------------------


def story_scene(**extra) -> dict:
    return {"story": STORY, "background": {"color": "#202020"}, **extra}


@pytest.mark.parametrize("position", ["top-center", "bottom-center"])
def test_subtitle_is_drawn_in_its_colours_on_its_box_at_its_row(api, settings, position):
    style = {"backgroundColor": "#00C853", "color": "#FFEB3B", "position": position}
    body = storyboard([story_scene()], subtitleStyle=style)

    image = frame(settings, rendered(api, body), 0.5)

    box = bounds(image, GREEN)
    assert box is not None
    if position.startswith("top"):
        assert box[3] < HEIGHT / 3
    else:
        assert box[1] > HEIGHT * 2 / 3
    text = bounds(image, YELLOW, tolerance=50)  # the text, in its colour, across the box
    assert text is not None
    assert box[0] < text[0] and text[2] < box[2] and box[1] < text[1] and text[3] < box[3]
    assert text[2] - text[0] > (box[2] - box[0]) * 0.7


def test_scene_subtitle_style_overrides_the_top_level_one(api, settings):
    body = storyboard(
        [story_scene(), story_scene(subtitleStyle={"backgroundColor": "#D50000"})],
        subtitleStyle={"backgroundColor": "#00C853", "color": "#FFFFFF"},
    )
    data = rendered(api, body)
    scene_seconds = len(STORY.split()) / 150 * 60 + 0.5

    first, second = frame(settings, data, 0.5), frame(settings, data, scene_seconds + 0.5)

    assert bounds(first, GREEN) is not None and bounds(first, RED) is None
    assert bounds(second, RED) is not None and bounds(second, GREEN) is None
    assert share(second, bounds(second, RED), WHITE, tolerance=50) > 0.01  # the top-level text colour stays


def test_no_box_when_show_box_background_is_false(api, settings):
    style = {"backgroundColor": "#00C853", "color": "#FFEB3B", "showBoxBackground": False}

    image = frame(settings, rendered(api, storyboard([story_scene()], subtitleStyle=style)), 0.5)

    assert bounds(image, GREEN) is None
    assert bounds(image, YELLOW) is not None


def test_font_size_scales_the_subtitle(api, settings):
    heights = []
    for size in (30, 90):
        style = {"backgroundColor": "#00C853", "fontSize": size}
        box = bounds(frame(settings, rendered(api, storyboard([story_scene()], subtitleStyle=style)), 0.5), GREEN)
        heights.append(box[3] - box[1])

    # 30 and 90 px on a 1080-px short side are 10 and 30 px here; the box grows with the text.
    assert heights[1] > heights[0] * 2


def _text_pixels(api, settings, style) -> Image.Image:
    """The subtitle box area of a render with white text on a green box."""
    body = storyboard([story_scene()], subtitleStyle={"backgroundColor": "#00C853", "color": "#FFFFFF", **style})
    image = frame(settings, rendered(api, body), 0.5)
    return image.crop((0, HEIGHT * 2 // 3, WIDTH, HEIGHT))


def _difference(first: Image.Image, second: Image.Image) -> int:
    """How many pixels differ clearly between two crops."""
    return sum(
        1
        for a, b in zip(first.get_flattened_data(), second.get_flattened_data(), strict=True)
        if max(abs(x - y) for x, y in zip(a, b, strict=True)) > 80
    )


def test_uploaded_font_changes_the_subtitle_text(api, client, settings):
    font_url = upload(api, client, "DejaVuSerif-Bold.ttf", "font/ttf", FONT.read_bytes())
    broken_url = upload(api, client, "broken.ttf", "font/ttf", b"not a font at all")
    default = _text_pixels(api, settings, {})

    custom = _text_pixels(api, settings, {"fontFamily": "DejaVu Serif Bold", "fontUrl": font_url})
    broken = _text_pixels(api, settings, {"fontFamily": "Broken Sans", "fontUrl": broken_url})
    outside = _text_pixels(api, settings, {"fontFamily": "Far Away", "fontUrl": "https://fonts.example.test/a.ttf"})

    assert _difference(default, custom) > 500
    assert _difference(default, broken) < 50  # an unreadable font falls back to the bundled face
    assert _difference(default, outside) < 50


# --- brand kits --------------------------------------------------------------------------------


@pytest.mark.parametrize("reference", ["brandId", "brandName"])
def test_brand_colours_logo_and_font_shape_the_render(api, client, settings, reference):
    logo = upload_png(api, client, MAGENTA)
    brand = create_brand(api, logo={"url": logo, "position": "bottom-left", "width": "20%"})
    value = brand["brandId"] if reference == "brandId" else brand["name"].upper()
    scenes = [
        {"story": "Bake it."},  # no visual of its own: the brand's primary colour
        {"story": "Bake it.", "background": {"color": "#1A2B3C"}},
        {"story": "Bake it.", "background": {"searchFilter": {"query": "warm bakery"}}},
    ]
    data = rendered(api, storyboard(scenes, **{reference: value}))
    scene_seconds = 2 / 150 * 60 + 0.5
    first, second, third = (frame(settings, data, scene_seconds * (n + 0.5)) for n in range(3))

    corner = (10, 10, 120, 80)
    assert share(first, corner, PURPLE) > 0.95
    assert share(second, corner, (26, 43, 60)) > 0.95  # its own colour stays
    assert share(third, (WIDTH - 100, 120, WIDTH - 10, 200), PURPLE) > 0.95  # stock search: the brand too
    box = bounds(first, GOLD)  # the secondary colour is the subtitle box
    assert box is not None and box[1] > HEIGHT * 2 / 3
    assert share(first, box, (0, 0, 0), tolerance=60) > 0.03  # secondary's contrast text on it
    assert share(first, box, WHITE, tolerance=40) < 0.005
    for image in (first, second, third):  # the brand's logo, the body having none
        assert share(image, inner(grid_box("bottom-left", 128, 64)), MAGENTA) > 0.95


@pytest.mark.parametrize(
    "background",
    [
        {"searchFilter": {"query": "warm bakery"}},
        {"searchFilter": {"keywords": ["bread", "oven"]}},
        {"type": "image", "aiVisual": {"prompt": "a warm bakery at dawn"}},
    ],
)
def test_brand_primary_is_the_backdrop_of_stock_and_ai_scenes(api, settings, background):
    brand = create_brand(api)
    scene = {"story": "Bake it.", "background": background}
    plain = frame(settings, rendered(api, storyboard([scene])), 0.5)

    branded = frame(settings, rendered(api, storyboard([scene], brandId=brand["brandId"])), 0.5)

    side = (WIDTH - 100, 120, WIDTH - 10, 200)  # clear of the caption, label, text and subtitle
    assert share(plain, side, PURPLE) < 0.05
    assert share(branded, side, PURPLE) > 0.95


def test_a_scene_with_its_own_visual_keeps_it_under_a_brand(api, settings):
    brand = create_brand(api)
    scene = {
        "story": "Bake it.",
        "background": {"visualUrl": "https://media.example.test/bakery.jpg", "searchFilter": {"query": "bread"}},
    }

    branded = frame(settings, rendered(api, storyboard([scene], brandId=brand["brandId"])), 0.5)

    assert share(branded, (WIDTH - 100, 120, WIDTH - 10, 200), PURPLE) < 0.05


def test_the_body_logo_wins_over_the_brand_logo(api, client, settings):
    brand_logo, own_logo = upload_png(api, client, MAGENTA), upload_png(api, client, CYAN)
    brand = create_brand(api, logo={"url": brand_logo, "position": "bottom-left", "width": "20%"})
    body = storyboard(
        [card()], brandId=brand["brandId"], logo={"url": own_logo, "position": "top-right", "width": "20%"}
    )

    image = frame(settings, rendered(api, body), 0.5)

    assert share(image, inner(grid_box("top-right", 128, 64)), CYAN) > 0.95
    assert bounds(image, MAGENTA) is None


def test_brand_font_is_used_when_the_style_names_no_font_url(api, client, settings):
    font_url = upload(api, client, "DejaVuSerif-Bold.ttf", "font/ttf", FONT.read_bytes())
    default = _text_pixels(api, settings, {})
    brand = create_brand(api, font={"family": "DejaVu Serif Bold", "url": font_url, "format": "truetype"})

    body = storyboard(
        [story_scene()],
        brandName=brand["name"],
        subtitleStyle={"backgroundColor": "#00C853", "color": "#FFFFFF"},
    )
    branded = frame(settings, rendered(api, body), 0.5).crop((0, HEIGHT * 2 // 3, WIDTH, HEIGHT))

    assert _difference(default, branded) > 500


def test_an_unknown_brand_leaves_the_default_look(api, settings):
    body = storyboard([{"story": "Bake it."}], brandName="No Such Brand")

    data = rendered(api, body)

    assert share(frame(settings, data, 0.5), (10, 10, 120, 80), PURPLE) < 0.05


def test_preview_backdrops_show_the_brand_colour_and_logo(api, client, settings):
    logo = upload_png(api, client, MAGENTA)
    brand = create_brand(api, logo={"url": logo, "position": "top-left", "width": "20%"})
    job_id = api.create(storyboard([{"story": "Bake it."}], brandId=brand["brandId"]), render=False)

    data = api.finished(job_id)["data"]
    background = next(e for e in data["renderParams"]["elements"] if e["elementType"] == "backgroundElement")
    with Image.open(local_path(settings, background["url"])) as backdrop:
        image = backdrop.convert("RGB").resize((WIDTH, HEIGHT))

    assert share(image, inner(grid_box("top-left", 128, 64), 10), MAGENTA, tolerance=40) > 0.9
    assert share(image, (WIDTH - 120, HEIGHT - 80, WIDTH - 10, HEIGHT - 10), PURPLE, tolerance=40) > 0.9
