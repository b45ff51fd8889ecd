"""Forms keep whatever the user typed: a scene is saved as written and its problems shown in
place; only values that cannot be stored at all (a word in a number field, a choice that is
not offered) are refused, with the rest of the form kept."""
from django import forms

from videos.models import AspectRatio, Brand, Language, Project, Scene


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
        self.fields["brand"].queryset = Brand.objects.all()
        self.fields["brand"].required = False
        self.fields["brand"].empty_label = "No brand kit"


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
                  "music_enabled", "music_volume", "brand", "require_all_reviewers"]
        error_messages = {
            "aspect_ratio": {"invalid_choice": "Choose 16:9, 9:16, 1:1 or 4:5."},
            "language": {"invalid_choice": "Choose one of the listed languages."},
            "title": {"required": "Give the video a name."},
        }

    def __init__(self, *args, voices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["brand"].required = False
        self.fields["brand"].empty_label = "No brand kit"
        current = self.instance.voice_speaker
        choices = [(v.name, f"{v.name} · {v.language or '?'} · {v.gender or ''}".rstrip(" ·")) for v in voices]
        if current and current.lower() not in {v.name.lower() for v in voices}:
            choices.insert(0, (current, f"{current} (not offered by Pictory)" if voices else current))
        self.fields["voice_speaker"].widget = forms.Select(choices=choices) if choices else forms.TextInput()
        self.fields["aspect_ratio"].choices = AspectRatio.choices
        self.fields["language"].choices = Language.choices


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
