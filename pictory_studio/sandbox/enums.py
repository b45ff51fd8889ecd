"""Enum values accepted in request bodies (contract §5.4–§5.8, §8.2 and §8.3)."""

ASPECT_RATIOS = ("16:9", "9:16", "1:1", "4:5")

# The 20-value union of the script languages seen in the sources.
LANGUAGES = (
    "ar", "zh", "nl", "en", "fr", "de", "hi", "id", "it", "ja",
    "ko", "mr", "pl", "pt", "ru", "es", "ta", "tr", "ur", "vi",
)

AUDIO_LANGUAGES = (
    "en-US", "en-AU", "en-GB", "en-IN", "en-IE", "en-AB", "en-WL", "fr-CA", "fr-FR", "de-CH",
    "de-DE", "it-IT", "es-ES", "es-US", "nl-NL", "pt-BR", "ja-JP", "ko-KR", "ru-RU", "hi-IN",
    "ta-IN", "mr-IN",
)

SCENE_TRANSITIONS = (
    "none", "wipeup", "wipedown", "wipeleft", "wiperight", "smoothleft", "smoothright",
    "radial", "circlecrop", "hblur", "fade",
)

FONTS = (
    "Anton", "Archivo Narrow", "Arial", "Averia Libre", "Barlow", "Barlow Black", "Bebas Neue",
    "Calibri", "Caprasimo", "Capriola", "Carter One", "Caveat", "Chakra Petch", "Chewy",
    "Comfortaa", "Courier Prime", "Dancing Script", "Dangrek", "Delius Unicase", "DM Sans",
    "Grandstander", "Gruppo", "Heartbeat", "Helvetica", "Helvetica Neue Medium", "JM Modern",
    "Josefin Sans", "Julius Sans One", "Laisha", "Lato", "Lato Extrabold", "Lexend", "LT Wave",
    "Manrope", "Merriweather", "Montserrat", "Moon dance", "Mustard", "Notosans", "Opensans",
    "Optik", "Party Confetti", "Patua One", "Playfair Display", "Plus Jakarta Sans", "Poppins",
    "Poppins Extrabold", "Proxima Nova", "Quicksand", "Raleway", "Raleway Black",
    "Raleway Thin", "Roboto", "Rokkitt", "Rowdies", "Russo One", "Satisfy", "Sora",
    "Source Sans Pro", "Space Grotesk", "Space mono", "Special Elite", "Strive",
    "Titillium Web", "Titillium Web Black", "Ubuntu", "Unbounded", "Work Sans", "Noto Sans JP",
    "Noto Serif JP", "Noto Sans Tamil", "Noto Sans Devanagari", "Noto Serif Devanagari",
)

GRID_POSITIONS = (
    "top-left", "top-center", "top-right", "center-left", "center-center", "center-right",
    "bottom-left", "bottom-center", "bottom-right",
)
# Elements also accept the bare "center"; fontStyle.position does not.
ELEMENT_POSITIONS = (*GRID_POSITIONS, "center")

TEXT_ANIMATIONS = (
    "none", "fade", "drift", "wipe", "text reveal", "elastic", "typewriter", "blur", "bulletin",
)
ANIMATION_TYPES = ("entry", "exit")
ANIMATION_SPEEDS = ("slow", "medium", "fast", "custom")
ANIMATION_DIRECTIONS = ("up", "down", "left", "right")
WRITING_STYLES = ("character", "word", "line", "paragraph")
FUTURE_WORDS = ("hidden", "subtle", "prominent")

ALIGNMENTS = ("left", "center", "right")
DECORATIONS = ("bold", "underline", "italics", "linethrough")
TEXT_CASES = ("uppercase", "lowercase", "capitalize", "smallcapitalize")
TEXT_VARIANTS = ("heading", "subheading", "body")
ELEMENT_TYPES = ("shape", "text", "video", "image")
MEDIA_TYPES = ("video", "image")

