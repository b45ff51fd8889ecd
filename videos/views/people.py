"""Admins manage people and roles; everyone manages their own notification emails."""
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from videos.models import NotificationKind, Role
from videos.permissions import Action, role_allows
from videos.services import people as people_services
from videos.services.notifications import notification_settings_save, wants


def _require_admin(user) -> None:
    if not role_allows(user, Action.MANAGE_PEOPLE):
        raise PermissionDenied("Only admins manage people and roles.")


@login_required
@require_http_methods(["GET", "POST"])
def people(request):
    _require_admin(request.user)
    typed, error = {}, ""
    if request.method == "POST":
        typed = {"username": request.POST.get("username", ""), "email": request.POST.get("email", "")}
        try:
            person = people_services.person_add(
                username=typed["username"], email=typed["email"], password=request.POST.get("password", ""),
                roles=set(request.POST.getlist("roles")), by=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"Added {person.get_username()}. Give them their password in person.")
            return redirect("videos:people")
    everyone = get_user_model().objects.prefetch_related("groups").order_by("username")
    rows = [{"user": u, "roles": {g.name for g in u.groups.all()} | ({Role.ADMIN} if u.is_superuser else set())}
            for u in everyone]
    return render(request, "videos/people.html", {"rows": rows, "roles": Role.choices, "typed": typed,
                                                  "error": error})


@login_required
@require_POST
def person_roles(request, pk: int):
    _require_admin(request.user)
    person = get_object_or_404(get_user_model(), pk=pk)
    try:
        people_services.roles_set(user=person, roles=set(request.POST.getlist("roles")), by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Saved {person.get_username()}'s roles.")
    return redirect("videos:people")


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request):
    if request.method == "POST":
        notification_settings_save(user=request.user, enabled=set(request.POST.getlist("kinds")))
        messages.success(request, "Saved. Emails you turned off will not be sent.")
        return redirect("videos:notification_settings")
    kinds = [(value, label, wants(request.user, value)) for value, label in NotificationKind.choices]
    return render(request, "videos/notification_settings.html", {"kinds": kinds})
