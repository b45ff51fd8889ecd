"""The voices the Pictory account offers, with samples; Admins add custom voice tracks."""
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from videos.permissions import Action, role_allows
from videos.selectors import voices_available
from videos.services import voices as voice_services
from videos.views.common import require


def _choices(values, *, blank: str = "") -> list[tuple[str, str]]:
    return ([("", blank)] if blank else []) + [(v, v) for v in values]


def _select(choices) -> forms.Select:
    return forms.Select(choices=choices)


class VoiceTrackForm(forms.Form):
    """Keeps what the admin typed, exactly; every rule (engine ↔ service) is the service's."""

    name = forms.CharField(required=False, help_text="How editors pick it, e.g. “Narrator Anna”.",
                           widget=forms.TextInput(attrs={"maxlength": 120}))
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}))
    service = forms.CharField(required=False, widget=_select(
        [("", "Choose…"), *voice_services.SERVICE_LABELS.items()]))
    # Grouped by service, so the list shows which engines belong together.
    engine = forms.CharField(required=False, help_text=(
        "Amazon Polly: neural or standard · Google: standard, WaveNet or Neural2 · "
        "ElevenLabs: eleven_monolingual_v1 or eleven_multilingual_v2."), widget=_select(
        [("", "Choose…")] + [(voice_services.SERVICE_LABELS[service].split(" (")[0], [(e, e) for e in engines])
                             for service, engines in voice_services.SERVICE_ENGINES.items()]))
    language = forms.CharField(required=False, widget=_select(
        [("", "Choose…"), *voice_services.AUDIO_LANGUAGES.items()]))
    voice_id = forms.CharField(label="Voice id", required=False, widget=forms.TextInput(attrs={"maxlength": 200}),
                               help_text="The provider's id for the voice, e.g. Joanna or en-US-Neural2-F.")
    accent = forms.CharField(required=False, widget=forms.TextInput(attrs={"maxlength": 80}))
    age = forms.CharField(required=False, widget=_select(_choices(voice_services.AGES, blank="Not given")))
    gender = forms.CharField(required=False, widget=_select(_choices(voice_services.GENDERS, blank="Not given")))
    sample_url = forms.CharField(label="Sample URL", required=False,
                                 help_text="An MP3 people can play to hear the voice.",
                                 widget=forms.TextInput(attrs={"placeholder": "https://…/sample.mp3"}))


def _page(request, *, form: VoiceTrackForm | None = None, status: int = 200, form_message: str = ""):
    voices, error = voices_available()
    language = request.GET.get("language", "").strip()[:10]
    shown = voice_services.voices_for_language(language=language, voices=voices)
    can_add = role_allows(request.user, Action.MANAGE_VOICES)
    context = {
        "voices": [(voice, voice_services.language_label(voice.language)) for voice in shown],
        "all_count": len(voices),
        "language_count": len({(v.language or "?").split("-")[0].lower() for v in voices}),
        "error": error, "language": language,
        "language_name": voice_services.language_label(language) if language else "",
        "languages": voice_services.voice_language_options(voices=voices),
        "can_add": can_add,
        "form": form if form is not None else (VoiceTrackForm() if can_add else None),
        "form_message": form_message,
    }
    template = "videos/voices.html#voice-results" if request.htmx and form is None else "videos/voices.html"
    return render(request, template, context, status=status)


@login_required
@require_GET
@vary_on_headers("HX-Request")
def voice_list(request):
    require(request.user, Action.VIEW)
    return _page(request)


@login_required
@require_POST
def voice_add(request):
    require(request.user, Action.MANAGE_VOICES)
    form = VoiceTrackForm(request.POST)
    values = {name: request.POST.get(name, "") for name in form.fields}
    try:
        voice = voice_services.voice_track_add(**values)
    except voice_services.VoiceTrackRefused as refused:
        for name, errors in refused.fields.items():
            for error in errors:
                form.add_error(None if name == "__all__" else name, error)
        return _page(request, form=form, status=400, form_message=refused.message)
    messages.success(request, f"Added the voice “{voice.name or values['name']}”. It is listed below and editors "
                              "can pick it in a project's settings.")
    language = voice.language or values["language"]
    return redirect(f"{reverse('videos:voice_list')}?{urlencode({'language': language})}#voices")
