"""HTTP fetching for pages and feeds: timeouts, size limits, conditional GETs, one-line errors."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

import httpx

from bot.errors import IngestError
from bot.ingest.decode import decode_bytes

logger = logging.getLogger(__name__)

USER_AGENT = "briefing-bot/0.1 (+https://github.com/; news briefing assistant)"


@dataclass(frozen=True)
class Fetched:
    """A response body with what we need from its headers."""

    url: str  # the final URL after redirects
    status: int
    content_type: str
    body: bytes
    charset: str | None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def text(self, source: str) -> str:
        """The body decoded: the declared charset when it decodes cleanly, else detection."""
        if self.charset:
            try:
                return self.body.decode(self.charset)
            except (LookupError, UnicodeDecodeError):
                logger.debug("%s: declared charset %s does not fit, detecting", source, self.charset)
        return decode_bytes(self.body, source)[0]


def make_client(timeout: float) -> httpx.Client:
    """An HTTP client for a batch of fetches: redirects followed, one timeout for every phase."""
    return httpx.Client(
        timeout=httpx.Timeout(timeout),
        follow_redirects=True,
        headers={"User-Agent": USER_AGENT},
    )


DEFAULT_DEADLINE = 60.0  # seconds for a whole fetch, however slowly the server drips its bytes


def fetch(
    client: httpx.Client,
    url: str,
    *,
    max_bytes: int,
    etag: str | None = None,
    last_modified: str | None = None,
    deadline: float = DEFAULT_DEADLINE,
) -> Fetched:
    """GET ``url`` within ``deadline`` seconds in all; IngestError says why it failed.

    httpx times each read, not the whole exchange: a server that sends a byte every few seconds never
    trips a read timeout. The exchange runs in a worker thread that is abandoned (and its stream closed)
    when the deadline passes.
    """
    outcome: dict[str, object] = {}
    stream: dict[str, httpx.Response] = {}

    def work() -> None:
        try:
            outcome["value"] = _fetch(client, url, max_bytes, etag, last_modified, stream)
        except BaseException as exc:  # handed to the caller's thread below
            outcome["error"] = exc

    worker = threading.Thread(target=work, name=f"fetch {url[:60]}", daemon=True)
    worker.start()
    worker.join(deadline)
    if worker.is_alive():
        response = stream.get("response")
        if response is not None:
            response.close()  # unblocks the worker's read
        raise IngestError(url, f"took longer than {deadline:g}s in all (BRIEFING_FETCH_DEADLINE_SECONDS)")
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


def _fetch(
    client: httpx.Client,
    url: str,
    max_bytes: int,
    etag: str | None,
    last_modified: str | None,
    stream: dict[str, httpx.Response],
) -> Fetched:
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        with client.stream("GET", url, headers=headers) as response:
            stream["response"] = response
            if response.status_code == 304:
                return Fetched(str(response.url), 304, "", b"", None, etag, last_modified)
            if response.status_code >= 400:
                raise IngestError(url, f"HTTP {response.status_code} {response.reason_phrase}".strip())
            body = bytearray()
            for chunk in response.iter_bytes():
                body.extend(chunk)
                if len(body) > max_bytes:
                    raise IngestError(url, f"response larger than the {max_bytes:,}-byte limit")
            content_type = response.headers.get("content-type", "")
            return Fetched(
                url=str(response.url),
                status=response.status_code,
                content_type=content_type.split(";")[0].strip().lower(),
                body=bytes(body),
                charset=response.charset_encoding,
                etag=response.headers.get("etag"),
                last_modified=response.headers.get("last-modified"),
            )
    except httpx.TimeoutException as exc:
        raise IngestError(url, f"timed out after {_timeout_of(client):g}s") from exc
    except httpx.InvalidURL as exc:
        raise IngestError(url, f"not a valid URL ({exc})") from exc
    except httpx.HTTPError as exc:
        raise IngestError(url, f"unreachable ({_describe(exc)})") from exc
    except httpx.StreamClosed as exc:
        raise IngestError(url, "the fetch was stopped at its deadline") from exc


def _timeout_of(client: httpx.Client) -> float:
    return client.timeout.read or client.timeout.connect or 0.0


def _describe(exc: httpx.HTTPError) -> str:
    text = str(exc) or exc.__class__.__name__
    return text.splitlines()[0][:200]
