"""A scriptable Pictory stand-in on a real loopback socket, plus client-building fixtures.

Transport behaviour (timeouts, resets, Retry-After) is only faithful against a real socket, so
these tests avoid mocking requests.
"""
from __future__ import annotations

import json
import socket
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from pictory_studio.pictory import PictoryClient, PictoryConfig

API_PREFIX = "/pictoryapis"


@dataclass(frozen=True)
class Reply:
    """One scripted answer. drop=True closes the connection without answering."""

    status: int = 200
    json: Any = None
    body: bytes | str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False

    def encoded(self) -> tuple[bytes, dict[str, str]]:
        headers = dict(self.headers)
        if self.body is not None:
            data = self.body.encode() if isinstance(self.body, str) else self.body
        elif self.json is not None:
            data = json.dumps(self.json).encode()
            headers.setdefault("Content-Type", "application/json")
        else:
            data = b""
        return data, headers


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str  # without the /pictoryapis prefix and without the query string
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    time: float  # time.monotonic() when the request arrived

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    def header(self, name: str) -> str | None:
        lowered = {key.lower(): value for key, value in self.headers.items()}
        return lowered.get(name.lower())


class FakePictory:
    """Routes (method, path) to queues of Replies; the last Reply of a queue repeats."""

    def __init__(self) -> None:
        self._routes: dict[tuple[str, str], deque[Reply]] = defaultdict(deque)
        self._lock = threading.Lock()
        self.requests: list[RecordedRequest] = []
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        # Do not wait for handlers still sleeping through a scripted delay at shutdown.
        self._server.block_on_close = False
        # A short poll interval keeps shutdown (and so each test's teardown) fast.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{API_PREFIX}"

    def add(self, method: str, path: str, *replies: Reply) -> None:
        with self._lock:
            self._routes[(method.upper(), path)].extend(replies)

    def requests_to(self, method: str, path: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.method == method.upper() and r.path == path]

    def next_reply(self, method: str, path: str) -> Reply:
        with self._lock:
            queue = self._routes.get((method, path))
            if not queue:
                return Reply(status=418, json={"message": f"no scripted reply for {method} {path}"})
            return queue.popleft() if len(queue) > 1 else queue[0]

    def record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class _Handler(BaseHTTPRequestHandler):
    fake: FakePictory
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; without this, Nagle plus delayed ACKs add
    # ~40 ms to every keep-alive exchange.
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def _handle(self) -> None:
        arrived = time.monotonic()
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        path = parts.path.removeprefix(API_PREFIX)
        self.fake.record(
            RecordedRequest(
                method=self.command,
                path=path,
                query=parse_qs(parts.query),
                headers=dict(self.headers.items()),
                body=body,
                time=arrived,
            )
        )
        reply = self.fake.next_reply(self.command, path)
        if reply.delay:
            time.sleep(reply.delay)
        if reply.drop:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        data, headers = reply.encoded()
        try:
            self.send_response(reply.status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (read timeout); that is what the test wanted

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output quiet


@pytest.fixture
def pictory_server():
    server = FakePictory()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def sleeps() -> list[float]:
    """Delays the client asked to sleep, recorded instead of slept."""
    return []


@pytest.fixture
def make_client(pictory_server, sleeps):
    """Build a client for the fake server with fast timeouts and recorded sleeps."""

    def build(*, token_cache=None, session=None, pace=None, **overrides) -> PictoryClient:
        settings: dict[str, Any] = {
            "base_url": pictory_server.url,
            "api_key": "pictai_test_key",
            "connect_timeout": 1.0,
            "read_timeout": 2.0,
            "backoff_seconds": 0.01,
        }
        settings.update(overrides)
        return PictoryClient(
            PictoryConfig(**settings),
            token_cache=token_cache,
            session=session,
            pace=pace,
            sleep=sleeps.append,
        )

    return build


@pytest.fixture
def closed_port() -> int:
    """A loopback port with nothing listening on it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
