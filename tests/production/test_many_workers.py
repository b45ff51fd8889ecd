"""Several django-q2 clusters (separate processes) share one 300-row batch on PostgreSQL and
Redis, with the shared request rate at 5 per second; one cluster (the one holding the
dispatcher's lease the first time) is killed with SIGKILL twice during the launch and restarted.

Afterwards every row is done or failed with a reason, Pictory (the sandbox) saw each row's
marker exactly once, no row a dead worker held waited longer than the claim timeout, and the
sandbox's request log never shows more than 5 requests in a second (plus one for clock skew).
"""
import time

import pytest

from tests.production.stack import Stack

ROWS = 300
CLUSTERS = 3
REQUESTS_PER_SECOND = 5
CLAIM_TIMEOUT = 30
# After the claim timeout, the next dispatcher run (triggered by any finishing row) takes the
# row back: allow one render's turn for that.
TURN = 6


def _progress(stack: Stack, batch_id: int) -> dict:
    rows = stack.sql(
        "SELECT j.id, j.status, extract(epoch from j.submitted_at) FROM templates_app_batchrow r "
        "JOIN videos_renderjob j ON j.id = r.render_job_id WHERE r.batch_id = %s", batch_id)
    lease = stack.sql("SELECT owner, expires_at FROM templates_app_dispatchlease WHERE name = 'pooled'")
    now = stack.sql("SELECT extract(epoch from now())")[0][0]
    holder = None
    if lease and lease[0][0] and lease[0][1] > float(now):
        holder = int(lease[0][0].split("@")[0])
    return {
        "finished": sum(status in ("completed", "failed", "cancelled") for _, status, _ in rows),
        "submitting": {pk: float(at) for pk, status, at in rows if status == "submitting"},
        "status": {pk: status for pk, status, _ in rows},
        "latest_submit": max((float(at) for _, _, at in rows if at is not None), default=0.0),
        "lease_pid": holder,
        "now": float(now),
    }


def _kill_holder(stack: Stack, batch_id: int, *, prefer: int | None) -> dict:
    """Kill the cluster holding the dispatcher's lease, or `prefer` when given.

    `prefer` (the cluster killed before) is given a while to take the lease, since any cluster
    may pick up the next dispatcher run; if it does not, it is killed all the same, so the
    same cluster dies twice whatever it was doing.
    """
    deadline = time.monotonic() + 30
    victim = None
    while time.monotonic() < deadline:
        holder = _progress(stack, batch_id)["lease_pid"]
        victim = stack.cluster_of_pid(holder) if holder else None
        if victim is not None and (prefer is None or victim == prefer):
            break
        time.sleep(0.05)
    if prefer is not None:
        victim = prefer
    elif victim is None:
        victim = 0
    stack.kill_cluster(victim)
    at = _progress(stack, batch_id)
    return {"cluster": victim, "at": at["now"], "held": at["submitting"]}


def _follow_kill(stack: Stack, batch_id: int, kill: dict) -> dict:
    """Seconds until the rows the dead cluster was sending are taken back, and until sending resumes."""
    taken_back = resumed = None
    deadline = time.monotonic() + CLAIM_TIMEOUT * 4
    while (taken_back is None or resumed is None) and time.monotonic() < deadline:
        state = _progress(stack, batch_id)
        if taken_back is None and all(state["status"][pk] != "submitting" for pk in kill["held"]):
            taken_back = state["now"] - kill["at"]
        if resumed is None and state["latest_submit"] > kill["at"]:
            resumed = state["latest_submit"] - kill["at"]
        if state["finished"] == ROWS:
            resumed = resumed if resumed is not None else 0.0
        time.sleep(0.3)
    return {**kill, "taken_back": taken_back, "resumed": resumed}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    stack = Stack(tmp_path_factory.mktemp("many-workers"), requests_per_second=REQUESTS_PER_SECOND,
                  claim_timeout=CLAIM_TIMEOUT, render_seconds=4, rows_cap=20)
    try:
        stack.start(clusters=CLUSTERS)
        batch_id = stack.step("make_batch", ROWS)["batch"]
        stack.step("launch", batch_id)
        kills = []
        for share in (0.25, 0.55):
            while _progress(stack, batch_id)["finished"] < ROWS * share:
                time.sleep(0.5)
            kill = _kill_holder(stack, batch_id, prefer=kills[0]["cluster"] if kills else None)
            time.sleep(2)
            stack.start_cluster(kill["cluster"])
            kills.append(_follow_kill(stack, batch_id, kill))
        deadline = time.monotonic() + 600
        while _progress(stack, batch_id)["finished"] < ROWS:
            assert time.monotonic() < deadline, f"rows still unfinished: {_progress(stack, batch_id)['finished']}"
            time.sleep(1)
        yield {"kills": kills, **stack.step("report", batch_id)}
    finally:
        stack.stop()


def test_every_row_is_done_or_failed_with_a_reason(run):
    assert len(run["rows"]) == ROWS
    unfinished = [row for row in run["rows"] if row["status"] not in ("completed", "failed")]
    assert unfinished == []
    without_reason = [row for row in run["rows"]
                      if row["status"] == "failed" and not (row["error_code"] or row["error_message"])]
    assert without_reason == []


def test_pictory_saw_each_rows_marker_exactly_once(run):
    counts = run["marker_counts"]
    assert {marker: n for marker, n in counts.items() if n != 1} == {}
    assert len(counts) == ROWS


def test_the_same_cluster_died_twice_and_came_back(run):
    assert [kill["cluster"] for kill in run["kills"]] == [run["kills"][0]["cluster"]] * 2


def test_no_row_waited_longer_than_the_claim_timeout_after_its_worker_died(run):
    for kill in run["kills"]:
        assert kill["taken_back"] is not None and kill["taken_back"] <= CLAIM_TIMEOUT + TURN, kill
        assert kill["resumed"] is not None and kill["resumed"] <= CLAIM_TIMEOUT, kill


def test_the_shared_request_rate_holds_across_processes(run):
    times = sorted(run["request_times"])
    assert len(times) >= 2 * ROWS  # one submission and at least one status read per row
    busiest, start = 0, 0
    for end, at in enumerate(times):
        while at - times[start] >= 1.0:
            start += 1
        busiest = max(busiest, end - start + 1)
    assert busiest <= REQUESTS_PER_SECOND + 1
