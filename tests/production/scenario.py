"""Steps of the many-workers scenarios, run by tests/production/stack.py in a child process with
a stack's environment (its own database). Each prints one line of JSON."""
import json
import sys
from collections import Counter
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[2]


def make_batch(rows: str) -> dict:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from templates_app.services.batches import batch_apply_mapping, batch_start_upload
    from templates_app.services.templates import template_import_file

    user = get_user_model().objects.create(username=f"launcher-{rows}", email="launcher@studio.test")
    user.groups.add(Group.objects.get_or_create(name="Editor")[0])
    fixture = ROOT / "tests" / "templates_app" / "fixtures" / "welcome-variables.pictai"
    template = template_import_file(data=fixture.read_bytes(), user=user)
    csv_text = "first_name,company\n" + "".join(f"Person {n},Company {n % 40}\n" for n in range(int(rows)))
    batch = batch_start_upload(template=template, user=user, name="Many workers", data=csv_text.encode(),
                               filename="rows.csv")
    batch_apply_mapping(batch=batch, mapping={0: "first_name", 1: "company"})
    return {"batch": batch.pk}


def launch(batch_id: str) -> dict:
    from templates_app.models import Batch
    from templates_app.services.launch import batch_launch

    batch = Batch.objects.select_related("created_by").get(pk=batch_id)
    batch_launch(batch=batch, user=batch.created_by)
    return {"launched": batch.rows.count()}


def progress(batch_id: str) -> dict:
    from django.db.models import Count, Max
    from django.utils import timezone

    from templates_app.models import DispatchLease
    from videos.models import RenderJob

    jobs = RenderJob.objects.filter(batch_row__batch_id=batch_id)
    lease = DispatchLease.objects.filter(name="pooled").exclude(owner="").first()
    return {
        "now": timezone.now().timestamp(),
        "statuses": dict(jobs.values_list("status").annotate(n=Count("id")).values_list("status", "n")),
        "submitting": [[pk, at.timestamp()] for pk, at in jobs.filter(status="submitting")
                       .values_list("id", "submitted_at")],
        "latest_submit": (jobs.aggregate(at=Max("submitted_at"))["at"] or timezone.now()).timestamp(),
        "lease_pid": int(lease.owner.split("@")[0]) if lease and lease.expires_at > timezone.now().timestamp()
        else None,
    }


def report(batch_id: str) -> dict:
    from pictory_studio.sandbox.models import SandboxJob, SandboxRequest
    from templates_app.models import Batch

    batch = Batch.objects.get(pk=batch_id)
    rows = [{"number": number, "status": status, "error_code": code, "error_message": message, "marker": str(marker)}
            for number, status, code, message, marker in batch.rows.order_by("number").values_list(
                "number", "render_job__status", "render_job__error_code", "render_job__error_message",
                "render_job__marker")]
    seen = Counter((payload or {}).get("marker") for payload in SandboxJob.objects.values_list("webhook_input",
                                                                                                 flat=True))
    return {
        "batch_status": batch.status,
        "rows": rows,
        "marker_counts": {row["marker"]: seen.get(row["marker"], 0) for row in rows},
        "request_times": [at.timestamp() for at in SandboxRequest.objects.values_list("created_at", flat=True)],
    }


def sign_in(batch_id: str) -> dict:
    """A session for the batch's launcher, as the browser would hold it after signing in."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore

    from templates_app.models import Batch

    user = Batch.objects.select_related("created_by").get(pk=batch_id).created_by
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return {"cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}"}


STEPS = {"sign_in": sign_in, "make_batch": make_batch, "launch": launch, "progress": progress, "report": report}

if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    django.setup()
    step, *args = sys.argv[1:]
    print(json.dumps(STEPS[step](*args)))
