"""What the Reports page shows, read from the reports database (DuckDB) the pipeline fills.

Each report is a small table (labels down, series across) that the page draws as a chart, lists
as numbers beside it and offers as a CSV. A table the pipeline has not loaded yet (nothing of
that kind happened so far) reads as empty, never as an error.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings

from reports.models import PipelineRun, RunStatus

RENDER_KINDS = ("render", "template_render")
DURATION_BUCKETS = ((0, 30, "under 30 s"), (30, 60, "30–60 s"), (60, 120, "1–2 min"), (120, 300, "2–5 min"),
                    (300, 10**9, "over 5 min"))


@dataclass
class Report:
    key: str
    title: str
    about: str
    labels: list[str] = field(default_factory=list)
    series: dict[str, list[float]] = field(default_factory=dict)
    unit: str = ""
    stacked: bool = False
    horizontal: bool = False

    @property
    def empty(self) -> bool:
        return not self.labels

    @property
    def rows(self) -> list[list]:
        return [[label, *(values[index] for values in self.series.values())] for index, label in enumerate(self.labels)]

    @property
    def columns(self) -> list[str]:
        return ["", *self.series]

    def chart(self) -> dict:
        return {"labels": self.labels, "series": self.series, "unit": self.unit, "stacked": self.stacked,
                "horizontal": self.horizontal}


def last_loaded() -> PipelineRun | None:
    return PipelineRun.objects.filter(status=RunStatus.SUCCEEDED).first()


def latest_run() -> PipelineRun | None:
    return PipelineRun.objects.first()


def recent_runs(limit: int = 5) -> list[PipelineRun]:
    """The last loads, newest first: when, how they were started, how long, rows, problems."""
    return list(PipelineRun.objects.all()[:limit])


class ReportsBusy(Exception):
    """The reports database is being written (a load holds its lock): read it again shortly."""


def _query(sql: str, params: list | None = None) -> list[tuple]:
    """Rows of `sql` on the reports database; [] when it or the table does not exist yet."""
    import duckdb

    from reports.pipeline import duckdb_path

    path = duckdb_path()
    if not path.exists():
        return []
    dataset = settings.REPORTS_DATASET
    try:
        db = duckdb.connect(str(path), read_only=True)
    except duckdb.IOException as exc:
        raise ReportsBusy(str(exc)) from None
    try:
        with db:
            db.execute(f'SET schema = "{dataset}"')
            return db.execute(sql, params or []).fetchall()
    except (duckdb.CatalogException, duckdb.BinderException):
        return []  # that table (or column) is made by the first load that has rows for it


def renders_per_week() -> Report:
    rows = _query(f"""
        SELECT strftime(date_trunc('week', created_at), '%Y-%m-%d') AS week, status, count(*)
        FROM render_jobs WHERE kind IN {RENDER_KINDS} GROUP BY 1, 2 ORDER BY 1""")
    report = Report("renders-per-week", "Renders per week", "Each week's renders by how they ended.",
                    stacked=True, unit="renders")
    weeks = sorted({week for week, _, _ in rows})
    outcomes = sorted({status for _, status, _ in rows}, key=lambda s: (s != "completed", s != "failed", s))
    counts = {(week, status): count for week, status, count in rows}
    report.labels = [f"Week of {week}" for week in weeks]
    report.series = {status.replace("_", " ").capitalize(): [counts.get((week, status), 0) for week in weeks]
                     for status in outcomes}
    return report


def usage_against_quota() -> Report:
    used = _query(f"""SELECT coalesce(sum(duration_seconds), 0) / 60, coalesce(sum(credits_used), 0)
                      FROM render_jobs WHERE kind IN {RENDER_KINDS} AND status = 'completed'""")
    quota = _query("SELECT video_minutes_used, video_minutes_limit, ai_credits_used, ai_credits_limit FROM quota")
    report = Report("usage-against-quota", "Minutes and credits against the quota",
                    "What the studio's renders used, and what Pictory says the account has used of its limits.")
    minutes, credits = used[0] if used else (0, 0)  # no render_jobs table before the first render
    if (minutes, credits) == (0, 0) and not quota:
        return report
    report.labels = ["Video minutes", "AI credits"]
    report.series = {"Used by studio renders": [round(minutes, 1), round(credits, 1)]}
    if quota:  # the account's own reading, when the studio has read it
        account = quota[0]
        report.series["Used by the account"] = [account[0] or 0, account[2] or 0]
        report.series["Account limit"] = [account[1] or 0, account[3] or 0]
    return report


def failure_reasons() -> Report:
    rows = _query("""SELECT coalesce(nullif(error_code, ''), 'UNKNOWN'), count(*) FROM render_jobs
                     WHERE status = 'failed' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10""")
    report = Report("failure-reasons", "Why renders failed", "The most common failure reasons, most frequent first.",
                    horizontal=True, unit="jobs")
    report.labels = [code for code, _ in rows]
    report.series = {"Failed jobs": [count for _, count in rows]}
    return report


def render_times() -> Report:
    cases = " ".join(f"WHEN render_seconds >= {low} AND render_seconds < {high} THEN {index}"
                     for index, (low, high, _) in enumerate(DURATION_BUCKETS))
    rows = _query(f"""SELECT CASE {cases} END AS bucket, count(*) FROM render_jobs
                      WHERE render_seconds IS NOT NULL AND status = 'completed' GROUP BY 1 ORDER BY 1""")
    report = Report("render-times", "How long renders took", "Time from sending to Pictory until the video was ready.",
                    unit="renders")
    if rows:
        counts = dict(rows)
        report.labels = [label for _, _, label in DURATION_BUCKETS]
        report.series = {"Renders": [counts.get(index, 0) for index in range(len(DURATION_BUCKETS))]}
    return report


def batch_success() -> Report:
    rows = _query("""SELECT b.name, count(*) FILTER (WHERE j.status = 'completed'), count(*)
                     FROM render_jobs j JOIN batches b ON b.id = j.batch_id
                     GROUP BY b.id, b.name ORDER BY max(b.created_at) DESC LIMIT 12""")
    report = Report("batch-success", "Batch success rate", "Share of each batch's rows that became a video.",
                    unit="%", horizontal=True)
    report.labels = [name for name, _, _ in rows]
    report.series = {"Videos made (%)": [round(100 * done / total, 1) if total else 0 for _, done, total in rows]}
    return report


def review_turnaround() -> Report:
    rows = _query("""SELECT reviewer, avg(turnaround_seconds) / 3600, count(*) FROM review_decisions
                     GROUP BY reviewer ORDER BY 2""")
    report = Report("review-turnaround", "Time from “sent for review” to decision",
                    "Average hours each reviewer took to approve or ask for changes.", unit="hours",
                    horizontal=True)
    report.labels = [f"{reviewer} ({count} decision{'s' if count != 1 else ''})" for reviewer, _, count in rows]
    report.series = {"Average hours": [round(hours, 2) for _, hours, _ in rows]}
    return report


REPORTS = {report.__name__.replace("_", "-"): report for report in (
    renders_per_week, usage_against_quota, failure_reasons, render_times, batch_success, review_turnaround)}


def all_reports() -> list[Report]:
    return [build() for build in REPORTS.values()]


def report_by_key(key: str) -> Report | None:
    build = REPORTS.get(key)
    return build() if build else None
