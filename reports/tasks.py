"""django-q2 entry point: the scheduled (or requested) load of the reports."""
from reports.services import AlreadyRunning, reports_load


def reports_load_task(trigger: str = "schedule") -> str:
    try:
        run = reports_load(trigger=trigger)
    except AlreadyRunning:
        return "already running"
    return f"{run.status}: {sum(run.rows.values())} rows"


def reports_refresh_task() -> str:
    """Someone pressed Refresh on the Reports page."""
    return reports_load_task(trigger="button")
