"""What the Picsart imitation serves: stock-like images for any search, a trending set, and
the two catalogues (video tools, generative models). Nothing is stored: an image's id names
what it shows, and its pixels are drawn when asked for."""
import io
import re
from dataclasses import dataclass

from PIL import ImageDraw

from . import frames

RESULTS_PER_SEARCH = 45  # three pages at the default page size, so paging is real
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 50
FULL_SIZE = (1280, 720)
THUMBNAIL_SIZE = (320, 180)
TRENDING_TOPICS = (
    "mountain lake at sunrise", "city lights at night", "coffee on a wooden table", "surfer on a wave",
    "autumn forest path", "desert dunes", "snowy cabin", "street market", "northern lights",
    "tropical beach", "rainy window", "hot air balloons", "bicycle in amsterdam", "wheat field",
    "lighthouse in fog", "sushi platter", "running shoes", "neon arcade", "waterfall in jungle",
    "vintage car", "yoga at dawn", "paper lanterns", "open notebook", "harbour boats",
    "sunflower close up", "skyscraper glass", "camping tent", "street food", "library shelves",
    "ski slope",
)
VIDEO_TOOLS = (
    ("video-upscale", "Video upscale", "Doubles or quadruples a clip's resolution."),
    ("video-background-removal", "Background removal", "Cuts the person out of every frame."),
    ("video-enhance", "Enhance", "Sharpens and de-noises a clip."),
)
GENAI_MODELS = (
    ("text2image-v2", "Text to image", "image"),
    ("inpainting-v1", "Inpainting", "image"),
    ("text2sticker-v1", "Text to sticker", "image"),
)


@dataclass(frozen=True)
class Picture:
    image_id: str

    @property
    def words(self) -> str:
        return self.image_id.rsplit("-", 1)[0].replace("-", " ")

    @property
    def title(self) -> str:
        return self.words[:1].upper() + self.words[1:]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "image"


def search(query: str) -> list[Picture]:
    slug = _slug(query)
    return [Picture(f"{slug}-{number}") for number in range(1, RESULTS_PER_SEARCH + 1)]


def trending() -> list[Picture]:
    return [Picture(f"{_slug(topic)}-{number}") for number, topic in enumerate(TRENDING_TOPICS, start=1)]


def valid_image_id(image_id: str) -> bool:
    return bool(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*-\d{1,4}", image_id)) and len(image_id) <= 50


def page_of(items: list, page: int, page_size: int) -> tuple[list, int | None]:
    """One page (1-based) and the next page's number, or None after the last."""
    start = (page - 1) * page_size
    chunk = items[start:start + page_size]
    return chunk, page + 1 if start + page_size < len(items) else None


def draw(picture: Picture, *, thumbnail: bool) -> bytes:
    """A JPEG of the picture: a backdrop seeded by its id with its title on it."""
    size = THUMBNAIL_SIZE if thumbnail else FULL_SIZE
    image = frames.gradient(size, picture.image_id)
    draw_on = ImageDraw.Draw(image, "RGBA")
    face = frames.font(max(14, size[1] // 12))
    text = picture.title
    box = draw_on.textbbox((0, 0), text, font=face)
    width, height = box[2] - box[0], box[3] - box[1]
    left, top = (size[0] - width) // 2, size[1] - height - size[1] // 8
    pad = size[1] // 40 + 4
    draw_on.rounded_rectangle((left - pad, top - pad, left + width + pad, top + height + pad * 1.6),
                              radius=pad, fill=(0, 0, 0, 120))
    draw_on.text((left, top), text, font=face, fill=(255, 255, 255))
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=82)
    return out.getvalue()


