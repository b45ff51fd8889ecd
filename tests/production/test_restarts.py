"""Redis, then PostgreSQL, restarted in the middle of a batch: the workers and web processes
reconnect by themselves, no row is lost or sent twice, and while a server is down a person's
page says what is happening instead of showing an error."""
import time

import pytest

from deploy.local_services import Postgres, Redis
from tests.production.stack import Stack

ROWS = 80
DOWN_SECONDS = 5


def _finished(stack: Stack, batch_id: int) -> int:
    return stack.sql(
        "SELECT count(*) FROM templates_app_batchrow r JOIN videos_renderjob j ON j.id = r.render_job_id "
        "WHERE r.batch_id = %s AND j.status IN ('completed', 'failed', 'cancelled')", batch_id)[0][0]


def _wait_for(stack: Stack, batch_id: int, rows: int, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while _finished(stack, batch_id) < rows:
        assert time.monotonic() < deadline, f"only {_finished(stack, batch_id)} of {rows} rows finished"
        time.sleep(0.5)


def _page_while_down(stack: Stack, server, path: str, cookie: str) -> list[tuple[int, str]]:
    """Stop the server, open the page a few times while it is down, start the server again."""
    server.stop()
    seen = []
    try:
        deadline = time.monotonic() + DOWN_SECONDS
        while time.monotonic() < deadline:
            seen.append(stack.get(path, cookie=cookie))
            time.sleep(1)
    finally:
        server.start()
    return seen


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    root = tmp_path_factory.mktemp("restarts")
    postgres = Postgres(root / "postgres", durable=False).start()
    redis = Redis(root / "redis").start()
    stack = Stack(root / "stack", database_server_url=postgres.url, redis_server_url=redis.url, rows_cap=10,
                  render_seconds=3, claim_timeout=30)
    try:
        stack.start(clusters=2)
        batch_id = stack.step("make_batch", ROWS)["batch"]
        cookie = stack.step("sign_in", batch_id)["cookie"]
        page = f"/batches/{batch_id}/"
        assert stack.get(page, cookie=cookie)[0] == 200
        stack.step("launch", batch_id)

        _wait_for(stack, batch_id, ROWS // 5)
        redis_down = _page_while_down(stack, redis, page, cookie)
        _wait_for(stack, batch_id, ROWS // 2)
        postgres_down = _page_while_down(stack, postgres, page, cookie)
        _wait_for(stack, batch_id, ROWS)
        yield {"redis_down": redis_down, "postgres_down": postgres_down, "page_after": stack.get(page, cookie=cookie),
               **stack.step("report", batch_id)}
    finally:
        stack.stop()
        redis.stop()
        postgres.stop()


def test_every_row_is_rendered_once_despite_both_restarts(run):
    assert [row["status"] for row in run["rows"]] == ["completed"] * ROWS
    assert set(run["marker_counts"].values()) == {1}


@pytest.mark.parametrize("server, words", [("redis_down", "queue"), ("postgres_down", "database")])
def test_while_a_server_is_down_the_page_says_so_and_retries_by_itself(run, server, words):
    answers = run[server]
    assert answers and all(status == 503 for status, _ in answers), [status for status, _ in answers]
    for _, html in answers:
        assert "The studio has lost touch with its" in html and words in html
        assert "tries again by itself" in html


def test_the_page_works_again_once_the_servers_are_back(run):
    status, html = run["page_after"]
    assert status == 200 and "Many workers" in html
