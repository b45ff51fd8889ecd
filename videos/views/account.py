"""The Pictory account (Admins): usage this billing term, the connection, and AWS private connections."""
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pictory_studio.pictory import NotFoundError, PictoryError
from videos.permissions import Action
from videos.services import account as account_services
from videos.services import aws_connections as aws
from videos.services.explain import pictory_error_text
from videos.views.common import require

_REGION_CHOICES = [("", "Choose the bucket's region…")] + [
    (code, f"{code} · {label}") for code, label in aws.AWS_REGIONS.items()]


class AwsConnectionForm(forms.Form):
    """Keeps what the admin typed, exactly; the rules are checked by the service before sending."""

    name = forms.CharField(required=False, widget=forms.TextInput(attrs={"maxlength": 120}),
                           help_text="Editors pick the connection by this name in a project's settings.")
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}))
    aws_account_id = forms.CharField(label="AWS account id", required=False, widget=forms.TextInput(
        attrs={"inputmode": "numeric", "placeholder": "123456789012", "autocomplete": "off"}),
        help_text="The 12 digits of the AWS account that owns the bucket.")
    aws_region = forms.CharField(label="AWS region", required=False, widget=forms.Select(choices=_REGION_CHOICES))
    enabled = forms.BooleanField(required=False, initial=True, label="Enabled: renders may read through it")
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:  # Pictory does not let the account or region change
            del self.fields["aws_account_id"], self.fields["aws_region"]
        else:
            del self.fields["version"]


