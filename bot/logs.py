"""Logging set-up shared by every command: stderr only, quiet libraries, and secrets redacted everywhere."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Iterable
from types import TracebackType

REDACTED = "<redacted>"


def _secrets_of(values: Iterable[str | None]) -> tuple[str, ...]:
    """Each secret, and for a bot token (``id:secret``) its secret half too, longest first."""
    found: set[str] = set()
    for value in values:
        value = (value or "").strip()
        if len(value) < 8:
            continue
        found.add(value)
        _id, sep, tail = value.partition(":")
        if sep and len(tail) >= 8:
            found.add(tail)
    return tuple(sorted(found, key=len, reverse=True))


class SecretFilter(logging.Filter):
    """Replaces secrets in a record's message, traceback and stack, whichever logger wrote it."""

    def __init__(self, secrets: Iterable[str | None]) -> None:
        super().__init__()
        self.secrets = _secrets_of(secrets)

    def redact(self, text: str) -> str:
        """The text with every secret replaced."""
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        cleaned = self.redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and record.exc_info[1] is not None:
            # Chained exceptions carry request URLs: format the whole traceback once, redacted.
            record.exc_text = self.redact(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def setup_logging(level: str, *, secrets: Iterable[str | None] = (), quiet: Iterable[str] = ()) -> None:
    """Log to stderr only (stdout stays parseable), redact ``secrets`` from every record and traceback."""
    logging.basicConfig(
        level=level,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        force=True,
    )
    for name in quiet:
        logging.getLogger(name).setLevel(logging.WARNING)
    protect(secrets)


def protect(secrets: Iterable[str | None]) -> None:
    """Add secrets to the redaction on every root handler and on uncaught exceptions."""
    wanted = _secrets_of(secrets)
    if not wanted:
        return
    for handler in logging.getLogger().handlers:
        existing = next((f for f in handler.filters if isinstance(f, SecretFilter)), None)
        if existing is None:
            handler.addFilter(SecretFilter(wanted))
        else:
            existing.secrets = _secrets_of([*existing.secrets, *wanted])
    redactor = SecretFilter(wanted)

    def excepthook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        text = "".join(traceback.format_exception(kind, value, tb))
        sys.stderr.write(redactor.redact(text))

    sys.excepthook = excepthook
