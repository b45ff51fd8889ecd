"""The Picsart endpoints the studio uses, over one small transport.

* Every call carries `X-Picsart-API-Key`, `Accept: application/json` and a (connect, read)
  timeout; the key is never logged and never part of an error's text.
* All calls are GETs, so they are retried on connection errors, 5xx and a 429 whose wait is
  short (Retry-After, else X-Picsart-RateLimit-Reset-Time), with back-off; a longer 429 is
  raised at once with its wait, so the caller can say when to try again.
"""
from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import requests

from .errors import PicsartError, PicsartRateLimitedError, PicsartServerError, PicsartTransportError, error_for

log = logging.getLogger("studio.picsart")
DEFAULT_BASE_URL = "https://api.picsart.io"


@dataclass(frozen=True)
class PicsartConfig:
    api_key: str = field(repr=False)
    base_url: str = DEFAULT_BASE_URL
    connect_timeout: float = 5.0
    read_timeout: float = 20.0
    get_retries: int = 2
    backoff_seconds: float = 0.5
    max_retry_after: float = 5.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "base_url", self.base_url.rstrip("/"))


@dataclass(frozen=True)
class PicsartImage:
    image_id: str
    title: str
    url: str
    thumbnail_url: str
    width: int | None
    height: int | None

    @classmethod
    def from_item(cls, item: Mapping[str, Any]) -> PicsartImage:
        url = str(item.get("url") or item.get("image_url") or "")
        return cls(image_id=str(item.get("id") or ""), title=str(item.get("title") or item.get("name") or ""),
                   url=url, thumbnail_url=str(item.get("thumbnail_url") or item.get("thumbnail") or url),
                   width=_int(item.get("width")), height=_int(item.get("height")))


@dataclass(frozen=True)
class PicsartPage:
    images: list[PicsartImage]
    next_page: int | None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _seconds(value: str | None, *, reset_at: str | None = None) -> float | None:
    try:
        if value:
            return max(0.0, float(value))
        if reset_at:
            return max(0.0, float(reset_at) - time.time())
    except ValueError:
        return None
    return None


class PicsartClient:
    def __init__(self, config: PicsartConfig, *, session: requests.Session | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.config = config
        self.session = session or requests.Session()
        self.sleep = sleep

    def balance(self) -> int:
        """Credits left on the account."""
        body = self._get("/tools/1.0/balance")
        credits = body.get("credits", body.get("balance")) if isinstance(body, dict) else None
        if not isinstance(credits, int | float) or isinstance(credits, bool):
            raise PicsartError("Picsart's balance answer had no credits figure")
        return int(credits)

    def search_images(self, query: str, *, page: int = 1, page_size: int = 20) -> PicsartPage:
        if not query.strip():
            raise ValueError("Say what to search for")
        return self._page("/image-tools/search", "results", {"q": query.strip(), "page": page, "page_size": page_size})

    def trending_images(self, *, page: int = 1, page_size: int = 20) -> PicsartPage:
        return self._page("/image-tools/trending", "items", {"page": page, "page_size": page_size})

    def video_tools_info(self) -> list[dict]:
        return _listed(self._get("/video-tools/info"), "data")

    def genai_models(self) -> list[dict]:
        return _listed(self._get("/genai-tools/models"), "models")

    def download(self, url: str, *, max_bytes: int) -> tuple[bytes, str]:
        """An image's bytes and content type (no API key goes to the image host)."""
        try:
            response = requests.get(url, timeout=(self.config.connect_timeout, self.config.read_timeout),
                                    stream=True, allow_redirects=False)
        except requests.RequestException:
            raise PicsartTransportError("The Picsart image could not be fetched; try again.") from None
        with response:
            if response.status_code != 200:
                raise PicsartError(f"The Picsart image could not be fetched (HTTP {response.status_code}).",
                                   status=response.status_code)
            data = bytearray()
            for chunk in response.iter_content(64 * 1024):
                data += chunk
                if len(data) > max_bytes:
                    raise PicsartError("The Picsart image is larger than the studio accepts.")
            return bytes(data), response.headers.get("Content-Type", "").split(";")[0]

    # --- plumbing ------------------------------------------------------------------------------

    def _page(self, path: str, selector: str, params: dict) -> PicsartPage:
        body = self._get(path, params)
        items = _listed(body, selector)
        next_page = body.get("next_page") if isinstance(body, dict) else None
        return PicsartPage(images=[PicsartImage.from_item(item) for item in items],
                           next_page=next_page if isinstance(next_page, int) else None)

    def _get(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        retries_left, attempt = self.config.get_retries, 0
        while True:
            try:
                return self._get_once(path, params)
            except PicsartRateLimitedError as exc:
                wait = exc.retry_after
                if retries_left <= 0 or (wait is not None and wait > self.config.max_retry_after):
                    raise
                delay = wait if wait is not None else self._backoff(attempt)
            except (PicsartServerError, PicsartTransportError):
                if retries_left <= 0:
                    raise
                delay = self._backoff(attempt)
            retries_left, attempt = retries_left - 1, attempt + 1
            log.warning("picsart retry GET %s in %.2fs (attempt %d)", path, delay, attempt + 1)
            self.sleep(delay)

    def _get_once(self, path: str, params: Mapping[str, Any] | None) -> Any:
        started = time.monotonic()
        try:
            response = self.session.get(
                self.config.base_url + path, params=params,
                headers={"X-Picsart-API-Key": self.config.api_key, "Accept": "application/json"},
                timeout=(self.config.connect_timeout, self.config.read_timeout), allow_redirects=False)
        except requests.Timeout:
            raise PicsartTransportError("Picsart did not answer in time; try again.") from None
        except requests.RequestException:
            raise PicsartTransportError("Picsart could not be reached; try again shortly.") from None
        log.info("method=GET path=%s status=%s duration_ms=%.1f", path, response.status_code,
                 (time.monotonic() - started) * 1000)
        try:
            body = response.json()
        except ValueError:
            body = None
        if 200 <= response.status_code < 300:
            if body is None:
                raise PicsartError("Picsart answered without JSON", status=response.status_code)
            return body
        retry_after = _seconds(response.headers.get("Retry-After"),
                               reset_at=response.headers.get("X-Picsart-RateLimit-Reset-Time"))
        raise error_for(response.status_code, body, retry_after=retry_after)

    def _backoff(self, attempt: int) -> float:
        ceiling = min(self.config.backoff_seconds * (2 ** attempt), self.config.max_retry_after)
        return ceiling / 2 + random.uniform(0, ceiling / 2)


def _listed(body: Any, selector: str) -> list[dict]:
    items = body.get(selector) if isinstance(body, dict) else None
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []
