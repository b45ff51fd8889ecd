"""The dispatcher: sends queued bulk jobs to Pictory, never more than BULK_MAX_IN_FLIGHT at once.

Only one dispatcher runs at a time (a lease on a row); it submits through the ordinary
lifecycle (claim, send once, shared request rate), so a batch of 1,000 rows becomes a steady
stream of requests, not 1,000 at once. It runs again whenever a pooled job finishes.
"""
import os
import socket
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from pictory_studio.apps import one_call_seconds
from templates_app.models import Batch, BatchStatus, DispatchLease
from videos.job_states import ACTIVE_STATUSES, IN_FLIGHT_STATUSES, JobStatus
from videos.models import NotificationKind, RenderJob
from videos.services.job_status import render_job_nudge, render_jobs_recover_stale
from videos.services.job_submission import render_job_submit
from videos.services.notifications import notify
from videos.services.pacing import MAX_INLINE_WAIT
from videos.services.queue import DISPATCH, enqueue

S = JobStatus
NUDGES_PER_LOOK = 25
WAITER_KEY = "bulk:dispatch-waiter"
WAITER_LOOK_SECONDS = 0.5
STALLED_AFTER_SECONDS = 3.0


def _lease_seconds() -> float:
    """How long a dispatcher's lease lasts after its last renewal. It is renewed before every
    send, so it only has to outlast one send; a dispatcher whose worker died frees it by then."""
    return float(min(one_call_seconds() + 3, settings.STUDIO_CLAIM_TIMEOUT_SECONDS))


def _lease_owner() -> str:
    """Unique per run, and says which process holds the lease (for whoever looks at the table)."""
    return f"{os.getpid()}@{socket.gethostname()}"[:31] + ":" + uuid.uuid4().hex[:8]


def _run_seconds() -> float:
    """How long one dispatcher run starts new sends: its last send must end inside the task
    timeout (a task stopped mid-send leaves its job to be checked); the next run carries on."""
    return max(1.0, settings.Q_CLUSTER["timeout"] - one_call_seconds() - MAX_INLINE_WAIT)


def _acquire(owner: str) -> bool:
    now = time.time()
    DispatchLease.objects.get_or_create(name="pooled")
    return bool(DispatchLease.objects.filter(name="pooled").filter(Q(owner="") | Q(expires_at__lt=now))
                .update(owner=owner, expires_at=now + _lease_seconds()))


def _renew(owner: str) -> bool:
    """Extend the lease before a send; False when it lapsed and another dispatcher took it."""
    return bool(DispatchLease.objects.filter(name="pooled", owner=owner)
                .update(expires_at=time.time() + _lease_seconds()))


def _release(owner: str) -> None:
    DispatchLease.objects.filter(name="pooled", owner=owner).update(owner="", expires_at=0)


def _due_jobs(limit: int) -> list[int]:
    now = timezone.now()
    return list(
        RenderJob.objects.filter(pooled=True, status=S.QUEUED)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("created_at", "id").values_list("id", flat=True)[:limit]
    )


def _send_some(owner: str, deadline: float) -> tuple[int, bool]:
    """Fill the free places once. Returns (sent, more_waiting)."""
    free = _free_places()
    if free <= 0:
        return 0, False
    sent = 0
    for job_id in _due_jobs(free):
        if time.monotonic() > deadline:
            return sent, True
        if not _renew(owner):
            return sent, False
        status = render_job_submit(job_id=job_id)
        if status == S.QUEUED:  # paced or paused: try again later
            return sent, False
        sent += 1
    return sent, False


def pooled_dispatch() -> int:
    """Send as many queued bulk jobs as the cap allows. Returns how many were sent."""
    render_jobs_recover_stale()  # a row a dead worker was sending is checked, not left behind
    owner = _lease_owner()
    total = 0
    deadline = time.monotonic() + _run_seconds()
    while _acquire(owner) or _wait_for_lease(owner, deadline):
        try:
            while True:
                sent, more = _send_some(owner, deadline)
                total += sent
                if not sent or not more:
                    break
        finally:
            _release(owner)
        # A job may have finished while we held the lease (its own run found it taken).
        if time.monotonic() > deadline or not _due_jobs(1) or _free_places() <= 0:
            break
    return total


