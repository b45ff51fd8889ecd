"""The bulk highlight clips form: the list of recordings and what every clip shares."""
from django import forms

from videos.models import AspectRatio, Brand, TranscriptionLanguage
from videos.services.highlight_cuts import MAX_TARGET, MIN_TARGET
from videos.services.recording_batch_lines import MAX_ROWS

PLACEHOLDER = ("https://cdn.example.com/webinar-q3.mp4, Q3 webinar, 45\n"
               "https://cdn.example.com/founder-talk.mp4, Founder talk\n"
               "https://cdn.example.com/podcast-12.mp3")


class RecordingBatchForm(forms.Form):
    name = forms.CharField(max_length=200, required=False, label="Batch name",
                           widget=forms.TextInput(attrs={"placeholder": "e.g. Summit talks · shorts"}))
    lines = forms.CharField(required=False, label="Recordings, one per line", strip=False,
                            widget=forms.Textarea(attrs={"rows": 9, "placeholder": PLACEHOLDER, "spellcheck": "false",
                                                         "wrap": "off"}))
    csv_file = forms.FileField(required=False, label="…or a CSV file")
    seconds = forms.IntegerField(min_value=MIN_TARGET, max_value=MAX_TARGET, initial=30, label="Clip length",
                                 error_messages={
                                     "min_value": f"A clip lasts between {MIN_TARGET} and {MAX_TARGET} seconds.",
                                     "max_value": f"A clip lasts between {MIN_TARGET} and {MAX_TARGET} seconds.",
                                     "invalid": "Give the length in whole seconds, for example 45.",
                                     "required": "Give the clip length in seconds, for example 30.",
                                 }, widget=forms.NumberInput(attrs={"class": "narrow"}))
    aspect_ratio = forms.ChoiceField(choices=AspectRatio.choices, initial=AspectRatio.PORTRAIT, label="Shape")
    brand = forms.ModelChoiceField(queryset=Brand.objects.filter(archived_at__isnull=True), required=False,
                                   empty_label="No brand kit", label="Brand kit")
    language = forms.ChoiceField(choices=TranscriptionLanguage.choices, initial=TranscriptionLanguage.EN_US,
                                 label="Spoken language")

    max_rows = MAX_ROWS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            default = Brand.objects.filter(is_default=True, archived_at__isnull=True).first()
            self.initial.setdefault("brand", default.pk if default else None)