def _version(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def _moment(text: str):
    """Pictory's ISO dates as datetimes for the page; None when unreadable (the raw text shows)."""
    try:
        return parse_datetime(text or "")
    except ValueError:
        return None


def _connection_or_404(connection_id: str):
    try:
        return aws.aws_connection_get(connection_id=connection_id), ""
    except NotFoundError as exc:
        raise Http404("Pictory has no AWS connection with this id.") from exc
    except PictoryError as exc:
        return None, pictory_error_text(exc)


def _add_errors(form: forms.Form, fields: dict[str, list[str]]) -> None:
    for name, errors in fields.items():
        for error in errors:
            form.add_error(name if name in form.fields else None, error)


@login_required
@require_GET
def account(request):
    require(request.user, Action.MANAGE_ACCOUNT)
    snapshot = account_services.quota_current()
    page, aws_error = aws.aws_connection_page()
    return render(request, "videos/account.html", {
        "snapshot": snapshot,
        "lines": account_services.quota_lines(snapshot=snapshot) if snapshot and snapshot.fetched_at else [],
        "connection": account_services.account_connection(),
        "aws_page": page, "aws_error": aws_error,
    })


@login_required
@require_POST
def account_quota_refresh(request):
    require(request.user, Action.MANAGE_ACCOUNT)
    snapshot = account_services.quota_refresh()
    if snapshot.problem:
        messages.warning(request, f"Could not read the usage: {snapshot.problem}")
    else:
        messages.success(request, "Read the account's usage from Pictory just now.")
    return redirect("videos:account")


# --- AWS private connections -------------------------------------------------------------------

def _role_help() -> dict:
    return {"pictory_account": aws.PICTORY_AWS_ACCOUNT, "example_role": aws.EXAMPLE_ROLE,
            "role_actions": aws.ROLE_ACTIONS}


@login_required
@require_GET
def aws_connection_list(request):
    require(request.user, Action.MANAGE_ACCOUNT)
    page_key = request.GET.get("page", "")[:2000]
    page, error = aws.aws_connection_page(page_key=page_key)
    return render(request, "videos/aws_list.html", {"page": page, "error": error, "paged": bool(page_key),
                                                    **_role_help()})


@login_required
@require_http_methods(["GET", "POST"])
def aws_connection_create(request):
    require(request.user, Action.MANAGE_ACCOUNT)
    form = AwsConnectionForm(request.POST if request.method == "POST" else None)
    message = ""
    if request.method == "POST":
        form.is_valid()
        try:
            connection = aws.aws_connection_create(
                name=request.POST.get("name", ""), description=request.POST.get("description", ""),
                aws_account_id=request.POST.get("aws_account_id", ""), aws_region=request.POST.get("aws_region", ""),
                enabled=bool(request.POST.get("enabled")))
        except aws.ConnectionRefused as refused:
            _add_errors(form, refused.fields)
            message = refused.message
        else:
            messages.success(request, f"Created the connection “{connection.name}”. Editors can pick it in a "
                                      "project's settings once the IAM role below is in place.")
            return redirect("videos:aws_connection_detail", connection_id=connection.id)
    return render(request, "videos/aws_form.html", {"form": form, "connection": None, "message": message,
                                                    **_role_help()}, status=400 if message else 200)


@login_required
@require_GET
def aws_connection_detail(request, connection_id: str):
    require(request.user, Action.MANAGE_ACCOUNT)
    connection, error = _connection_or_404(connection_id)
    return render(request, "videos/aws_detail.html", {
        "connection": connection, "connection_id": connection_id, "error": error,
        "created_at": _moment(connection.created) if connection else None,
        "updated_at": _moment(connection.updated) if connection else None,
        "projects": aws.aws_connection_projects(connection_id=connection_id), **_role_help()})


@login_required
@require_http_methods(["GET", "POST"])
def aws_connection_edit(request, connection_id: str):
    require(request.user, Action.MANAGE_ACCOUNT)
    connection, error = _connection_or_404(connection_id)
    if connection is None:
        return render(request, "videos/aws_detail.html", {"connection": None, "connection_id": connection_id,
                                                          "error": error, "projects": []})
    context = {"connection": connection, "theirs": None, "message": "", **_role_help()}
    if request.method == "GET":
        form = AwsConnectionForm(editing=True, initial={
            "name": connection.name, "description": connection.description, "enabled": connection.enabled,
            "version": connection.version})
        return render(request, "videos/aws_form.html", {**context, "form": form})
    form = AwsConnectionForm(request.POST, editing=True)
    form.is_valid()
    seen_version = _version(request.POST.get("version"))
    try:
        updated = aws.aws_connection_update(
            connection_id=connection_id, name=request.POST.get("name", ""),
            description=request.POST.get("description", ""), enabled=bool(request.POST.get("enabled")),
            version=seen_version if seen_version is not None else connection.version)
    except aws.ConnectionChangedMeanwhile as changed:
        # Keep every typed value; carry the new version so a deliberate second save replaces theirs.
        data = request.POST.copy()
        if changed.current_version is not None:
            data["version"] = str(changed.current_version)
        form = AwsConnectionForm(data, editing=True)
        form.is_valid()
        context.update(theirs=changed.current, message=changed.message)
        return render(request, "videos/aws_form.html", {**context, "form": form}, status=409)
    except aws.ConnectionRefused as refused:
        _add_errors(form, refused.fields)
        context["message"] = refused.message
        return render(request, "videos/aws_form.html", {**context, "form": form}, status=400)
    messages.success(request, f"Saved “{updated.name}” (version {updated.version}).")
    return redirect("videos:aws_connection_detail", connection_id=connection_id)


@login_required
@require_http_methods(["GET", "POST"])
def aws_connection_delete(request, connection_id: str):
    require(request.user, Action.MANAGE_ACCOUNT)
    connection, error = _connection_or_404(connection_id)
    projects = aws.aws_connection_projects(connection_id=connection_id)
    if request.method == "POST":
        try:
            aws.aws_connection_delete(connection_id=connection_id)
        except aws.ConnectionRefused as refused:
            error = refused.message
        else:
            name = connection.name if connection else connection_id
            messages.success(request, f"Deleted the connection “{name}” at Pictory.")
            return redirect("videos:aws_connection_list")
    return render(request, "videos/aws_delete.html", {"connection": connection, "connection_id": connection_id,
                                                      "error": error, "projects": projects},
                  status=400 if request.method == "POST" else 200)