def _holder_looks_stalled() -> bool:
    """A live holder renews its lease before every send and looks for more work before letting
    go, so a run that finds the lease taken can simply leave, unless the holder has gone quiet."""
    lease = DispatchLease.objects.filter(name="pooled").values_list("owner", "expires_at").first()
    if not lease or not lease[0]:
        return False
    quiet_for = _lease_seconds() - (lease[1] - time.time())
    return quiet_for >= STALLED_AFTER_SECONDS


def _wait_for_lease(owner: str, deadline: float) -> bool:
    """Another run holds the lease and has gone quiet: it may have died with nothing left in
    flight to start a dispatcher again. If jobs are waiting, one run (at a time) stays to take
    over when the lease is released or lapses. True once this run holds the lease."""
    if not _holder_looks_stalled() or not _due_jobs(1) or _free_places() <= 0:
        return False
    if not cache.add(WAITER_KEY, owner, timeout=int(_run_seconds()) + 5):
        return False
    try:
        while time.monotonic() < deadline:
            time.sleep(WAITER_LOOK_SECONDS)
            if _acquire(owner):
                return True
    finally:
        cache.delete(WAITER_KEY)
    if not settings.Q_CLUSTER.get("sync"):
        enqueue(DISPATCH)  # hand the waiting on to a fresh task
    return False


def _free_places() -> int:
    """How many more bulk jobs may be rendering at Pictory right now."""
    return settings.BULK_MAX_IN_FLIGHT - RenderJob.objects.filter(pooled=True, status__in=IN_FLIGHT_STATUSES).count()


def batch_nudge(*, batch: Batch) -> None:
    """Someone is watching: ask Pictory about this batch's due jobs and send waiting ones."""
    now = timezone.now()
    of_batch = Q(batch_row__batch=batch) | Q(batch_row_preview__batch=batch)
    due = (RenderJob.objects.filter(of_batch, status__in=(S.IN_PROGRESS, S.SUBMIT_UNKNOWN))
           .filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))[:NUDGES_PER_LOOK])
    for job in due:
        render_job_nudge(job=job)
    waiting = RenderJob.objects.filter(of_batch, status=S.QUEUED).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)).exists()
    if waiting:
        enqueue(DISPATCH)


def batch_check_finished(*, batch_id: int) -> bool:
    """Mark a launched batch finished once no row is queued or rendering; tell its launcher once."""
    busy = RenderJob.objects.filter(batch_row__batch_id=batch_id, status__in=ACTIVE_STATUSES).exists()
    if busy:
        return False
    marked = Batch.objects.filter(pk=batch_id, status=BatchStatus.LAUNCHED, finished_at__isnull=True).update(
        status=BatchStatus.FINISHED, finished_at=timezone.now()
    )
    if marked:
        _notify_launcher(batch_id)
    return bool(marked)


def _notify_launcher(batch_id: int) -> None:
    claimed = Batch.objects.filter(pk=batch_id, notified_at__isnull=True).update(notified_at=timezone.now())
    if not claimed:
        return
    batch = Batch.objects.select_related("launched_by", "template").get(pk=batch_id)
    counts = dict(batch.rows.filter(render_job__isnull=False).values_list("render_job__status")
                  .annotate(n=Count("id")).values_list("render_job__status", "n"))
    done, failed = counts.get(S.COMPLETED, 0), counts.get(S.FAILED, 0)
    cancelled = counts.get(S.CANCELLED, 0)
    lines = [f"Your batch “{batch.name}” ({batch.template.name}) has finished.", "",
             f"Videos ready: {done}", f"Failed: {failed}"]
    if cancelled:
        lines.append(f"Cancelled: {cancelled}")
    lines += ["", "Open the batch to download the results or retry the failed rows:"]
    notify(user=batch.launched_by, kind=NotificationKind.BATCH_FINISHED,
           subject=f"Batch finished: {batch.name} — {done} ready, {failed} failed", lines=lines,
           path=reverse("templates_app:batch_detail", args=[batch.pk]))
