"""Admins manage people, roles and sign-in lockouts; everyone manages their own notification emails."""
from axes.helpers import get_cool_off
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from videos.models import NotificationKind, Role
from videos.permissions import Action, role_allows
from videos.services import people as people_services
from videos.services.notifications import notification_settings_save, wants


def _require_admin(user) -> None:
    if not role_allows(user, Action.MANAGE_PEOPLE):
        raise PermissionDenied("Only admins manage people and roles.")


def _field_errors(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {("form" if field == "__all__" else field): msgs for field, msgs in exc.message_dict.items()}
    return {"form": exc.messages}


def _people_page(request, *, typed: dict | None = None, errors: dict | None = None, status: int = 200):
    everyone = get_user_model().objects.prefetch_related("groups").order_by("username")
    rows = [{"user": u, "roles": {g.name for g in u.groups.all()} | ({Role.ADMIN} if u.is_superuser else set())}
            for u in everyone]
    return render(request, "videos/people.html", {
        "rows": rows, "roles": Role.choices, "typed": typed or {}, "errors": errors or {},
        "lockouts": people_services.lockouts_list(),
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def people(request):
    _require_admin(request.user)
    if request.method == "GET":
        return _people_page(request)
    if "unlock" in request.POST:
        return _unlock(request)
    typed = {"username": request.POST.get("username", ""), "email": request.POST.get("email", ""),
             "roles": request.POST.getlist("roles")}
    try:
        person = people_services.person_add(
            username=typed["username"], email=typed["email"], password=request.POST.get("password", ""),
            roles=set(typed["roles"]), by=request.user)
    except ValidationError as exc:
        return _people_page(request, typed=typed, errors=_field_errors(exc), status=400)
    messages.success(request, f"Added {person.get_username()}. Give them their password in person.")
    return redirect("videos:people")


def _unlock(request):
    username = request.POST.get("unlock", "")
    try:
        people_services.person_unlock(username=username, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Unlocked {username}: they can sign in again now.")
    return redirect("videos:people")


@login_required
@require_POST
def person_roles(request, pk: int):
    _require_admin(request.user)
    person = get_object_or_404(get_user_model(), pk=pk)
    try:
        people_services.roles_set(user=person, roles=set(request.POST.getlist("roles")), by=request.user)
    except ValidationError as exc:
        messages.error(request, f"{person.get_username()}: {' '.join(exc.messages)}")
    else:
        messages.success(request, f"Saved {person.get_username()}'s roles.")
    return redirect("videos:people")


def sign_in_locked_out(request, original_response=None, credentials=None):
    """The sign-in page again, saying the account is locked from here and until when (status 429)."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    lockout = people_services.lockout_for(username=username, ip_address=getattr(request, "axes_ip_address", None))
    if lockout is None:  # cleared in between; say the longest it can be
        lockout = people_services.Lockout(username=username, ip_address=None, until=timezone.now() + get_cool_off())
    form = AuthenticationForm(request, initial={"username": username})
    return render(request, "registration/login.html", {
        "form": form, "lockout": lockout, "next": request.POST.get("next", request.GET.get("next", "")),
    }, status=429)


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request):
    if request.method == "POST":
        notification_settings_save(user=request.user, enabled=set(request.POST.getlist("kinds")))
        messages.success(request, "Saved. Emails you turned off will not be sent.")
        return redirect("videos:notification_settings")
    kinds = [(value, label, wants(request.user, value)) for value, label in NotificationKind.choices]
    return render(request, "videos/notification_settings.html", {"kinds": kinds})
