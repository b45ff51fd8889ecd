"""The setup and run commands: demo data and the development server only outside production."""
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django_q.models import Schedule

from videos.models import Brand, Project

pytestmark = pytest.mark.django_db


def test_setup_with_a_pictory_account_creates_the_admin_and_schedules_but_no_demo(settings, monkeypatch):
    settings.PICTORY_SANDBOX_ENABLED = False
    monkeypatch.setenv("STUDIO_ADMIN_PASSWORD", "a-long-admin-password-1")

    output = StringIO()
    call_command("studio_setup", stdout=output)

    assert "demo" not in output.getvalue()
    assert get_user_model().objects.filter(username="admin", is_superuser=True).exists()
    assert set(Schedule.objects.values_list("name", flat=True)) == {
        "Refresh Pictory jobs nobody is watching", "Send queued bulk videos", "Read the Pictory account's usage",
        "Load the reports"}
    assert not Brand.objects.exists()
    assert not Project.objects.exists()


def test_setup_in_sandbox_mode_loads_the_demo_once(settings, monkeypatch):
    settings.PICTORY_SANDBOX_ENABLED = True
    monkeypatch.setenv("STUDIO_ADMIN_PASSWORD", "a-long-admin-password-1")

    output = StringIO()
    call_command("studio_setup", stdout=output)
    call_command("studio_setup", stdout=output)

    assert output.getvalue().count("Loaded the demo: one brand and one sample project.") == 1
    assert list(Project.objects.values_list("title", flat=True)) == ["Welcome to Pictory Studio"]
    assert Project.objects.get().scenes.count() == 3


def test_runstudio_refuses_under_production_settings(settings):
    settings.STUDIO_PRODUCTION = True

    # An address runserver would reject at once, so nothing keeps running if the command did start.
    with pytest.raises(CommandError, match="not for production"):
        call_command("runstudio", "no-such-address:port")


@pytest.mark.parametrize(("addrport", "environ", "expected"), [
    ("127.0.0.1:8765", {}, "http://127.0.0.1:8765"),
    ("8765", {}, "http://127.0.0.1:8765"),
    ("127.0.0.1:8000", {"STUDIO_BASE_URL": "https://studio.example.com"}, "https://studio.example.com"),
])
def test_runstudio_tells_the_worker_where_the_web_server_listens(addrport, environ, expected):
    from pictory_studio.management.commands.runstudio import child_environment

    assert child_environment(addrport, {"PATH": "/bin", **environ})["STUDIO_BASE_URL"] == expected
