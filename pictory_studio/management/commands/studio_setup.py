"""Prepare a studio to run: cache table, first admin, background schedules, a small demo.

Safe to run on every start; each step only does something the first time. The demo is loaded
only in sandbox mode: a studio connected to a Pictory account starts empty.
"""
import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from videos.models import Brand, Project
from videos.services.storyboard import project_create, scene_add, scene_update

# name → (task, every so many minutes, its own time limit setting or None for the cluster's)
SCHEDULES = {
    "Refresh Pictory jobs nobody is watching": ("videos.tasks.render_jobs_sweep_task", 1, None),
    "Send queued bulk videos": ("templates_app.tasks.pooled_dispatch_task", 1, None),
    "Read the Pictory account's usage": ("videos.tasks.account_quota_refresh_task", 10, None),
    "Load the reports": ("reports.tasks.reports_load_task", 60, "REPORTS_LOAD_TIMEOUT_SECONDS"),
}

DEMO_SCENES = [
    ("Meet Pictory Studio: your team's place to turn words into video.", "color", "#1F3A5F"),
    ("Write each scene as a sentence or two. The studio checks it against Pictory's rules as you type.",
     "search", "team writing on a whiteboard"),
    ("Preview for free, render when you are happy, and share the finished video with one link.",
     "color", "#F2A541"),
]


class Command(BaseCommand):
    help = ("Create the cache table, the first admin account, the job sweeper schedule and, in sandbox mode, "
            "a demo project.")

    def handle(self, *args, **options):
        call_command("createcachetable", verbosity=0)
        self._ensure_admin()
        self._ensure_schedules()
        if settings.PICTORY_SANDBOX_ENABLED:
            self._load_demo_once()

    def _ensure_admin(self) -> None:
        User = get_user_model()
        username = settings.STUDIO_ADMIN_USERNAME
        password = os.environ.get("STUDIO_ADMIN_PASSWORD", "")
        user = User.objects.filter(username=username).first()
        if user and not password:
            self.stdout.write(f"Admin account “{username}” already exists.")
            return
        generated = not password
        password = password or secrets.token_urlsafe(12)
        if user is None:
            User.objects.create_superuser(username=username, email="", password=password)
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
        if generated:
            line = "=" * 64
            self.stdout.write(self.style.SUCCESS(
                f"\n{line}\n  First admin account created. This password is shown only once:\n"
                f"    username: {username}\n    password: {password}\n{line}\n"
            ))
        else:
            self.stdout.write(f"Admin account “{username}” uses STUDIO_ADMIN_PASSWORD.")

    def _ensure_schedules(self) -> None:
        from django_q.models import Schedule

        for name, (func, minutes, timeout_setting) in SCHEDULES.items():
            # django-q2 reads a schedule's q_options from its kwargs text.
            kwargs = repr({"q_options": {"timeout": getattr(settings, timeout_setting)}}) if timeout_setting else None
            Schedule.objects.update_or_create(
                name=name,
                defaults={"func": func, "schedule_type": Schedule.MINUTES, "minutes": minutes, "repeats": -1,
                          "kwargs": kwargs},
            )

    @transaction.atomic
    def _load_demo_once(self) -> None:
        if Brand.objects.exists() or Project.objects.exists():
            return
        owner = get_user_model().objects.filter(username=settings.STUDIO_ADMIN_USERNAME).first()
        brand = Brand.objects.create(name="Demo brand", primary_color="#1F3A5F", secondary_color="#F2A541",
                                     default_voice="Martin", default_music_volume=0.1)
        project = project_create(owner=owner, title="Welcome to Pictory Studio", aspect_ratio="16:9",
                                 language="en", brand=brand)
        for narration, kind, value in DEMO_SCENES:
            scene = scene_add(project=project, narration=narration)
            fields = {"visual_kind": kind, "visual_color": value if kind == "color" else "",
                      "visual_query": value if kind == "search" else ""}
            scene_update(scene=scene, **fields)
        self.stdout.write("Loaded the demo: one brand and one sample project.")
