"""Forms keep whatever the user typed: a scene is saved as written and its problems shown in
place; only values that cannot be stored at all (a word in a number field, a choice that is
not offered) are refused, with the rest of the form kept."""
import re

from django import forms
from django.db import models

from videos.models import AspectRatio, Brand, Language, Project, Scene
from videos.services.voices import voices_for_language


class ProjectCreateForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["title", "aspect_ratio", "language", "brand"]
        widgets = {"title": forms.TextInput(attrs={"placeholder": "e.g. Spring launch teaser", "autofocus": True})}
        error_messages = {
            "aspect_ratio": {"invalid_choice": "Choose 16:9, 9:16, 1:1 or 4:5."},
            "title": {"required": "Give the video a name."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["brand"].queryset = Brand.objects.filter(archived_at__isnull=True)
        self.fields["brand"].required = False
        self.fields["brand"].empty_label = "No brand kit"
        default = Brand.objects.filter(is_default=True, archived_at__isnull=True).first()
        if default is not None and not self.is_bound:
            self.initial.setdefault("brand", default.pk)


class ProjectSettingsForm(forms.ModelForm):
    voice_speed = forms.IntegerField(min_value=50, max_value=200, error_messages={
        "min_value": "Voice speed must be between 50 and 200.",
        "max_value": "Voice speed must be between 50 and 200.",
        "invalid": "Voice speed is a number between 50 and 200.",
    })
    music_volume = forms.FloatField(min_value=0, max_value=1, error_messages={
        "min_value": "Music volume must be between 0 and 1.",
        "max_value": "Music volume must be between 0 and 1.",
        "invalid": "Music volume is a number between 0 and 1.",
    })

    class Meta:
        model = Project
        fields = ["title", "aspect_ratio", "language", "voice_speaker", "voice_speed",
                  "music_enabled", "music_volume", "brand", "aws_connection_id", "require_all_reviewers"]
        error_messages = {
            "aspect_ratio": {"invalid_choice": "Choose 16:9, 9:16, 1:1 or 4:5."},
            "language": {"invalid_choice": "Choose one of the listed languages."},
            "title": {"required": "Give the video a name."},
        }

    def __init__(self, *args, voices=(), aws_connections=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["brand"].required = False
        self.fields["brand"].empty_label = "No brand kit"
        self.fields["brand"].queryset = Brand.objects.filter(
            models.Q(archived_at__isnull=True) | models.Q(pk=self.instance.brand_id))
        self._aws_choices(aws_connections)
        current = self.instance.voice_speaker
        language = (self.data.get("language") if self.is_bound else None) or self.instance.language or ""
        voices = voices_for_language(language=language, voices=list(voices)) or voices
        choices = [(v.name, f"{v.name} · {v.language or '?'} · {v.gender or ''}".rstrip(" ·")) for v in voices]
        if current and current.lower() not in {v.name.lower() for v in voices}:
            choices.insert(0, (current, f"{current} (not offered by Pictory)" if voices else current))
        self.fields["voice_speaker"].widget = forms.Select(choices=choices) if choices else forms.TextInput()
        self.fields["aspect_ratio"].choices = AspectRatio.choices
        self.fields["language"].choices = Language.choices

    def _aws_choices(self, connections) -> None:
        """A picker of the account's AWS connections; hidden when there are none to pick."""
        current = self.instance.aws_connection_id
        if not connections and not current:
            del self.fields["aws_connection_id"]
            return
        choices = [("", "None: stock and public visuals only")]
        choices += [(c.id, c.name + ("" if c.enabled else " (disabled)")) for c in connections or ()]
        if current and current not in {c.id for c in connections or ()}:
            choices.append((current, f"{current} (not found in the account)" if connections else current))
        self.fields["aws_connection_id"].widget = forms.Select(choices=choices)


class SceneForm(forms.ModelForm):
    minimum_duration = forms.FloatField(required=False, error_messages={
        "invalid": "Minimum duration is a number of seconds, e.g. 4 or 2.5.",
    })

    class Meta:
        model = Scene
        fields = ["narration", "visual_kind", "visual_query", "visual_url", "visual_color",
                  "transition", "minimum_duration", "hide_subtitles"]
        widgets = {
            "narration": forms.Textarea(attrs={"rows": 4, "placeholder": "What the narrator says in this scene…"}),
            "visual_kind": forms.RadioSelect,
            "visual_query": forms.TextInput(attrs={"placeholder": "e.g. team meeting in a bright office"}),
            "visual_url": forms.TextInput(attrs={"placeholder": "https://…/image.jpg or clip.mp4"}),
            "visual_color": forms.TextInput(attrs={"placeholder": "#1F3A5F"}),
        }
        error_messages = {"transition": {"invalid_choice": "Choose one of the listed transitions."}}


_HEX_COLOR = r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$"
_COLOR_FIELDS = ("primary_color", "primary_light", "primary_dark", "primary_contrast_text",
                 "secondary_color", "secondary_light", "secondary_dark", "secondary_contrast_text")


def _https_urls(model_field, **kwargs):
    """Addresses typed without a scheme are read as https (Django 6's default)."""
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return model_field.formfield(**kwargs)


class BrandForm(forms.ModelForm):
    """A brand kit as an admin edits it; empty colour variants are derived on save."""

    subtitle_style = forms.ChoiceField(required=False, label="Subtitle style")
    sync_to_pictory = forms.BooleanField(
        required=False, initial=True, label="Save it at Pictory too",
        help_text="Creates or updates the kit in the Pictory account so renders can name it.",
    )
    logo_width = forms.IntegerField(min_value=1, max_value=100, initial=15, error_messages={
        "min_value": "Logo width is a percent of the video width, between 1 and 100.",
        "max_value": "Logo width is a percent of the video width, between 1 and 100.",
        "invalid": "Logo width is a whole number of percent, e.g. 15.",
    })
    default_voice_speed = forms.IntegerField(min_value=50, max_value=200, initial=100, error_messages={
        "min_value": "Voice speed must be between 50 and 200.",
        "max_value": "Voice speed must be between 50 and 200.",
        "invalid": "Voice speed is a number between 50 and 200.",
    })
    default_music_volume = forms.FloatField(min_value=0, max_value=1, initial=0.1, error_messages={
        "min_value": "Music volume must be between 0 and 1.",
        "max_value": "Music volume must be between 0 and 1.",
        "invalid": "Music volume is a number between 0 and 1, e.g. 0.1.",
    })

    class Meta:
        model = Brand
        formfield_callback = _https_urls
        fields = ["name", "description", "logo", "logo_url", "logo_position", "logo_width", *_COLOR_FIELDS,
                  "font_family", "font_file", "font_url", "default_voice", "default_voice_speed",
                  "music_enabled", "default_music_volume", "intro_text", "intro_clip_url", "outro_text",
                  "outro_clip_url", "is_default"]
        widgets = {
            "name": forms.TextInput(attrs={"placeholder": "e.g. Acme spring campaign"}),
            "description": forms.Textarea(attrs={"rows": 2, "placeholder": "Where and when the team uses this kit"}),
            "intro_text": forms.Textarea(attrs={"rows": 2, "placeholder": "Optional first scene of new projects"}),
            "outro_text": forms.Textarea(attrs={"rows": 2, "placeholder": "Optional closing scene"}),
            "logo_url": forms.URLInput(attrs={"placeholder": "https://…/logo.png"}),
            "font_url": forms.URLInput(attrs={"placeholder": "https://…/font.ttf"}),
            "intro_clip_url": forms.URLInput(attrs={"placeholder": "https://…/intro.mp4"}),
            "outro_clip_url": forms.URLInput(attrs={"placeholder": "https://…/outro.mp4"}),
            "font_family": forms.TextInput(attrs={"list": "pictory-fonts", "placeholder": "e.g. Montserrat"}),
        }
        error_messages = {
            "name": {"required": "Give the kit a name.", "unique": "Another kit already has this name."},
            "logo_url": {"invalid": "Give a full http(s) address of the logo image."},
            "font_url": {"invalid": "Give a full http(s) address of the font file (.ttf, .otf or .woff2)."},
            "intro_clip_url": {"invalid": "Give a full http(s) address of the intro clip."},
            "outro_clip_url": {"invalid": "Give a full http(s) address of the outro clip."},
        }

    def __init__(self, *args, styles=(), voices=(), **kwargs):
        super().__init__(*args, **kwargs)
        from videos.models import MediaAsset, MediaKind, MediaStatus

        ready = MediaAsset.objects.filter(status=MediaStatus.READY)
        self.fields["logo"].queryset = ready.filter(kind=MediaKind.IMAGE)
        self.fields["font_file"].queryset = ready.filter(kind=MediaKind.FONT)
        self.fields["logo"].error_messages["invalid_choice"] = "Pick a logo from the media library, or upload one."
        self.fields["font_file"].error_messages["invalid_choice"] = "Pick a font file from the media library."
        self._styles = {item.id: item.name for item in styles}
        current_id, current_name = self.instance.subtitle_style_id, self.instance.subtitle_style_name
        choices = [("", "Pictory's default")] + [(i, n) for i, n in self._styles.items()]
        if current_id and current_id not in self._styles:
            choices.append((current_id, current_name or current_id))
        self.fields["subtitle_style"].choices = choices
        self.fields["subtitle_style"].initial = current_id
        voice_choices = [("", "The project language's default voice")]
        voice_choices += [(v.name, f"{v.name} · {v.language or '?'} · {v.gender or ''}".rstrip(" ·")) for v in voices]
        current_voice = self.instance.default_voice
        if current_voice and current_voice.lower() not in {v.name.lower() for v in voices}:
            label = f"{current_voice} (not offered by Pictory)" if voices else current_voice
            voice_choices.append((current_voice, label))
        self.fields["default_voice"].widget = forms.Select(choices=voice_choices)
        for name in _COLOR_FIELDS:
            self.fields[name].required = name in ("primary_color", "secondary_color")
            self.fields[name].widget.attrs.update({"pattern": _HEX_COLOR[1:-1], "spellcheck": "false",
                                                   "class": "color-text", "placeholder": "#RRGGBB"})

    @property
    def color_groups(self):
        return [("primary", [self[name] for name in _COLOR_FIELDS[:4]]),
                ("secondary", [self[name] for name in _COLOR_FIELDS[4:]])]

    def clean(self):
        data = super().clean()
        for name in _COLOR_FIELDS:
            value = (data.get(name) or "").strip()
            if value and not re.match(_HEX_COLOR, value):
                self.add_error(name, f"“{value}” is not a hex colour. Use #RGB or #RRGGBB, e.g. #1F3A5F.")
            elif value:
                data[name] = value.upper()
        for name in ("logo_url", "font_url", "intro_clip_url", "outro_clip_url"):
            value = (data.get(name) or "").strip()
            if value and not value.lower().startswith(("http://", "https://")):
                self.add_error(name, self.Meta.error_messages[name]["invalid"])
        if data.get("logo") and (data.get("logo_url") or "").strip():
            self.add_error("logo_url", "Use either a logo from the media library or a logo address, not both.")
        if data.get("font_file") and (data.get("font_url") or "").strip():
            self.add_error("font_url", "Use either a font file from the media library or a font address, not both.")
        family = (data.get("font_family") or "").strip()
        if family and not data.get("font_file") and not (data.get("font_url") or "").strip():
            from videos.services.brand_payload import is_pictory_font

            if not is_pictory_font(family):
                self.add_error("font_family", f"Pictory does not offer “{family}”. Pick one of its fonts from the "
                                              "list, or add the font file.")
        return data

    def save(self, commit=True):
        brand = super().save(commit=False)
        chosen = self.cleaned_data.get("subtitle_style") or ""
        brand.subtitle_style_id = chosen
        brand.subtitle_style_name = self._styles.get(chosen, brand.subtitle_style_name if chosen else "")
        return brand
