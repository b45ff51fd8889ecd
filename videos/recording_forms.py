"""Forms of the recordings pages: adding a recording and rendering a highlight cut."""
from django import forms
from django.db import transaction

from videos.models import AspectRatio, Brand, MediaAsset, MediaKind, MediaStatus, TranscriptionLanguage


class RecordingForm(forms.Form):
    title = forms.CharField(max_length=200, required=False,
                            widget=forms.TextInput(attrs={"placeholder": "e.g. Spring webinar"}))
    media = forms.CharField(required=False)
    url = forms.URLField(max_length=1000, required=False, assume_scheme="https", error_messages={
        "invalid": "That is not a web address. It starts with https:// and names the file.",
    }, widget=forms.URLInput(attrs={"placeholder": "https://…/webinar.mp4"}))
    language = forms.ChoiceField(choices=TranscriptionLanguage.choices, initial=TranscriptionLanguage.EN_US,
                                 label="Spoken language")
    transcribe = forms.BooleanField(required=False, initial=True, label="Transcribe it now")

    def clean_media(self):
        value = self.cleaned_data["media"]
        if not value:
            return None
        if not value.isdigit() or not MediaAsset.objects.filter(
                pk=value, kind__in=[MediaKind.VIDEO, MediaKind.AUDIO], status=MediaStatus.READY).exists():
            raise forms.ValidationError("Pick a video or audio file from the list, or upload one.")
        return int(value)

    def clean(self):
        data = super().clean()
        if not data.get("media") and not data.get("url") and not self.errors:
            raise forms.ValidationError("Pick or upload a video or audio file, or give its address.")
        return data


class CutRenderForm(forms.Form):
    """How a cut is rendered: shape, brand kit and sound. Kept on the cut's project."""

    aspect_ratio = forms.ChoiceField(choices=AspectRatio.choices, initial=AspectRatio.PORTRAIT, label="Shape")
    brand = forms.ModelChoiceField(queryset=Brand.objects.filter(archived_at__isnull=True), required=False,
                                   empty_label="No brand kit", label="Brand kit")
    sound = forms.ChoiceField(choices=[("original", "The recording's own sound"),
                                       ("voice_over", "An AI voice reading the kept words")],
                              initial="original", widget=forms.RadioSelect, label="Sound")

    @staticmethod
    def initial_for(*, cut, project) -> dict:
        if project is None:
            default = Brand.objects.filter(is_default=True, archived_at__isnull=True).first()
            return {"aspect_ratio": AspectRatio.PORTRAIT, "brand": default.pk if default else None,
                    "sound": "voice_over" if cut.voice_over else "original"}
        return {"aspect_ratio": project.aspect_ratio, "brand": project.brand_id,
                "sound": "voice_over" if cut.voice_over else "original"}

    def apply(self, *, cut, project) -> None:
        data = self.cleaned_data
        with transaction.atomic():
            project.aspect_ratio = data["aspect_ratio"]
            project.brand = data["brand"]
            project.save(update_fields=["aspect_ratio", "brand", "updated_at"])
            cut.voice_over = data["sound"] == "voice_over"
            cut.save(update_fields=["voice_over", "updated_at"])
