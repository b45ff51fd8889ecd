"""Work that must not block a request: finishing jobs when due, delivering webhooks.

Finishing uses a small pool of daemon threads fed by a timer queue, so a thousand pending
jobs cost a heap entry each rather than a sleeping thread each. Webhook deliveries, which
mostly wait on the network, get a short-lived daemon thread each. Every thread closes its
own database connection after each task. `wait_idle` lets tests wait until all is done.
"""
import heapq
import itertools
import logging
import threading
import time
from collections.abc import Callable

from django.db import OperationalError, close_old_connections, connection

log = logging.getLogger(__name__)

FINISH_WORKERS = 4  # encoding runs in ffmpeg processes, so a few threads keep the cores busy
Task = Callable[[], None]


def _run_task(task: Task) -> None:
    try:
        close_old_connections()
        task()
    except Exception:  # a background failure must never take the server down
        log.exception("sandbox background task failed")
    finally:
        connection.close()


class _TimerQueue:
    """Runs tasks at their due time on a few worker threads started on first use."""

    def __init__(self, workers: int):
        self._workers = workers
        self._heap: list[tuple[float, int, Task]] = []
        self._order = itertools.count()
        self._busy = 0
        self._threads: list[threading.Thread] = []
        self._condition = threading.Condition()

    def submit(self, task: Task, delay: float) -> None:
        with self._condition:
            entry = (time.monotonic() + max(0.0, delay), next(self._order), task)
            heapq.heappush(self._heap, entry)
            while len(self._threads) < self._workers:
                thread = threading.Thread(
                    target=self._work, name=f"sandbox-finisher-{len(self._threads)}", daemon=True
                )
                self._threads.append(thread)
                thread.start()
            self._condition.notify_all()

    def _next_task(self) -> Task:
        with self._condition:
            while True:
                if self._heap:
                    wait = self._heap[0][0] - time.monotonic()
                    if wait <= 0:
                        self._busy += 1
                        return heapq.heappop(self._heap)[2]
                    self._condition.wait(wait)
                else:
                    self._condition.wait()

    def _work(self) -> None:
        while True:
            task = self._next_task()
            try:
                _run_task(task)
            finally:
                with self._condition:
                    self._busy -= 1
                    self._condition.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        with self._condition:
            return self._condition.wait_for(lambda: not self._heap and not self._busy, timeout)


_queue = _TimerQueue(FINISH_WORKERS)
_threads: set[threading.Thread] = set()
_threads_lock = threading.Lock()


def run_at(task: Task, *, delay: float) -> None:
    """Run `task` on a finisher thread once `delay` seconds have passed."""
    _queue.submit(task, delay)


def _run_thread(task: Task) -> None:
    try:
        _run_task(task)
    finally:
        with _threads_lock:
            _threads.discard(threading.current_thread())


def start(task: Task, *, name: str = "sandbox") -> None:
    """Run `task` now on its own daemon thread."""
    thread = threading.Thread(target=_run_thread, args=(task,), name=name, daemon=True)
    with _threads_lock:
        _threads.add(thread)
    thread.start()


def wait_idle(timeout: float = 30.0) -> bool:
    """Wait until no background task is queued or running; True when idle in time."""
    deadline = time.monotonic() + timeout
    while True:
        with _threads_lock:
            threads = list(_threads)
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        queue_idle = _queue.wait_idle(max(0.0, deadline - time.monotonic()))
        with _threads_lock:
            threads_idle = not _threads
        if queue_idle and threads_idle:
            return True
        if time.monotonic() >= deadline:
            return False


def retry_locked(operation: Callable[[], object], attempts: int = 8):
    """Run a database operation, retrying while SQLite reports the database as locked."""
    for attempt in range(attempts):
        try:
            return operation()
        except OperationalError as error:
            if "locked" not in str(error) or attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    return None
