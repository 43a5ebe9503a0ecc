"""HTTP fetching for pages and feeds: timeouts, size limits, conditional GETs, one-line errors."""

from __future__ import annotations

import logging
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


def fetch(
    client: httpx.Client,
    url: str,
    *,
    max_bytes: int,
    etag: str | None = None,
    last_modified: str | None = None,
) -> Fetched:
    """GET ``url``, conditionally when etag/last_modified are given; IngestError says why it failed."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        with client.stream("GET", url, headers=headers) as response:
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


def _timeout_of(client: httpx.Client) -> float:
    return client.timeout.read or client.timeout.connect or 0.0


def _describe(exc: httpx.HTTPError) -> str:
    text = str(exc) or exc.__class__.__name__
    return text.splitlines()[0][:200]
