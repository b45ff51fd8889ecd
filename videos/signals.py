"""Signals other apps listen to (they import videos; videos never imports them)."""
from django.dispatch import Signal

# Sent once when a render job reaches a final state: kwargs job_id, status.
render_job_finished = Signal()