_SHAPE_FAMILIES = {
    "badge": range(1, 9), "quote": range(1, 7), "arrow": range(1, 20),
    "geometry": [*range(1, 9), 10], "doodle": range(1, 13), "star": range(1, 7),
    "cross": range(1, 9), "checkmark": range(1, 7), "data-device": range(1, 9),
    "blob": range(1, 10), "word": range(1, 10), "line": range(1, 18),
    "speech-bubble": range(2, 8), "square": range(1, 6), "heart": range(1, 4),
}
SHAPES = frozenset(
    ["rectangle", "circle", "line", "thumbs-up", "gift", "leaves", "paperplane", "idea-bulb"]
    + ["pill"]
    + [f"{family}-{n}" for family, numbers in _SHAPE_FAMILIES.items() for n in numbers]
)

AI_IMAGE_MODELS = ("seedream3.0", "flux-schnell", "nanobanana")
# Video models with the clip lengths each one can produce.
AI_VIDEO_MODELS = {
    "veo3.1": ("4s", "6s", "8s"),
    "veo3.1_fast": ("4s", "6s", "8s"),
    "pixverse5.5": ("5s", "8s", "10s"),
}
AI_MODELS = (*AI_IMAGE_MODELS, *AI_VIDEO_MODELS)
MEDIA_STYLES = ("photorealistic", "artistic", "cartoon", "minimalist", "vintage", "futuristic")

ELEVENLABS_MODELS = (
    "eleven_v3", "eleven_multilingual_v2", "eleven_flash_v2_5", "eleven_turbo_v2_5",
    "eleven_turbo_v2", "eleven_flash_v2", "eleven_multilingual_v1", "eleven_monolingual_v1",
)

COPILOT_VIDEO_TYPES = ("Explainer", "Marketing", "Internal Communication", "Tutorial", "Product")
COPILOT_PLATFORMS = ("YouTube", "TikTok", "Instagram", "Facebook", "LinkedIn", "Twitter")
COPILOT_TONES = (
    "professional", "casual", "friendly", "informative", "persuasive", "exciting",
    "educational", "humorous", "serious", "conversational",
)

VISUAL_CATEGORIES = (
    "Aerial", "Animals", "Business_and_Professions", "Effects", "Food_and_Beverage", "Graphics",
    "Historical", "Holidays_and_Celebrations", "Lifestyle", "Medical", "Nature", "People",
    "Places_and_Landmarks", "Sports_and_Recreation", "Technology",
)
VISUAL_LIBRARIES = ("story_blocks", "getty")
VISUAL_SELECTION_PREFERENCES = (
    "prefer-stock", "prefer-user-library", "stock-only", "user-library-only",
)

# --- voice tracks (§5.7) ----------------------------------------------------------------------
VOICE_ENGINES = {
    "aws": ("neural", "standard"),
    "google": ("standard", "WaveNet", "Neural2"),
    "elevenlabs": ("eleven_monolingual_v1", "eleven_multilingual_v2"),
}
VOICE_AGES = ("Child", "Teen", "Adult", "Senior")
VOICE_GENDERS = ("Male", "Female", "Neutral")

# --- AWS connections (§5.8) -------------------------------------------------------------------
AWS_REGIONS = (
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "us-gov-east-1", "us-gov-west-1",
    "ca-central-1", "ca-west-1", "mx-central-1", "sa-east-1",
    "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-south-1",
    "eu-south-2", "eu-north-1", "il-central-1", "me-south-1", "me-central-1", "af-south-1",
    "ap-east-1", "ap-east-2", "ap-south-1", "ap-south-2", "ap-northeast-1", "ap-northeast-2",
    "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
    "ap-southeast-5", "ap-southeast-7", "cn-north-1", "cn-northwest-1",
)

# --- brand kits (§5.4) ------------------------------------------------------------------------
FONT_FORMATS = ("truetype", "opentype", "woff", "woff2")
